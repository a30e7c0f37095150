/* Passive; reads the shared word (read-only mapping), then writes it: a VM fault. */
#include <microkit.h>
#include <example.h>

uintptr_t shared;

void init(void)
{
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    (void)msginfo;
    seL4_Word v = *(volatile seL4_Word *)shared;
    microkit_dbg_puts("C: read ");
    put_hex32((seL4_Uint32)v);
    microkit_dbg_puts(", writing to the read-only mapping\n");
    *(volatile seL4_Word *)shared = v + 1;
    microkit_dbg_puts("C: not reached\n");
    return microkit_msginfo_new(0, 0);
}
