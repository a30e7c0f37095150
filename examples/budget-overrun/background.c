/* Lowest priority: spins in whatever CPU time is left. */
#include <microkit.h>
#include <example.h>

void init(void)
{
    for (;;) spin_us(100);
}

void notified(microkit_channel ch)
{
    (void)ch;
}
