/*
 * The periodic task: released by the timer driver's notification once per RTC period, it does a
 * short job (WORK_US of computation and a report line) and waits for the next release. After JOBS
 * jobs it stops the machine.
 */
#include <microkit.h>
#include <example.h>

#define TIMER 0 /* channel to the timer driver */

#define JOBS 10
#define WORK_US 100

static seL4_Uint32 job;

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != TIMER) return;
    job++;
    spin_us(WORK_US);
    microkit_dbg_puts("periodic: job ");
    microkit_dbg_put32(job);
    microkit_dbg_putc('\n');
    if (job == JOBS) {
        microkit_dbg_puts("periodic: all jobs done\n");
        microkit_dbg_halt();
    }
}
