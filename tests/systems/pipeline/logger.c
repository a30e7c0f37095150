/* Low-priority logger: every job asks calib for 300 us of work on a 100 us budget: it runs out inside the server. */
#include <microkit.h>
#include <example.h>
#define CALIB 0
void init(void)
{
    for (;;) {
        microkit_mr_set(0, 300);
        microkit_ppcall(CALIB, microkit_msginfo_new(9, 1));
        microkit_yield();
    }
}
void notified(microkit_channel ch) { (void)ch; }
