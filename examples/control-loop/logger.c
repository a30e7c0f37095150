/* Logger: 10 us per record; one console line per 1000 records (once a second). */
#include <microkit.h>
#include <example.h>

static seL4_Uint32 records;

void init(void)
{
}

void notified(microkit_channel ch)
{
    (void)ch;
    records++;
    spin_us(10);
    if (records % 1000 == 0) {
        microkit_dbg_puts("logger: ");
        microkit_dbg_put32(records);
        microkit_dbg_puts(" records\n");
    }
}
