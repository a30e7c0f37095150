/* Calls the passive server once, then reports and halts. */
#include <microkit.h>

void init(void)
{
    microkit_ppcall(0, microkit_msginfo_new(0, 0));
    microkit_dbg_puts("client: call returned\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}
