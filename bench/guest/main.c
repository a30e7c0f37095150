/*
 * seltrace benchmark guest: bare-metal main for the QEMU virt machine.
 * Output through the NS16550A UART transmit register, exit through the test finisher
 * (done by start.S with main's return value: 0 = pass, 1 = wrong checksum).
 *
 * ITERATIONS and EXPECTED (the checksum computed by the host build) come from build.sh.
 */
#include <stddef.h>
#include <stdint.h>

#include "kernels.h"

#ifndef ITERATIONS
#error "build with -DITERATIONS=n -DEXPECTED=0x... (see build.sh)"
#endif

#define UART_THR ((volatile uint8_t *)0x10000000u)

static void put_char(char c)
{
    *UART_THR = (uint8_t)c;
}

static void put_str(const char *s)
{
    while (*s)
        put_char(*s++);
}

static void put_hex32(uint32_t v)
{
    put_str("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        put_char("0123456789abcdef"[(v >> shift) & 15]);
}

static void put_dec(uint64_t v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n > 0)
        put_char(buf[--n]);
}

static uint64_t read_instret(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v));
    return v;
}

/* gcc may emit calls to these even when freestanding. */
void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

int main(void)
{
    put_str("seltrace bench: iterations=");
    put_dec(ITERATIONS);
    put_char('\n');

    bench_init();
    uint32_t sum = bench_run(ITERATIONS);
    uint64_t instret = read_instret();

    put_str("checksum: ");
    put_hex32(sum);
    put_char('\n');
    put_str("instret: ");
    put_dec(instret);
    put_char('\n');
    if (sum != (uint32_t)(EXPECTED)) {
        put_str("FAIL: expected ");
        put_hex32((uint32_t)(EXPECTED));
        put_char('\n');
        return 1;
    }
    put_str("PASS\n");
    return 0;
}
