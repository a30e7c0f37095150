/* Passive echo server: returns every MR it got, doubled. */
#include <microkit.h>
#include <example.h>

void init(void)
{
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    seL4_Word n = microkit_msginfo_get_count(msginfo);
    microkit_dbg_puts("echo: ");
    put_dec(n);
    microkit_dbg_puts(" MRs, last ");
    put_dec(microkit_mr_get(n - 1));
    microkit_dbg_puts("\n");
    for (seL4_Word i = 0; i < n; i++) microkit_mr_set(i, microkit_mr_get(i) * 2);
    return microkit_msginfo_new(0, n);
}
