/* Sends three lines through the server and reports how many bytes reached the UART. */
#include <microkit.h>
#include <example.h>
#include "protocol.h"

#define SERVER 0

static const char *const lines[] = {
    "hello from the client",
    "a second line",
    "and the last one",
};

void init(void)
{
    seL4_Word total = 0;
    for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        seL4_Word len = str_len(lines[i]);
        microkit_mr_set(0, len);
        pack_mrs(1, lines[i], len);
        microkit_msginfo reply = microkit_ppcall(SERVER, microkit_msginfo_new(WRITE_LINE, 1 + (len + 7) / 8));
        if (microkit_msginfo_get_label(reply) != 0) {
            microkit_dbg_puts("client: server refused a line\n");
            break;
        }
        total += microkit_mr_get(0);
    }
    microkit_dbg_puts("client: done, ");
    microkit_dbg_put32((seL4_Uint32)total);
    microkit_dbg_puts(" bytes written to the UART\n");
    microkit_dbg_halt();
}

void notified(microkit_channel ch)
{
    (void)ch;
}
