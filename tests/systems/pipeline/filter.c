/* Filter: averages the last samples, asks the passive calib server to scale it (PPC, 3 MRs in, 2 out), publishes to actuator. */
#include <microkit.h>
#include <example.h>
#define SENSOR 0
#define CALIB 1
#define ACT 2
uintptr_t samples; /* read-only here */
uintptr_t out;     /* shared with actuator */
void init(void) { microkit_dbg_puts("filter: up\n"); }
void notified(microkit_channel ch)
{
    if (ch != SENSOR) return;
    volatile seL4_Word *ring = (volatile seL4_Word *)samples;
    seL4_Word cnt = ring[16], sum = 0, k = cnt < 4 ? cnt : 4;
    for (seL4_Word i = 0; i < k; i++) sum += ring[(cnt - 1 - i) % 16];
    spin_us(60);
    microkit_mr_set(0, sum / k);
    microkit_mr_set(1, cnt);
    microkit_mr_set(2, 0xabcdef);
    microkit_msginfo r = microkit_ppcall(CALIB, microkit_msginfo_new(7, 3));
    volatile seL4_Word *o = (volatile seL4_Word *)out;
    o[0] = microkit_mr_get(0);
    o[1] = microkit_mr_get(1);
    o[2] = microkit_msginfo_get_label(r);
    microkit_notify(ACT);
}
