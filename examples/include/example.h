/* Small helpers shared by the example PDs (not part of the SDK API). */
#ifndef EXAMPLE_H
#define EXAMPLE_H

#include <microkit.h>

/*
 * Busy-wait: two instructions per iteration. seltrace's machine retires one instruction per
 * cycle at 100 cycles per microsecond (10 MHz timebase, 10 cycles per tick), so 50 iterations
 * take one microsecond of CPU time.
 */
static inline void spin(seL4_Word iterations)
{
    if (iterations == 0) return;
    __asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(iterations));
}

static inline void spin_us(seL4_Word us)
{
    spin(us * 50);
}

/* "0x" and 8 hex digits. */
static inline void put_hex32(seL4_Uint32 x)
{
    microkit_dbg_puts("0x");
    for (int shift = 28; shift >= 0; shift -= 4) microkit_dbg_putc("0123456789abcdef"[(x >> shift) & 0xf]);
}

/* Pack up to 8 * count bytes of s (little-endian, zero padded) into MRs first..first+count-1. */
static inline void pack_mrs(seL4_Uint8 first, const char *s, seL4_Word len)
{
    for (seL4_Word i = 0; i < (len + 7) / 8; i++) {
        seL4_Word w = 0;
        for (seL4_Word b = 0; b < 8 && i * 8 + b < len; b++) w |= (seL4_Word)(seL4_Uint8)s[i * 8 + b] << (8 * b);
        microkit_mr_set(first + i, w);
    }
}

/* Inverse of pack_mrs; out must hold len bytes. */
static inline void unpack_mrs(seL4_Uint8 first, char *out, seL4_Word len)
{
    for (seL4_Word i = 0; i < len; i++) out[i] = (char)(microkit_mr_get(first + i / 8) >> (8 * (i % 8)));
}

static inline seL4_Word str_len(const char *s)
{
    seL4_Word n = 0;
    while (s[n]) n++;
    return n;
}

/* Decimal, no padding. */
static inline void put_dec(seL4_Word x)
{
    char b[20];
    int n = 0;
    do { b[n++] = (char)('0' + x % 10); x /= 10; } while (x != 0);
    while (n > 0) microkit_dbg_putc(b[--n]);
}

#endif
