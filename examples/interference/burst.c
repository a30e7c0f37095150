/* High-priority periodic task: 50 us per job, but job 2 takes 800 us. */
#include <microkit.h>
#include <example.h>

static seL4_Uint32 job;

void init(void)
{
    for (;;) {
        job++;
        spin_us(job == 2 ? 800 : 50);
        microkit_yield();
    }
}

void notified(microkit_channel ch)
{
    (void)ch;
}
