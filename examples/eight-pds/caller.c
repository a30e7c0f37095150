/*
 * Protected procedure calls at the message-length limit, then a deferred notification.
 * 120 MRs (seL4_MsgMaxLength: MRs 4 and up travel in the IPC buffer) go to the passive echo
 * server and come back doubled; a message info asking for 127 is cut to 120 by the kernel. Then
 * microkit_deferred_notify(PINGER): the signal leaves with the event loop's NBSendRecv, and the
 * pinger's answer runs notified(PINGER), which notifies ender.
 */
#include <microkit.h>
#include <example.h>

#define ECHO 0
#define PINGER 1
#define ENDER 2

void init(void)
{
    for (int i = 0; i < 120; i++) microkit_mr_set(i, 1000 + i);
    microkit_msginfo r = microkit_ppcall(ECHO, microkit_msginfo_new(9, 120));
    seL4_Word sum = 0;
    for (seL4_Word i = 0; i < microkit_msginfo_get_count(r); i++) sum += microkit_mr_get(i);
    microkit_dbg_puts("caller: 120 MRs back, sum ");
    put_dec(sum);
    microkit_dbg_puts("\n");
    r = microkit_ppcall(ECHO, microkit_msginfo_new(9, 127));
    microkit_dbg_puts("caller: asked for 127 MRs, got ");
    put_dec(microkit_msginfo_get_count(r));
    microkit_dbg_puts("\n");
    microkit_deferred_notify(PINGER);
}

void notified(microkit_channel ch)
{
    microkit_dbg_puts("caller: notified on ");
    put_dec(ch);
    microkit_dbg_puts("\n");
    if (ch == PINGER) microkit_notify(ENDER);
}
