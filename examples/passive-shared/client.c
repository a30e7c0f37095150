/*
 * A periodic client (one source, three PDs: WORK and ROUNDS set by build.sh). Each job asks the
 * passive server for WORK us of work by PPC, prints the reply, then microkit_yield() gives back
 * the rest of its budget until the next period. "lo" halts the system after its last job.
 */
#include <microkit.h>
#include <example.h>

void init(void)
{
    for (int i = 0; i < ROUNDS; i++) {
        microkit_mr_set(0, WORK);
        microkit_msginfo r = microkit_ppcall(0, microkit_msginfo_new(1, 1));
        microkit_dbg_puts(microkit_name);
        microkit_dbg_puts(": reply ");
        put_dec(microkit_mr_get(0));
        microkit_dbg_puts(" len ");
        put_dec(microkit_msginfo_get_count(r));
        microkit_dbg_puts("\n");
        microkit_yield();
    }
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts(": done\n");
    if (microkit_name[0] == 'l') microkit_dbg_halt();
}

void notified(microkit_channel ch)
{
    (void)ch;
}
