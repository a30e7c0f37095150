/*
 * Console helpers for the tests/programs guests. Start-up, exit (sifive test finisher with
 * main's return value) and the linker script are bench/guest's (start.S, link.ld); output goes
 * through the NS16550A transmit register like bench/guest/main.c. Everything a program prints
 * must be the same on qemu and on seltrace at every translation tier.
 */
#ifndef PROGRAMS_RT_H
#define PROGRAMS_RT_H
#include <stdint.h>

#define UART_THR ((volatile uint8_t *)0x10000000u)
#define UART_LSR ((volatile uint8_t *)0x10000005u)
#define LSR_THRE 0x20

/* Waits for the transmit holding register like a real driver: qemu drops a character written
 * while the previous one is still pending (its host pipe full). And once more after the write:
 * the last character must have left before main returns and the finisher ends qemu, which
 * otherwise lost it now and then (CI: muldiv-Os without its final newline). */
static inline void put_char(char c)
{
    while (!(*UART_LSR & LSR_THRE))
        ;
    *UART_THR = (uint8_t)c;
    while (!(*UART_LSR & LSR_THRE))
        ;
}

static inline void put_str(const char *s)
{
    while (*s)
        put_char(*s++);
}

static inline void put_hex(uint64_t v)
{
    put_str("0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        put_char("0123456789abcdef"[(v >> shift) & 15]);
}

static inline void put_dec(int64_t s)
{
    char buf[24];
    int n = 0;
    uint64_t v = (uint64_t)s;
    if (s < 0) {
        put_char('-');
        v = -v;
    }
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n > 0)
        put_char(buf[--n]);
}

/* "label value\n" with the value in hex. */
static inline void show(const char *label, uint64_t v)
{
    put_str(label);
    put_char(' ');
    put_hex(v);
    put_char('\n');
}

/* A running checksum the programs fold every result into (FNV-1a over 64-bit words). */
static uint64_t sum_state = 0xcbf29ce484222325ull;
static inline void fold(uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        sum_state ^= (v >> (i * 8)) & 0xff;
        sum_state *= 0x100000001b3ull;
    }
}

/* Opaque to the optimiser: keeps operands from being folded at compile time. */
#define OPAQUE(x) ({ __auto_type o_ = (x); __asm__ volatile("" : "+r"(o_)); o_; })

#endif
