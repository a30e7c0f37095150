/* The driver: owns the controller's registers and serves SPI_CONFIGURE / SPI_TRANSFER. */
#include <microkit.h>
#include <example.h>
#include "spi.h"

#define CLIENT 5

/* NS16550A registers (byte offsets) and bits. */
#define RBR 0 /* read */
#define THR 0 /* write */
#define DLL 0 /* with LCR.DLAB */
#define IER 1
#define DLM 1 /* with LCR.DLAB */
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_RESET 0x07
#define MCR_LOOP 0x10
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define POLL_LIMIT 1000

uintptr_t regs; /* setvar_vaddr */

static inline uint8_t rd(unsigned off)
{
    return *(volatile uint8_t *)(regs + off);
}
static inline void wr(unsigned off, uint8_t v)
{
    *(volatile uint8_t *)(regs + off) = v;
}

static seL4_Bool loopback;

static microkit_msginfo configure(seL4_Word divisor, seL4_Word flags)
{
    if (divisor == 0 || divisor > 0xffff) return microkit_msginfo_new(SPI_EINVAL, 0);
    wr(LCR, LCR_DLAB);
    wr(DLL, (uint8_t)divisor);
    wr(DLM, (uint8_t)(divisor >> 8));
    wr(LCR, LCR_8N1);
    wr(FCR, FCR_ENABLE_RESET);
    wr(IER, 0); /* polled */
    wr(MCR, 0);
    loopback = (flags & SPI_LOOPBACK) != 0;
    microkit_mr_set(0, rd(LCR));
    microkit_mr_set(1, rd(LSR));
    microkit_mr_set(2, loopback);
    return microkit_msginfo_new(0, 3);
}

/*
 * Full duplex: shift each byte out, then take whatever came back in. Loopback is switched on only
 * for the transfer itself: the kernel's debug console shares this UART, and its output must not
 * be looped back into the receiver (or vanish from the console) between requests.
 */
static microkit_msginfo transfer(seL4_Word len)
{
    if (len > SPI_MAX) return microkit_msginfo_new(SPI_EINVAL, 0);
    char out[SPI_MAX], in[SPI_MAX];
    seL4_Word got = 0;
    unpack_mrs(1, out, len);
    if (loopback) {
        wr(MCR, MCR_LOOP);
        while (rd(LSR) & LSR_DR) (void)rd(RBR); /* stale bytes */
    }
    for (seL4_Word i = 0; i < len; i++) {
        for (int n = 0; n < POLL_LIMIT && (rd(LSR) & LSR_THRE) == 0; n++) {
        }
        wr(THR, (uint8_t)out[i]);
        for (int n = 0; n < (loopback ? POLL_LIMIT : 1); n++) {
            if (rd(LSR) & LSR_DR) {
                in[got++] = (char)rd(RBR);
                break;
            }
        }
    }
    wr(MCR, 0);
    microkit_mr_set(0, got);
    for (int i = 1; i <= 5; i++) microkit_mr_set(i, 0);
    pack_mrs(1, in, got);
    microkit_mr_set(6, rd(LSR));
    return microkit_msginfo_new(0, 7);
}

void init(void)
{
    microkit_dbg_puts("spi: driver ready\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    if (ch != CLIENT) return microkit_msginfo_new(SPI_EINVAL, 0);
    switch (microkit_msginfo_get_label(msginfo)) {
    case SPI_CONFIGURE:
        if (microkit_msginfo_get_count(msginfo) < 2) break;
        return configure(microkit_mr_get(0), microkit_mr_get(1));
    case SPI_TRANSFER:
        if (microkit_msginfo_get_count(msginfo) < 1) break;
        return transfer(microkit_mr_get(0));
    default:
        break;
    }
    return microkit_msginfo_new(SPI_EINVAL, 0);
}
