#include <microkit.h>
#include <example.h>
/* Nothing is mapped at 0x10 (a volatile pointer: gcc would warn about a constant one). */
static volatile seL4_Word *volatile unmapped = (volatile seL4_Word *)0x10;

void init(void) { microkit_dbg_puts("server: up\n"); }
void notified(microkit_channel ch) { (void)ch; }
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch; (void)msginfo;
    seL4_Word v = microkit_mr_get(0);
    spin_us(20);
    if (v == 3) *unmapped = 1; /* faults on the third request */
    microkit_mr_set(0, v * 10);
    return microkit_msginfo_new(0, 1);
}
