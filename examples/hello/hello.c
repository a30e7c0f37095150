/* The smallest system: one PD prints a line on the debug console and stops the machine. */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("hello, world\n");
    microkit_dbg_halt();
}

void notified(microkit_channel ch)
{
    (void)ch;
}
