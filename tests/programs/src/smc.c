/* Self-modifying code: a function generated into a data buffer, called from a hot loop, and
 * rewritten (then fence.i) every few hundred calls; and an instruction patched inside .text,
 * in the page of the code that calls it. */
#include "rt.h"

/* In .text: `addi a0, a0, imm; ret`, uncompressed, so the immediate can be patched. */
__asm__(".section .text\n"
        ".balign 4\n"
        ".option push\n.option norvc\n"
        ".globl patchme\npatchme:\n"
        "  addi a0, a0, 1\n"
        "  ret\n"
        ".option pop\n");
int64_t patchme(int64_t);

static uint32_t gen[64] __attribute__((aligned(4096)));

#define X_A0 10
#define X_A1 11
static uint32_t i_type(uint32_t op, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t r_type(uint32_t f7, uint32_t f3, uint32_t rd, uint32_t rs1, uint32_t rs2)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x33;
}
#define RET 0x00008067u

static void fence_i(void) { __asm__ volatile(".word 0x0000100f /* fence.i */" ::: "memory"); }

/* f(a0) = ((a0 + k) * 3) ^ (a0 >> s) + (or - k) */
static void emit(int version)
{
    int n = 0;
    int32_t k = (version * 37) % 2000 - 1000;
    gen[n++] = i_type(0x13, 0, X_A1, X_A0, k);             /* addi a1, a0, k */
    gen[n++] = r_type(0, 0, X_A1, X_A1, X_A1);             /* add a1, a1, a1 */
    gen[n++] = r_type(0, 0, X_A1, X_A1, X_A0);             /* add a1, a1, a0 (+k ... approx) */
    gen[n++] = i_type(0x13, 5, X_A0, X_A0, version & 63);  /* srli a0, a0, s */
    gen[n++] = r_type(0, 4, X_A0, X_A0, X_A1);             /* xor a0, a0, a1 */
    if (version & 1)
        gen[n++] = i_type(0x13, 0, X_A0, X_A0, -k);        /* addi a0, a0, -k */
    gen[n++] = RET;
}

int main(void)
{
    put_str("smc\n");
    int64_t (*fn)(int64_t) = (int64_t (*)(int64_t))(void *)gen;
    uint64_t acc = 0;
    int version = 0;
    emit(version);
    fence_i();
    for (int i = 0; i < 6000; i++) {
        if (i % 250 == 249) {
            emit(++version);
            fence_i();
        }
        acc = acc * 3 + (uint64_t)fn((int64_t)acc ^ i);
    }
    show("generated", acc);
    show("versions", (uint64_t)version);

    volatile uint32_t *insn = (volatile uint32_t *)(void *)patchme;
    uint64_t p = 0;
    for (int i = 0; i < 3000; i++) {
        if (i % 200 == 100) {
            *insn = i_type(0x13, 0, X_A0, X_A0, (i / 200) * 5 - 30);
            fence_i();
        }
        p = p * 5 + (uint64_t)patchme(i);
    }
    show("patched", p);
    /* the generated code overwritten by a longer sequence ending in a different return value */
    for (int n = 0; n < 40; n++)
        gen[n] = i_type(0x13, 0, X_A0, X_A0, n + 1);      /* addi a0, a0, n+1 */
    gen[40] = RET;
    fence_i();
    show("chain", (uint64_t)fn(1000));
    return 0;
}
