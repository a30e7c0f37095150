/*
 * Passive; on A's call it writes a value into the region it shares with C (mapped read-write
 * here, read-only in C) and into its 2 MiB large-page scratch region, then calls C.
 */
#include <microkit.h>
#include <example.h>

uintptr_t shared;  /* setvar_vaddr of the shared region */
uintptr_t scratch; /* setvar_vaddr of the 2 MiB region */

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
    *(volatile seL4_Word *)shared = 0x5eed + microkit_mr_get(0);
    *(volatile seL4_Word *)(scratch + 0x1ff000) = 42; /* the last 4 KiB of the large page */
    microkit_dbg_puts("B: wrote the shared word, calling C\n");
    microkit_msginfo r = microkit_ppcall(1, microkit_msginfo_new(6, 0));
    microkit_dbg_puts("B: not reached\n");
    return r;
}
