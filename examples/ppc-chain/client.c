/* Periodic client: each job is one call into the server, then yield; 8 jobs. */
#include <microkit.h>
#include <example.h>

#define JOBS 8

void init(void)
{
    for (seL4_Uint32 job = 1;; job++) {
        spin_us(20);
        microkit_ppcall(0, microkit_msginfo_new(0, 0));
        if (job == JOBS) {
            microkit_dbg_puts("client: 8 jobs done\n");
            microkit_dbg_halt();
        }
        microkit_yield();
    }
}

void notified(microkit_channel ch)
{
    (void)ch;
}
