/* Passive driver: 30 us per request, but the 4th one takes 1200 us (a slow device operation). */
#include <microkit.h>
#include <example.h>

static seL4_Uint32 requests;

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    (void)msginfo;
    requests++;
    spin_us(requests == 4 ? 1200 : 30);
    return microkit_msginfo_new(0, 0);
}

void init(void)
{
}

void notified(microkit_channel ch)
{
    (void)ch;
}
