/* Sensor: on each tick, produce a sample into the shared ring and notify the filter. */
#include <microkit.h>
#include <example.h>
#define TICK 0
#define FILTER 1
uintptr_t samples; /* setvar_vaddr: shared with filter (rw here) */
static unsigned n;
void init(void) { microkit_dbg_puts("sensor: up\n"); }
void notified(microkit_channel ch)
{
    if (ch != TICK) return;
    volatile seL4_Word *ring = (volatile seL4_Word *)samples;
    spin_us(50);
    ring[n % 16] = 1000 + (n * 37) % 200;
    ring[16] = n + 1; /* count written */
    n++;
    microkit_notify(FILTER);
    if (n == 12) { microkit_dbg_puts("sensor: done\n"); microkit_dbg_halt(); }
}
