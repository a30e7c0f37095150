/* Machine timer interrupts arriving in the middle of hot translated loops: the handler (C,
 * interrupt attribute) re-arms mtimecmp and counts; the loops' results must not depend on where
 * the interrupts land, so the transcript is the same on qemu (wall-clock timer) and seltrace. */
#include "rt.h"

#define MTIME (*(volatile uint64_t *)0x0200bff8u)
#define MTIMECMP (*(volatile uint64_t *)0x02004000u)
#define FINISHER (*(volatile uint32_t *)0x00100000u)
#define INTERVAL 300
/* CSR instructions, also in the rv64imac build (whose -march has no zicsr). */
#define CSR(insn) ".option push\n.option arch, +zicsr\n" insn "\n.option pop"

static volatile uint32_t ticks;
static volatile uint64_t scratch;

__attribute__((interrupt("machine"), aligned(4))) static void handler(void)
{
    uint64_t cause;
    __asm__ volatile(CSR("csrr %0, mcause") : "=r"(cause));
    if (cause != 0x8000000000000007ull)
        FINISHER = (uint32_t)((0x200 + (cause & 0xff)) << 16) | 0x3333; /* not a timer: fail */
    ticks++;
    /* clobber caller-saved registers the way real handlers do (saved/restored by the prologue) */
    scratch = scratch * 6364136223846793005ull + ticks;
    MTIMECMP = MTIME + INTERVAL;
}

/* Page-aligned: with .bss right after .text, stores to a buffer in the code's page would discard
 * its translations at every store (vm covers that case) and no loop here would run translated. */
static uint8_t buf[2048] __attribute__((aligned(4096)));
static uint32_t table[256] __attribute__((aligned(4096)));

static uint32_t crc(const uint8_t *p, int n)
{
    uint32_t c = 0xffffffffu;
    while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

int main(void)
{
    put_str("irq\n");
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
        table[i] = c;
    }
    __asm__ volatile(CSR("csrw mtvec, %0") ::"r"(handler));
    MTIMECMP = MTIME + INTERVAL;
    __asm__ volatile(CSR("csrs mie, %0") ::"r"(1u << 7));     /* MTIE */
    __asm__ volatile(CSR("csrs mstatus, %0") ::"r"(1u << 3)); /* MIE */
    uint64_t acc = 0;
    for (int round = 0; round < 40; round++) {
        for (int i = 0; i < 2048; i++) buf[i] = (uint8_t)(i * 7 + round);
        acc = acc * 31 + crc(buf, 2048);
        int64_t d = (int64_t)acc;
        for (int i = 1; i < 200; i++) d = d / (i | 1) * 3 + (d % 7) - i;
        acc ^= (uint64_t)d;
    }
    /* qemu's timer runs on the host clock: the loops may finish before its first interrupt, so
     * wait (at most 1 s of mtime) for a few, to print the same line on both. */
    uint64_t start = MTIME;
    while (ticks < 3 && MTIME - start < 10000000u)
        ;
    __asm__ volatile(CSR("csrc mstatus, %0") ::"r"(1u << 3));
    show("acc", acc);
    put_str(ticks >= 3 ? "interrupted: yes\n" : "interrupted: no\n");
    return 0;
}
