/*
 * Lowest priority: runs only once A, B and C are all stopped — A and B wait for replies that
 * will never come (C faulted while running on A's donated scheduling context, and the monitor
 * does not reply to faults). It reports and halts the system.
 */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("watchdog: A, B and C are stopped; halting\n");
    microkit_dbg_halt();
}

void notified(microkit_channel ch)
{
    (void)ch;
}
