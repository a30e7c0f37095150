/* Actuator: applies the filtered value; every 4th job does a long recalibration (150 us on a 100 us budget). */
#include <microkit.h>
#include <example.h>
#define FILTER 0
uintptr_t out;
static unsigned jobs;
void init(void) { microkit_dbg_puts("actuator: up\n"); }
void notified(microkit_channel ch)
{
    if (ch != FILTER) return;
    volatile seL4_Word *o = (volatile seL4_Word *)out;
    jobs++;
    spin_us(jobs % 4 == 0 ? 150 : 30);
    microkit_dbg_puts("act ");
    put_dec(o[0]);
    microkit_dbg_puts(" seq ");
    put_dec(o[1]);
    microkit_dbg_puts("\n");
}
