/*
 * Never returns from init(): it spins, throttled by its scheduling context to 200 us per 1000 us,
 * so ender (lower priority) runs in the rest.
 */
#include <microkit.h>

volatile seL4_Word spins;

void init(void)
{
    microkit_dbg_puts("spinner: spinning forever\n");
    for (;;) spins++;
}

void notified(microkit_channel ch)
{
    (void)ch;
}
