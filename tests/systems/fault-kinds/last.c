/* Lowest priority: runs after every faulter has faulted, and ends the run. */
#include <microkit.h>
void init(void) { microkit_dbg_puts("last: halting\n"); microkit_dbg_halt(); }
void notified(microkit_channel ch) { (void)ch; }
