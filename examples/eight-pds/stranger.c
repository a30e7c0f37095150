/*
 * Uses channels it does not have: microkit_notify(5) is refused by the library (one line), and a
 * raw seL4_Signal on an empty CSpace slot is a Send on a null cap: seL4 answers InvalidCapability
 * and, as Send expects no reply, the PD simply continues (no fault).
 */
#include <microkit.h>

void init(void)
{
    microkit_notify(5);
    seL4_Signal(300);
    microkit_dbg_puts("stranger: still running\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}
