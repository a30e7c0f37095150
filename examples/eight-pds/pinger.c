/* Answers every notification with one back on the same channel. */
#include <microkit.h>
#include <example.h>

void init(void)
{
}

void notified(microkit_channel ch)
{
    microkit_dbg_puts("pinger: notified on ");
    put_dec(ch);
    microkit_dbg_puts(", answering\n");
    microkit_notify(ch);
}
