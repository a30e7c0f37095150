/* The client: one PPC into B. It never gets the reply: C faults inside the nested call. */
#include <microkit.h>
#include <example.h>

void init(void)
{
    microkit_dbg_puts("A: calling B\n");
    microkit_mr_set(0, 7);
    microkit_msginfo r = microkit_ppcall(0, microkit_msginfo_new(5, 1));
    microkit_dbg_puts("A: not reached, label ");
    put_dec(microkit_msginfo_get_label(r));
    microkit_dbg_puts("\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}
