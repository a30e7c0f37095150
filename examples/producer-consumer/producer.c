/* Fills the ring with TOTAL_ITEMS items, notifying the consumer after each batch. */
#include <microkit.h>
#include <example.h>
#include "ring.h"

#define CONSUMER 0

uintptr_t ring_vaddr; /* setvar_vaddr */
static uint32_t next;

static void fill(void)
{
    struct ring *r = (struct ring *)ring_vaddr;
    uint32_t queued = 0;
    while (next < TOTAL_ITEMS && r->head - r->tail < RING_SLOTS) {
        r->slot[r->head % RING_SLOTS] = item_value(next);
        __sync_synchronize();
        r->head = r->head + 1;
        next++;
        queued++;
    }
    if (queued == 0) return;
    microkit_dbg_puts("producer: queued ");
    microkit_dbg_put32(queued);
    microkit_dbg_puts(" items\n");
    microkit_notify(CONSUMER);
}

void init(void)
{
    fill();
}

void notified(microkit_channel ch)
{
    if (ch == CONSUMER) fill();
}
