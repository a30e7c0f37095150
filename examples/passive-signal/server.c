/* Passive server: while serving the call it notifies pinger, which notifies it straight back. */
#include <microkit.h>
#include <example.h>

#define CLIENT 0
#define PINGER 1

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    (void)msginfo;
    microkit_notify(PINGER);
    spin_us(10);
    return microkit_msginfo_new(0, 0);
}

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != PINGER) return;
    microkit_dbg_puts("server: notified on its own SC\n");
    microkit_dbg_halt();
}
