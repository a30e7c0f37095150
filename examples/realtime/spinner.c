/*
 * A CPU-bound PD that never blocks: it works in 100 us chunks and reports every REPORT_CHUNKS
 * chunks. Built twice, as "normal" and as "background" (NAME and REPORT_CHUNKS differ).
 */
#include <microkit.h>
#include <example.h>

void init(void)
{
    for (seL4_Uint32 chunk = 1;; chunk++) {
        spin_us(100);
        if (chunk % REPORT_CHUNKS == 0) {
            microkit_dbg_puts(NAME ": progress ");
            microkit_dbg_put32(chunk / REPORT_CHUNKS);
            microkit_dbg_putc('\n');
        }
    }
}

void notified(microkit_channel ch)
{
    (void)ch;
}
