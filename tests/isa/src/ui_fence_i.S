// @rvt envs: p v
// @rvt desc: Zifencei: code that has already run is rewritten by stores (32-bit and 16-bit instructions, in .text and in a data page) and fence.i makes the new code visible
#include "rvt.h"

/* copy the 4-byte instruction at label `from` over the one at label `to` (both 4-aligned) */
#define PATCH32(from, to) la t0, from; lw t1, 0(t0); la t2, to; sw t1, 0(t2)
#define PATCH16(from, to) la t0, from; lhu t1, 0(t0); la t2, to; sh t1, 0(t2)

RVT_CODE_BEGIN(U)
    /* 1-2: a 32-bit addi in a subroutine that has already executed */
    li TESTNUM, 1
    li a0, 100
    call smc_fn
    CHECK_EQ(a0, 101)
    PATCH32(tmpl_add7, smc_insn)
    fence.i
    li TESTNUM, 2
    li a0, 100
    call smc_fn
    CHECK_EQ(a0, 107)

    /* 3-4: a 16-bit instruction */
    li TESTNUM, 3
    li a0, 10
    call smc_fn16
    CHECK_EQ(a0, 11)
    PATCH16(tmpl_c_add5, smc_insn16)
    fence.i
    li TESTNUM, 4
    li a0, 10
    call smc_fn16
    CHECK_EQ(a0, 15)

    /* 5: inside a loop: iteration 1 runs the old code, then the loop body patches itself */
    li TESTNUM, 5
    li a0, 0
    li a2, 2
1:
    .option push
    .option norvc
    RVT_CODE_ALIGN(4)
smc_loop_insn:
    addi a0, a0, 1
    .option pop
    PATCH32(tmpl_add7, smc_loop_insn)
    fence.i
    addi a2, a2, -1
    bnez a2, 1b
    CHECK_EQ(a0, 8)

    /* 6: fresh code written into a data buffer, then jumped to */
    li TESTNUM, 6
    la t2, code_buf
    la t0, tmpl_block
    la a3, tmpl_block_end
2:  lhu t1, 0(t0)
    sh t1, 0(t2)
    addi t0, t0, 2
    addi t2, t2, 2
    bltu t0, a3, 2b
    fence.i
    li a0, 1
    la t0, code_buf
    jalr ra, 0(t0)
    CHECK_EQ(a0, 0x2a1)

    /* 7: overwrite the buffer with different code (one 32-bit instruction -> two 16-bit ones) */
    li TESTNUM, 7
    PATCH16(tmpl_c_li9, code_buf)
    la t0, tmpl_c_add5
    lhu t1, 0(t0)
    la t2, code_buf
    sh t1, 2(t2)
    fence.i
    li a0, 1
    la t0, code_buf
    jalr ra, 0(t0)
    CHECK_EQ(a0, 0x1c1)       /* (9 + 5) << 5 | 1 */
    j smc_done

    /* ------------------------------------------------ code that gets rewritten */
    .option push
    .option norvc
    RVT_CODE_ALIGN(4)
smc_fn:
smc_insn:
    addi a0, a0, 1
    ret
    RVT_CODE_ALIGN(4)
smc_fn16:
    .option rvc
smc_insn16:
    c.addi a0, 1
    c.nop
    ret
    .option pop

    /* ------------------------------------------------ templates (never executed in place) */
    .option push
    .option norvc
    RVT_CODE_ALIGN(4)
tmpl_add7:
    addi a0, a0, 7
    .option rvc
    RVT_CODE_ALIGN(4)
tmpl_c_add5:
    c.addi a0, 5
    RVT_CODE_ALIGN(4)
tmpl_c_li9:
    c.li a0, 9
    RVT_CODE_ALIGN(4)
tmpl_block:                 /* a0 = (a0 + 20) << 5 | 1 ; ret  -> 0x2a1 for a0 = 1 */
    .option norvc
    addi a0, a0, 20
    .option rvc
    c.slli a0, 5
    c.addi a0, 1
    c.jr ra
tmpl_block_end:
    .option pop
smc_done:
RVT_CODE_END

RVT_DATA_BEGIN
    RVT_CODE_ALIGN(64)
code_buf: .fill 64, 1, 0
RVT_DATA_END
