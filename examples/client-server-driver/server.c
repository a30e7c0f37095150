/* Numbers each line it is given ("[n] text\n") and hands the result to the UART driver. */
#include <microkit.h>
#include <example.h>
#include "protocol.h"

#define DRIVER 0
#define CLIENT 1

static unsigned line_no;

void init(void)
{
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    seL4_Word len = microkit_mr_get(0);
    if (ch != CLIENT || microkit_msginfo_get_label(msginfo) != WRITE_LINE || len > MAX_LINE) {
        return microkit_msginfo_new(1, 0);
    }
    char buf[MAX_UART_WRITE];
    seL4_Word n = 0;
    line_no++;
    buf[n++] = '[';
    buf[n++] = (char)('0' + line_no % 10);
    buf[n++] = ']';
    buf[n++] = ' ';
    unpack_mrs(1, buf + n, len);
    n += len;
    buf[n++] = '\n';

    microkit_mr_set(0, n);
    pack_mrs(1, buf, n);
    microkit_msginfo reply = microkit_ppcall(DRIVER, microkit_msginfo_new(UART_WRITE, 1 + (n + 7) / 8));
    seL4_Word written = microkit_msginfo_get_label(reply) == 0 ? microkit_mr_get(0) : 0;
    microkit_mr_set(0, written);
    return microkit_msginfo_new(0, 1);
}
