// @rvt envs: p v
// @rvt desc: RV64I fence variants, nop and HINT encodings (writes to x0 of every instruction class are discarded), all 31 registers independent
#include "rvt.h"

RVT_CODE_BEGIN(U)
    /* fences have no architectural effect on a single hart: memory stays ordered */
    li TESTNUM, 1
    la a1, mdata
    li a2, 0x1234
    sd a2, 0(a1)
    fence
    fence rw, rw
    fence r, r
    fence w, w
    fence iorw, iorw
    fence i, o
    fence.tso
    ld a4, 0(a1)
    CHECK_EQ(a4, 0x1234)

    /* nop and friends */
    TEST_CASE(2, a4, 7, li a4, 7; nop; addi x0, x0, 0; c.nop)

    /* x0 as destination: every class writes nothing (HINT space for ALU ops) */
    li a1, 0x5555
    li a2, 3
    TEST_CASE(3, x0, 0, addi x0, a1, 1)
    TEST_CASE(4, x0, 0, slti x0, a1, 1)
    TEST_CASE(5, x0, 0, sltiu x0, a1, 1)
    TEST_CASE(6, x0, 0, xori x0, a1, 1)
    TEST_CASE(7, x0, 0, ori x0, a1, 1)
    TEST_CASE(8, x0, 0, andi x0, a1, 1)
    TEST_CASE(9, x0, 0, slli x0, a1, 1)
    TEST_CASE(10, x0, 0, srli x0, a1, 1)
    TEST_CASE(11, x0, 0, srai x0, a1, 1)
    TEST_CASE(12, x0, 0, addiw x0, a1, 1)
    TEST_CASE(13, x0, 0, slliw x0, a1, 1)
    TEST_CASE(14, x0, 0, srliw x0, a1, 1)
    TEST_CASE(15, x0, 0, sraiw x0, a1, 1)
    TEST_CASE(16, x0, 0, add x0, a1, a2)
    TEST_CASE(17, x0, 0, sub x0, a1, a2)
    TEST_CASE(18, x0, 0, sll x0, a1, a2)
    TEST_CASE(19, x0, 0, slt x0, a1, a2)
    TEST_CASE(20, x0, 0, sltu x0, a1, a2)
    TEST_CASE(21, x0, 0, xor x0, a1, a2)
    TEST_CASE(22, x0, 0, srl x0, a1, a2)
    TEST_CASE(23, x0, 0, sra x0, a1, a2)
    TEST_CASE(24, x0, 0, or x0, a1, a2)
    TEST_CASE(25, x0, 0, and x0, a1, a2)
    TEST_CASE(26, x0, 0, addw x0, a1, a2)
    TEST_CASE(27, x0, 0, subw x0, a1, a2)
    TEST_CASE(28, x0, 0, sllw x0, a1, a2)
    TEST_CASE(29, x0, 0, srlw x0, a1, a2)
    TEST_CASE(30, x0, 0, sraw x0, a1, a2)
    TEST_CASE(31, x0, 0, mul x0, a1, a2)
    TEST_CASE(32, x0, 0, mulh x0, a1, a2)
    TEST_CASE(33, x0, 0, mulhsu x0, a1, a2)
    TEST_CASE(34, x0, 0, mulhu x0, a1, a2)
    TEST_CASE(35, x0, 0, mulw x0, a1, a2)
    TEST_CASE(36, x0, 0, div x0, a1, a2)
    TEST_CASE(37, x0, 0, divu x0, a1, a2)
    TEST_CASE(38, x0, 0, rem x0, a1, a2)
    TEST_CASE(39, x0, 0, remu x0, a1, a2)
    TEST_CASE(40, x0, 0, divw x0, a1, a2)
    TEST_CASE(41, x0, 0, divuw x0, a1, a2)
    TEST_CASE(42, x0, 0, remw x0, a1, a2)
    TEST_CASE(43, x0, 0, remuw x0, a1, a2)
    TEST_CASE(44, x0, 0, lui x0, 0x12345)
    TEST_CASE(45, x0, 0, auipc x0, 0x12345)
    TEST_CASE(46, x0, 0, la a3, mdata; lb x0, 0(a3))
    TEST_CASE(47, x0, 0, la a3, mdata; lh x0, 0(a3))
    TEST_CASE(48, x0, 0, la a3, mdata; lw x0, 0(a3))
    TEST_CASE(49, x0, 0, la a3, mdata; ld x0, 0(a3))
    TEST_CASE(50, x0, 0, la a3, mdata; lbu x0, 0(a3))
    TEST_CASE(51, x0, 0, la a3, mdata; lhu x0, 0(a3))
    TEST_CASE(52, x0, 0, la a3, mdata; lwu x0, 0(a3))
    TEST_CASE(53, x0, 0, la a3, mdata; lr.d x0, (a3); sc.d x0, a1, (a3))
    TEST_CASE(54, x0, 0, la a3, mdata; amoadd.d x0, a1, (a3))
    TEST_CASE(55, x0, 0, la a3, mdata; amoswap.w x0, a1, (a3))
    /* compressed HINTs that name x0 */
    TEST_CASE(56, x0, 0, c.li x0, 5)
    TEST_CASE(57, x0, 0, c.mv x0, a1)
    TEST_CASE(58, x0, 0, c.add x0, a1)
    TEST_CASE(59, x0, 0, c.slli x0, 3)
    TEST_CASE(60, x0, 0, c.lui x0, 1)

    /* x0 reads as zero as a source everywhere */
    TEST_CASE(61, a4, 0x5555, add a4, a1, x0)
    TEST_CASE(62, a4, 0, la a3, mdata; sd a1, 0(a3); sd x0, 0(a3); ld a4, 0(a3))

    /* all registers hold independent values */
    li TESTNUM, 63
    .irp r, 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    li x\r, (\r * 0x0101010101010101) ^ 0x8000000000000000
    .endr
    /* store them all, then check the stored copies */
    la x3, regdump
    .irp r, 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\r, \r * 8(x3)
    .endr
    li TESTNUM, 63
    la a1, regdump
    li a2, 1
1:  li t0, 3
    beq a2, t0, 2f          /* x3 is gp */
    slli t0, a2, 3
    add t0, t0, a1
    ld a4, 0(t0)
    li t1, 0x0101010101010101
    mul t1, t1, a2
    li t2, 0x8000000000000000
    xor t1, t1, t2
    CHECK_EQ_REG(a4, t1)
2:  addi a2, a2, 1
    li t0, 32
    bltu a2, t0, 1b
RVT_CODE_END

RVT_DATA_BEGIN
mdata: .dword 0x7766554433221100
    .balign 64
regdump: .fill 32, 8, 0
RVT_DATA_END
