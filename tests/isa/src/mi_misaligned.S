// @rvt desc: misaligned accesses in M/S/U: ordinary loads and stores succeed (all widths, across doublewords), LR raises load address-misaligned (4) with xtval = address and leaves rd alone; jalr to an odd address only clears bit 0 (with C, instruction fetch can never be misaligned)
#include "rvt.h"

#define TEST_MA_LOAD(n, insn...)        \
    TEST_TRAP(n, CAUSE_MISALIGNED_LOAD, insn); \
    CHECK_TRAP_REG(TR_TVAL, a3)

RVT_CODE_BEGIN(M)
    la s0, buf
    li a1, 0x8877665544332211
    sd a1, 0(s0)
    li a1, 0xffeeddccbbaa9988
    sd a1, 8(s0)

    /* ordinary misaligned loads and stores in M */
    TEST_CASE(1, a4, 0xffffffffaa998888, lw a4, 7(s0))
    TEST_CASE(2, a4, 0xaa99888877665544, ld a4, 3(s0))
    TEST_CASE(3, a4, 0x9988, lhu a4, 8(s0))
    TEST_CASE(4, a4, 0xffffffffffff9988, lh a4, 8(s0))
    TEST_CASE(5, a4, 0xffffffffffff8888, lh a4, 7(s0))
    li TESTNUM, 6
    li a2, 0x0102030405060708
    sd a2, 5(s0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x0607085544332211)
    ld a4, 8(s0)
    CHECK_EQ(a4, 0xffeedd0102030405)
    li TESTNUM, 7
    li a2, 0xa1b2c3d4
    sw a2, 3(s0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x06a1b2c3d4332211)
    li TESTNUM, 8
    li a2, 0xe5f6
    sh a2, 7(s0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0xf6a1b2c3d4332211)
    ld a4, 8(s0)
    CHECK_EQ(a4, 0xffeedd01020304e5)

    /* LR: load address-misaligned, rd not written */
    li a4, 0x5555
    addi a3, s0, 4
    TEST_MA_LOAD(9, lr.d a4, (a3))
    CHECK_EQ(a4, 0x5555)
    addi a3, s0, 1
    TEST_MA_LOAD(10, lr.d.aq a4, (a3))
    addi a3, s0, 2
    TEST_MA_LOAD(11, lr.w a4, (a3))
    addi a3, s0, 7
    TEST_MA_LOAD(12, lr.w.aqrl a4, (a3))
    CHECK_EQ(a4, 0x5555)

    /* the same from S and U */
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    TEST_CASE(13, a4, 0xf6a1b2c3d4332211, ld a4, 0(s0); ld a5, 1(s0); ld a4, 0(s0))
    addi a3, s0, 3
    TEST_MA_LOAD(14, lr.w a4, (a3))
    RVT_S_TO_M(back1)
back1:
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    TEST_CASE(15, a4, 0xffffffffc3d433a5, li a2, 0xa5; sb a2, 1(s0); lw a4, 1(s0))
    addi a3, s0, 12
    TEST_MA_LOAD(16, lr.d a4, (a3))
    CHECK_TRAP(TR_LEVEL, PRV_M)
    RVT_U_TO_M(back2)
back2:

    /* delegated to S */
    li a1, 1 << CAUSE_MISALIGNED_LOAD
    csrw medeleg, a1
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    addi a3, s0, 6
    TEST_MA_LOAD(17, lr.w a4, (a3))
    CHECK_TRAP(TR_LEVEL, PRV_S)
    RVT_U_TO_M(back3)
back3:
    csrw medeleg, zero

    /* fetch: jalr with an odd target lands on the even address below, no trap */
    li TESTNUM, 18
    la a1, 1f
    addi a1, a1, 1
    jalr ra, 0(a1)
    j rvt_fail
1:
RVT_CODE_END

RVT_DATA_BEGIN
    .balign 64
buf: .fill 32, 1, 0
RVT_DATA_END
