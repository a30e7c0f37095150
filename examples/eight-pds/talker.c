/*
 * Long debug output (one kernel entry per character), then two notifications to ender on the
 * same channel: ender has not run yet, so the second merges into the first (a lost release).
 */
#include <microkit.h>
#include <example.h>

#define ENDER 0

void init(void)
{
    for (int i = 0; i < 24; i++) {
        microkit_dbg_puts("talker: line ");
        put_dec(i);
        microkit_dbg_puts(" the quick brown fox jumps over the lazy dog\n");
    }
    microkit_notify(ENDER);
    microkit_notify(ENDER);
}

void notified(microkit_channel ch)
{
    (void)ch;
}
