// @rvt envs: p v
// @rvt desc: RV64I lui and auipc: 20-bit immediates, sign extension to 64 bits, pc-relative results
#include "rvt.h"

RVT_CODE_BEGIN(U)
    .option push
    .option norvc           /* keep lui/auipc uncompressed */

    /* lui: imm << 12, sign-extended from bit 31 */
    TEST_CASE(1, a4, 0, lui a4, 0)
    TEST_CASE(2, a4, 0x1000, lui a4, 1)
    TEST_CASE(3, a4, 0x7ffff000, lui a4, 0x7ffff)
    TEST_CASE(4, a4, 0xffffffff80000000, lui a4, 0x80000)
    TEST_CASE(5, a4, 0xfffffffffffff000, lui a4, 0xfffff)
    TEST_CASE(6, a4, 0x12345000, lui a4, 0x12345)
    TEST_CASE(7, a4, 0xffffffffabcde000, lui a4, 0xabcde)
    /* lui + addi builds a 32-bit constant; addiw/addi with negative low part */
    TEST_CASE(8, a4, 0x12344fff, lui a4, 0x12345; addi a4, a4, -1)
    TEST_CASE(9, a4, 0x7fffffff, lui a4, 0x80000; addiw a4, a4, -1)
    /* lui to x0 is ignored */
    TEST_CASE(10, x0, 0, lui x0, 0x80000)

    /* auipc: pc + (imm << 12), sign-extended immediate */
    li TESTNUM, 11
1:  auipc a4, 0
    la a5, 1b
    CHECK_EQ_REG(a4, a5)

    li TESTNUM, 12
2:  auipc a4, 1
    la a5, 2b
    li t0, 0x1000
    add a5, a5, t0
    CHECK_EQ_REG(a4, a5)

    li TESTNUM, 13
3:  auipc a4, 0xfffff           /* pc - 4096 */
    la a5, 3b
    addi a5, a5, -2048
    addi a5, a5, -2048
    CHECK_EQ_REG(a4, a5)

    li TESTNUM, 14
4:  auipc a4, 0x80000           /* pc - 2^31 */
    la a5, 4b
    li t0, 0xffffffff80000000
    add a5, a5, t0
    CHECK_EQ_REG(a4, a5)

    li TESTNUM, 15
5:  auipc a4, 0x7ffff           /* pc + 0x7ffff000 */
    la a5, 5b
    li t0, 0x7ffff000
    add a5, a5, t0
    CHECK_EQ_REG(a4, a5)

    /* auipc + jalr reaches a label (the "call" pair) and auipc + ld reads data */
    li TESTNUM, 16
    li a4, 0
6:  auipc t0, %pcrel_hi(7f)
    jalr a4, %pcrel_lo(6b)(t0)
    j rvt_fail
7:  la a5, 6b
    addi a5, a5, 8
    CHECK_EQ_REG(a4, a5)

    li TESTNUM, 17
8:  auipc t0, %pcrel_hi(updata)
    ld a4, %pcrel_lo(8b)(t0)
    CHECK_EQ(a4, 0x0123456789abcdef)

    TEST_CASE(18, x0, 0, auipc x0, 0x12345)
    .option pop
RVT_CODE_END

RVT_DATA_BEGIN
updata: .dword 0x0123456789abcdef
RVT_DATA_END
