/* Executes an illegal instruction in init(): a UserException fault, reported by the monitor. */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("crasher: about to execute an illegal instruction\n");
    __asm__ volatile(".word 0");
    microkit_dbg_puts("crasher: not reached\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}
