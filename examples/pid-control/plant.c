/*
 * The plant: a 50 g mass on a spring (k = 10 N/m) with quadratic air drag, integrated in double
 * precision. Each notification from the controller advances it by one control period (1 ms) in
 * ten semi-implicit Euler substeps, using the force the controller published.
 */
#include <microkit.h>
#include "loop.h"

#define CONTROLLER 0
#define SUBSTEPS 10

#define MASS 0.05
#define SPRING 10.0
#define DRAG 0.05

uintptr_t loop_vaddr;

void init(void)
{
    volatile struct loop *l = (volatile struct loop *)loop_vaddr;
    l->position = 0.0;
    l->velocity = 0.0;
    l->force = 0.0f;
}

void notified(microkit_channel ch)
{
    if (ch != CONTROLLER) return;
    volatile struct loop *l = (volatile struct loop *)loop_vaddr;
    double x = l->position, v = l->velocity;
    const double f = l->force, h = (double)DT / SUBSTEPS;
    for (int i = 0; i < SUBSTEPS; i++) {
        /* drag ~ v|v|, written with a square root to exercise fsqrt.d */
        double drag = DRAG * v * __builtin_sqrt(v * v);
        v += h * (f - SPRING * x - drag) / MASS;
        x += h * v;
    }
    l->position = x;
    l->velocity = v;
    l->steps += SUBSTEPS;
}
