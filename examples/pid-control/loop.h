/* The shared "loop" region: the plant's outputs and the controller's actuator command. */
#ifndef LOOP_H
#define LOOP_H

#include <microkit.h>

struct loop {
    double position;   /* m, written by the plant */
    double velocity;   /* m/s, written by the plant */
    float force;       /* N, written by the controller */
    seL4_Uint32 steps; /* plant integration steps done */
};

#define DT 0.001f /* control period, s (the timer's 1 ms) */

#endif
