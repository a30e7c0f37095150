/* Never returns from init: soaks up idle time at the lowest priority. */
#include <microkit.h>
#include <example.h>
void init(void) { microkit_dbg_puts("hog: spinning forever\n"); for (;;) spin_us(1000); }
void notified(microkit_channel ch) { (void)ch; }
