/*
 * The shared ring: head is written only by the producer, tail only by the consumer. Slots is a
 * power of two; the ring is full when head - tail == RING_SLOTS. A fence orders the slot write
 * before the index update (one hart here, but the code stays correct on several).
 */
#ifndef RING_H
#define RING_H

#include <stdint.h>

#define RING_SLOTS 8
#define TOTAL_ITEMS 20

struct ring {
    volatile uint32_t head;
    volatile uint32_t tail;
    volatile uint32_t slot[RING_SLOTS];
};

/* Item i of the stream: any fixed formula the test can recompute. */
static inline uint32_t item_value(uint32_t i)
{
    return i * i * 7 + 3 * i + 1;
}

#endif
