/*
 * The lowest-but-one priority: it first runs when talker and the others are done. Its first
 * receive returns the notification word with both channels' bits: notified(CALLER) and
 * notified(TALKER), lowest first; the second then halts the system.
 */
#include <microkit.h>
#include <example.h>

#define CALLER 0
#define TALKER 1

void init(void)
{
    microkit_dbg_puts("ender: init\n");
}

void notified(microkit_channel ch)
{
    microkit_dbg_puts("ender: notified on ");
    put_dec(ch);
    microkit_dbg_puts("\n");
    if (ch == TALKER) microkit_dbg_halt();
}
