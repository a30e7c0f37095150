// @rvt envs: p v
// @rvt desc: RV64I jal and jalr: link values, forward/backward and 20 KiB offsets, jalr clears bit 0 of the target, rd == rs1, x0 links
#include "rvt.h"

RVT_CODE_BEGIN(U)
    .option push
    .option norvc           /* exact 4-byte instructions: links are pc + 4 */

    /* jal forward: link = pc + 4 */
    li TESTNUM, 1
    li a4, 0
1:  jal a4, 2f
    j rvt_fail
2:  la a5, 1b
    addi a5, a5, 4
    CHECK_EQ_REG(a4, a5)

    /* jal backward */
    li TESTNUM, 2
    j 4f
3:  la a5, 5f
    CHECK_EQ_REG(ra, a5)
    j 6f
4:  jal ra, 3b
5:  j rvt_fail
6:

    /* jal x0 (j) writes nothing */
    TEST_CASE(3, x0, 0, jal x0, 7f; j rvt_fail; 7:)

    /* jal with a large positive and negative offset (+-0x5000: immediate bits 12..19) */
    li TESTNUM, 4
    jal a4, far_fwd
far_back_ret:
    j rvt_fail
far_back:                   /* reached from far_back_jump, 0x5000 further on */
    li TESTNUM, 5
    la a5, far_back_ret2
    CHECK_EQ_REG(a4, a5)

    /* jalr: link = pc + 4, target = rs1 + imm */
    li TESTNUM, 6
    la a1, 11f
    li a4, 0
10: jalr a4, 0(a1)
    j rvt_fail
11: la a5, 10b
    addi a5, a5, 4
    CHECK_EQ_REG(a4, a5)

    /* positive and negative immediates */
    li TESTNUM, 7
    la a1, 12f
    addi a1, a1, -100
    jalr a4, 100(a1)
    j rvt_fail
12: li TESTNUM, 8
    la a1, 13f
    addi a1, a1, 2000
    jalr a4, -2000(a1)
    j rvt_fail
13:

    /* the sum's bit 0 is cleared: rs1 odd, or imm odd */
    li TESTNUM, 9
    la a1, 14f
    addi a1, a1, 1
    jalr a4, 0(a1)
    j rvt_fail
14: li TESTNUM, 10
    la a1, 15f
    jalr a4, 1(a1)
    j rvt_fail
15: li TESTNUM, 11
    la a1, 16f
    addi a1, a1, 2
    jalr a4, -1(a1)         /* a1 - 1 = 16f + 1 -> 16f */
    j rvt_fail
16:

    /* rd == rs1: the target uses the old value */
    li TESTNUM, 12
    la a1, 18f
17: jalr a1, 0(a1)
    j rvt_fail
18: la a5, 17b
    addi a5, a5, 4
    CHECK_EQ_REG(a1, a5)

    /* jalr x0 (jr / ret) */
    li TESTNUM, 13
    la a1, 19f
    jalr x0, 0(a1)
    j rvt_fail
19: CHECK_EQ(x0, 0)

    /* call / ret through ra */
    li TESTNUM, 14
    li a0, 5
    jal ra, add_two
    CHECK_EQ(a0, 7)
    jal ra, add_two
    CHECK_EQ(a0, 9)
    j 20f
add_two:
    addi a0, a0, 2
    jalr x0, 0(ra)
20:
    j jump_done

    /* ------------------------------------------------ far targets */
    .skip 0x5000
far_fwd:
    la a5, far_back_ret
    CHECK_EQ_REG(a4, a5)
    j far_back_jump
far_back_jump:
    jal a4, far_back
far_back_ret2:
    j rvt_fail
jump_done:
    .option pop
RVT_CODE_END
