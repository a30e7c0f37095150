// @rvt desc: misaligned accesses in M/S/U: ordinary loads and stores succeed (all widths, across doublewords), LR raises load address-misaligned (4) with xtval = address and no write to rd; jalr to an odd address just clears bit 0 (with C, instruction fetch can never be misaligned)
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
    TEST_CASE(1, a4, 0xffffffffaa998877, lw a4, 7(s0))
    TEST_CASE(2, a4, 0xaa99887766554433, ld a4, 3(s0))
    TEST_CASE(3, a4, 0x9988, lhu a4, 8(s0))
    TEST_CASE(4, a4, 0xffffffffffff8877, lh a4, 7(s0))
    li TESTNUM, 5
    li a2, 0x0102030405060708
    sd a2, 5(s0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x060708rotate)
