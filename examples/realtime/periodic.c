/*
 * One job per period: 100 us of work, a report line, then microkit_yield() (MCS seL4_Yield), which
 * charges the rest of the budget so the PD sleeps until its next replenishment one period later.
 * The whole task lives in init(): the PD has no channels, nothing ever notifies it.
 */
#include <microkit.h>
#include <example.h>

#define JOBS 10
#define WORK_US 100

void init(void)
{
    for (seL4_Uint32 job = 1; job <= JOBS; job++) {
        spin_us(WORK_US);
        microkit_dbg_puts("periodic: job ");
        microkit_dbg_put32(job);
        microkit_dbg_putc('\n');
        microkit_yield();
    }
    microkit_dbg_puts("periodic: all jobs done\n");
    microkit_dbg_halt();
}

void notified(microkit_channel ch)
{
    (void)ch;
}
