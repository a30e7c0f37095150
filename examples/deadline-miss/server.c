/* Computes control's per-period result: 150 us of work per request, then notifies control. */
#include <microkit.h>
#include <example.h>

#define CONTROL 0

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != CONTROL) return;
    spin_us(150);
    microkit_notify(CONTROL);
}
