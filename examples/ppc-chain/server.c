/* Passive server: 20 us of its own work, then a call into the driver. */
#include <microkit.h>
#include <example.h>

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    (void)msginfo;
    spin_us(20);
    microkit_ppcall(1, microkit_msginfo_new(0, 0));
    return microkit_msginfo_new(0, 0);
}

void init(void)
{
}

void notified(microkit_channel ch)
{
    (void)ch;
}
