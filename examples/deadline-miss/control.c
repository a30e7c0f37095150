/*
 * The periodic task. A job: ask the server for this period's result (notify), hand the logger a
 * telemetry record (notify), and wait for the server's answer. On the answer: 20 us of work, one
 * line "control: period N done", then microkit_yield() gives back the rest of the budget, so the
 * next job starts at the next replenishment of control's scheduling context (one period later).
 * Debug output is slow (a kernel entry per character), hence one short line per period.
 */
#include <microkit.h>
#include <example.h>

#define SERVER 0
#define LOGGER 1
#define PERIODS 8

static seL4_Uint32 period;

static void release(void)
{
    period++;
    microkit_notify(SERVER);
    microkit_notify(LOGGER);
}

void init(void)
{
    release();
}

void notified(microkit_channel ch)
{
    if (ch != SERVER) return;
    spin_us(20); /* use the result */
    microkit_dbg_puts("control: period ");
    microkit_dbg_put32(period);
    microkit_dbg_puts(" done\n");
    if (period == PERIODS) {
        microkit_dbg_puts("control: finished\n");
        microkit_dbg_halt();
        return;
    }
    microkit_yield(); /* job complete: sleep until the next period */
    release();
}
