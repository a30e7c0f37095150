#include <microkit.h>
#include <example.h>
void init(void) { microkit_dbg_puts("client: up\n"); }
void notified(microkit_channel ch)
{
    (void)ch;
    static int n;
    microkit_mr_set(0, ++n);
    microkit_msginfo r = microkit_ppcall(1, microkit_msginfo_new(1, 1));
    microkit_dbg_puts("client: got ");
    put_dec(microkit_mr_get(0));
    microkit_dbg_puts(" label ");
    put_dec(microkit_msginfo_get_label(r));
    microkit_dbg_puts("\n");
}
