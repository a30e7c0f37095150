/*
 * Telemetry sink. Each record costs 20 us, except that the 4th one triggers a flush of 2500 us:
 * the planted bug. The logger's priority (100) is above the server's (50), so while it flushes the
 * server cannot run and control (200), which waits for the server, misses its deadline.
 */
#include <microkit.h>
#include <example.h>

#define CONTROL 0
#define FLUSH_AT 4

static seL4_Uint32 records;

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != CONTROL) return;
    records++;
    if (records == FLUSH_AT) {
        microkit_dbg_puts("logger: flushing\n");
        spin_us(2500);
    } else {
        spin_us(20);
    }
}
