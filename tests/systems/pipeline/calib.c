/* Passive calibration server: label 7 = scale request (MR0 value, MR1 seq, MR2 magic); replies 2 MRs. Label 9 = slow log request. */
#include <microkit.h>
#include <example.h>
void init(void) { microkit_dbg_puts("calib: up\n"); }
void notified(microkit_channel ch) { (void)ch; }
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    seL4_Word label = microkit_msginfo_get_label(msginfo);
    if (label == 9) { spin_us(microkit_mr_get(0)); return microkit_msginfo_new(0, 0); }
    if (label != 7 || microkit_msginfo_get_count(msginfo) != 3 || microkit_mr_get(2) != 0xabcdef) {
        microkit_dbg_puts("calib: bad request\n");
        return microkit_msginfo_new(1, 0);
    }
    seL4_Word v = microkit_mr_get(0), seq = microkit_mr_get(1);
    spin_us(40);
    microkit_mr_set(0, v * 3 / 2);
    microkit_mr_set(1, seq + ch * 1000);
    return microkit_msginfo_new(0, 2);
}
