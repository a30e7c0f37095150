/* Periodic task: 150 us of work per job, except job 3 (450 us, more than its 300 us budget). */
#include <microkit.h>
#include <example.h>

#define JOBS 8

static seL4_Uint32 job;

static void run_jobs(void)
{
    for (;;) {
        job++;
        spin_us(job == 3 ? 450 : 150);
        if (job == JOBS) {
            microkit_dbg_puts("control: 8 jobs done\n");
            microkit_dbg_halt();
        }
        microkit_yield(); /* job complete: sleep until the next period */
    }
}

void init(void)
{
    run_jobs();
}

void notified(microkit_channel ch)
{
    (void)ch;
}
