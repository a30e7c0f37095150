/*
 * Filter: on each notification, consume the new samples from the ring into a moving average
 * (30 us), publish the estimate and notify the controller. Every 97th sample is treated as an
 * outlier: after publishing, the filter refits its model (600 us), at a higher priority than the
 * controller.
 */
#include <microkit.h>
#include <example.h>
#include "ring.h"

#define SENSOR 0
#define CONTROLLER 1
#define OUTLIER_EVERY 97

uintptr_t ring_base;
uintptr_t estimate_base;

static seL4_Uint32 tail;
static int32_t avg;

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != SENSOR) return;
    struct ring *r = (struct ring *)ring_base;
    struct estimate *e = (struct estimate *)estimate_base;
    int outlier = 0;
    while (tail != r->head) {
        int32_t s = (int32_t)r->sample[tail % RING_SLOTS];
        avg += (s - avg) / 8;
        tail++;
        if (tail % OUTLIER_EVERY == 0) outlier = 1;
    }
    spin_us(30);
    e->value = avg;
    e->seq = tail;
    microkit_notify(CONTROLLER);
    if (outlier) spin_us(600); /* refit after an outlier */
}
