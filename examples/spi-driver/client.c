/*
 * Drives the SPI driver: a loopback transfer that must come back byte for byte, a request the
 * driver must refuse, then a transfer with loopback off whose bytes appear on the console.
 */
#include <microkit.h>
#include <example.h>
#include "spi.h"

#define SPI 3

static microkit_msginfo spi_configure(seL4_Word divisor, seL4_Word flags)
{
    microkit_mr_set(0, divisor);
    microkit_mr_set(1, flags);
    return microkit_ppcall(SPI, microkit_msginfo_new(SPI_CONFIGURE, 2));
}

static microkit_msginfo spi_transfer(const char *data, seL4_Word len)
{
    microkit_mr_set(0, len);
    pack_mrs(1, data, len);
    return microkit_ppcall(SPI, microkit_msginfo_new(SPI_TRANSFER, 1 + (len + 7) / 8));
}

static void report(const char *what, seL4_Word value)
{
    microkit_dbg_puts("client: ");
    microkit_dbg_puts(what);
    put_hex32((seL4_Uint32)value);
    microkit_dbg_putc('\n');
}

void init(void)
{
    microkit_msginfo r = spi_configure(12, SPI_LOOPBACK);
    report("configured loopback, LCR=", microkit_mr_get(0));
    report("LSR=", microkit_mr_get(1));
    report("loopback=", microkit_mr_get(2));

    static const char msg[] = "full duplex: every byte out comes back";
    seL4_Word len = sizeof msg - 1;
    r = spi_transfer(msg, len);
    char in[SPI_MAX];
    seL4_Word got = microkit_mr_get(0);
    unpack_mrs(1, in, got);
    seL4_Bool same = microkit_msginfo_get_label(r) == 0 && got == len;
    for (seL4_Word i = 0; same && i < len; i++) same = in[i] == msg[i];
    microkit_dbg_puts(same ? "client: loopback transfer ok, " : "client: loopback transfer FAILED, ");
    microkit_dbg_put32((seL4_Uint32)got);
    microkit_dbg_puts(" bytes back\n");
    report("LSR after transfer=", microkit_mr_get(6));

    microkit_mr_set(0, SPI_MAX + 1);
    r = microkit_ppcall(SPI, microkit_msginfo_new(SPI_TRANSFER, 1));
    report("oversized transfer refused with label ", microkit_msginfo_get_label(r));

    spi_configure(12, 0);
    static const char wire[] = "spi: these bytes left on the wire\n";
    r = spi_transfer(wire, sizeof wire - 1);
    report("wire transfer, bytes back=", microkit_mr_get(0));

    microkit_dbg_puts("client: done\n");
    microkit_dbg_halt();
}

void notified(microkit_channel ch)
{
    (void)ch;
}
