/* Drains the ring on every notification, prints each item, and a checksum at the end. */
#include <microkit.h>
#include <example.h>
#include "ring.h"

#define PRODUCER 0

uintptr_t ring_vaddr; /* setvar_vaddr */
static uint32_t consumed;
static uint32_t checksum;

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != PRODUCER) return;
    struct ring *r = (struct ring *)ring_vaddr;
    while (r->tail != r->head) {
        __sync_synchronize();
        uint32_t v = r->slot[r->tail % RING_SLOTS];
        r->tail = r->tail + 1;
        checksum = checksum * 31 + v;
        microkit_dbg_puts("consumer: item ");
        microkit_dbg_put32(consumed);
        microkit_dbg_puts(" = ");
        microkit_dbg_put32(v);
        microkit_dbg_putc('\n');
        consumed++;
    }
    if (consumed == TOTAL_ITEMS) {
        microkit_dbg_puts("consumer: consumed ");
        microkit_dbg_put32(consumed);
        microkit_dbg_puts(" items, checksum ");
        put_hex32(checksum);
        microkit_dbg_putc('\n');
        microkit_dbg_halt();
        return;
    }
    microkit_notify(PRODUCER); /* space is free again */
}
