// @rvt desc: exact instret counting: every retired instruction (16- or 32-bit) counts one, the value read by rdinstret excludes the reading instruction, a write to minstret is what the next instruction reads (the writing instruction is not counted on top), ecall/ebreak/illegal instructions do not retire
// @rvt qemu-skip: QEMU 7.2 without -icount derives instret from host time; even with -icount it counts the instruction that writes minstret and the trapping ecall
#include "rvt.h"

RVT_CODE_BEGIN(M)
    .option push
    .option norvc
    /* 1: three 32-bit nops between two reads: difference 4 */
    li TESTNUM, 1
    rdinstret a1
    nop
    nop
    nop
    rdinstret a2
    sub a4, a2, a1
    CHECK_EQ(a4, 4)
    /* 2: compressed instructions count one each */
    li TESTNUM, 2
    rdinstret a1
    .option rvc
    c.nop
    c.addi a3, 1
    c.nop
    .option norvc
    rdinstret a2
    sub a4, a2, a1
    CHECK_EQ(a4, 4)
    /* 3: back-to-back reads differ by 1 */
    TEST_CASE(3, a4, 1, rdinstret a1; rdinstret a2; sub a4, a2, a1)
    /* 4-5: minstret writes */
    TEST_CASE(4, a4, 1000, li a1, 1000; csrw minstret, a1; csrr a4, minstret)
    TEST_CASE(5, a4, 1002, li a1, 1000; csrw minstret, a1; nop; nop; csrr a4, minstret)
    /* 6: a taken branch and a jump count once each */
    li TESTNUM, 6
    rdinstret a1
    beqz zero, 1f
    nop
1:  j 2f
    nop
2:  rdinstret a2
    sub a4, a2, a1
    CHECK_EQ(a4, 3)
    /* 7-9: trapping instructions do not retire: rdinstret ; ecall -> handler at 3f: rdinstret */
    li TESTNUM, 7
    la t0, 3f
    csrw mtvec, t0
    rdinstret a1
    ecall
    RVT_CODE_ALIGN(4)
3:  rdinstret a2
    sub a4, a2, a1
    CHECK_EQ(a4, 1)
    li TESTNUM, 8
    la t0, 4f
    csrw mtvec, t0
    rdinstret a1
    ebreak
    RVT_CODE_ALIGN(4)
4:  rdinstret a2
    sub a4, a2, a1
    CHECK_EQ(a4, 1)
    li TESTNUM, 9
    la t0, 5f
    csrw mtvec, t0
    rdinstret a1
    .word 0
    RVT_CODE_ALIGN(4)
5:  rdinstret a2
    sub a4, a2, a1
    CHECK_EQ(a4, 1)
    la t0, rvt_mtrap
    csrw mtvec, t0
    .option pop
RVT_CODE_END
