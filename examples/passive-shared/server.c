/*
 * Passive server shared by three clients: it has no scheduling context of its own after init and
 * runs each request on the caller's donated SC. A request asks for MR0 microseconds of work; the
 * reply carries the number of requests served so far * 100 + the caller's channel.
 */
#include <microkit.h>
#include <example.h>

static seL4_Word served;

void init(void)
{
    microkit_dbg_puts("server: ready\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)msginfo;
    spin_us(microkit_mr_get(0));
    served++;
    microkit_mr_set(0, served * 100 + ch);
    return microkit_msginfo_new(0, 1);
}
