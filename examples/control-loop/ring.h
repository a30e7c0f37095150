/* The sensor -> filter sample ring in shared memory (single producer, single consumer). */
#ifndef RING_H
#define RING_H
#include <microkit.h>

#define RING_SLOTS 64

struct ring {
    volatile seL4_Uint32 head; /* written by the sensor only */
    volatile seL4_Uint32 pad;
    volatile seL4_Uint32 sample[RING_SLOTS];
};

/* The filter's latest estimate, read by the controller. */
struct estimate {
    volatile seL4_Uint32 seq;
    volatile int32_t value;
};
#endif
