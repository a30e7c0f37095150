/*
 * An S-mode program run behind OpenSBI (`qemu -machine virt -kernel sbi.elf`, QEMU's default
 * firmware; `seltrace run --bios default sbi.elf`): SBI console, base extension probes, timer
 * interrupts through SBI set_timer, then a system reset (shutdown).
 */
#include <stdint.h>

struct sbiret { long error; long value; };

static struct sbiret sbi(long eid, long fid, long a0, long a1, long a2) {
    register long r0 asm("a0") = a0, r1 asm("a1") = a1, r2 asm("a2") = a2;
    register long r6 asm("a6") = fid, r7 asm("a7") = eid;
    asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    return (struct sbiret){ r0, r1 };
}

static void putc_(char c) { sbi(0x01, 0, c, 0, 0); }   /* legacy console_putchar */
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void putd(unsigned long v) { char b[24]; int i = 0; do b[i++] = (char)('0' + v % 10); while (v /= 10); while (i) putc_(b[--i]); }
static void putx(unsigned long v) { puts_("0x"); for (int s = 60; s >= 0; s -= 4) putc_("0123456789abcdef"[(v >> s) & 15]); }

static inline uint64_t rdtime(void) { uint64_t t; asm volatile("rdtime %0" : "=r"(t)); return t; }

static volatile unsigned ticks;
static uint64_t next;

void trap(void) {
    long cause; asm volatile("csrr %0, scause" : "=r"(cause));
    if (cause == (long)0x8000000000000005UL) {          /* supervisor timer */
        ticks++;
        next += 10000;                                    /* 1 ms at 10 MHz */
        sbi(0x54494D45, 0, (long)next, 0, 0);             /* TIME set_timer (clears STIP) */
        return;
    }
    puts_("unexpected trap, scause "); putx((unsigned long)cause); puts_("\n");
    sbi(0x53525354, 0, 0, 1, 0);                          /* SRST shutdown, system failure */
    for (;;) {}
}

int main(void) {
    puts_("== sbi demo ==\n");
    struct sbiret v = sbi(0x10, 0, 0, 0, 0);              /* get_spec_version */
    puts_("spec version major "); putd((unsigned long)(v.value >> 24) & 0x7f); puts_("\n");
    const long probes[] = { 0x54494D45, 0x735049, 0x52464E43, 0x53525354, 0x4442434E, 0x12345678 };
    const char *names[] = { "TIME", "IPI", "RFENCE", "SRST", "DBCN", "bogus" };
    for (int i = 0; i < 6; i++) {
        struct sbiret p = sbi(0x10, 3, probes[i], 0, 0);  /* probe_extension */
        puts_(names[i]); puts_(p.value ? " present\n" : " absent\n");
    }
    struct sbiret bad = sbi(0x12345678, 0, 0, 0, 0);
    puts_("unknown extension error "); putd((unsigned long)-bad.error); puts_("\n");
    next = rdtime() + 10000;
    sbi(0x54494D45, 0, (long)next, 0, 0);
    asm volatile("csrs sie, %0" :: "r"(1L << 5));           /* STIE */
    asm volatile("csrs sstatus, %0" :: "r"(1L << 1));       /* SIE */
    while (ticks < 20) asm volatile("wfi");
    asm volatile("csrc sstatus, %0" :: "r"(1L << 1));
    puts_(ticks >= 20 ? "20 timer ticks\n" : "too few ticks\n");
    puts_("bye\n");
    sbi(0x53525354, 0, 0, 0, 0);                          /* SRST shutdown, no reason */
    puts_("still here?\n");
    return 1;
}
