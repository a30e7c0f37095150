/* Periodic worker: 300 us per job; halts the system after 12 jobs. */
#include <microkit.h>
#include <example.h>

#define JOBS 12

static seL4_Uint32 job;

void init(void)
{
    for (;;) {
        job++;
        spin_us(300);
        if (job == JOBS) {
            microkit_dbg_puts("worker: 12 jobs done\n");
            microkit_dbg_halt();
        }
        microkit_yield();
    }
}

void notified(microkit_channel ch)
{
    (void)ch;
}
