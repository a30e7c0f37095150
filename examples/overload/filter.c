/*
 * The overloaded handler: released by the timer driver's notification once per millisecond, it
 * filters one sample (SAMPLE_US of work) — except every RECAL_EVERY-th job, which recalibrates
 * for RECAL_US, longer than a period. After JOBS jobs it stops the machine.
 */
#include <microkit.h>
#include <example.h>

#define TIMER 0 /* channel to the timer driver */

#define JOBS 14
#define SAMPLE_US 300
#define RECAL_EVERY 6
#define RECAL_US 1800

static seL4_Uint32 job;

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != TIMER) return;
    job++;
    if (job % RECAL_EVERY == 0) {
        microkit_dbg_puts("filter: recalibrating\n");
        spin_us(RECAL_US);
    } else {
        spin_us(SAMPLE_US);
    }
    microkit_dbg_puts("filter: job ");
    microkit_dbg_put32(job);
    microkit_dbg_putc('\n');
    if (job == JOBS) microkit_dbg_halt();
}
