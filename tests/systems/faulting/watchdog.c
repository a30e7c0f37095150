#include <microkit.h>
#include <example.h>
static int ticks;
void init(void) { }
void notified(microkit_channel ch) { (void)ch; if (++ticks == 8) { microkit_dbg_puts("watchdog: stop\n"); microkit_dbg_halt(); } }
