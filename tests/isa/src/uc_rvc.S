// @rvt envs: p v
// @rvt desc: RV64C every compressed instruction (except c.ebreak, see mi_breakpoint): immediates at their limits, sign extension, link = pc + 2, a 32-bit instruction at a 2-byte aligned address and across a page boundary
#include "rvt.h"

RVT_CODE_BEGIN(U)
    .option push
    .option rvc
    la sp, cstack           /* 1 KiB-aligned scratch area for the sp-relative forms */

    /* ---- c.addi4spn: rd' = sp + nzuimm (4..1020, multiple of 4) */
    TEST_CASE(1, a0, 0, c.addi4spn a0, sp, 4; addi a5, sp, 4; sub a0, a0, a5)
    TEST_CASE(2, s1, 0, c.addi4spn s1, sp, 1020; addi a5, sp, 1020; sub s1, s1, a5)
    TEST_CASE(3, a5, 0, c.addi4spn a5, sp, 512; addi a4, sp, 512; sub a5, a5, a4)

    /* ---- c.lw / c.ld: rd' = mem[rs1' + uimm], c.lw sign-extends */
    la s0, cdata
    TEST_CASE(4, a0, 0xffffffff80000001, c.lw a0, 0(s0))
    TEST_CASE(5, a1, 0x7ffffff0, c.lw a1, 124(s0))
    TEST_CASE(6, a2, 0x8877665544332211, c.ld a2, 248(s0))
    TEST_CASE(7, a3, 0xfedcba9880000001, c.ld a3, 0(s0))
    TEST_CASE(8, s0, 0xffffffff80000001, c.lw s0, 0(s0))     /* rd' == rs1' */

    /* ---- c.sw / c.sd */
    la s0, cdata
    TEST_CASE(9, a4, 0xfedcba9812345678, li a1, 0x5555555512345678; c.sw a1, 0(s0); ld a4, 0(s0))
    TEST_CASE(10, a4, 0x00000000ffffffff, li a1, -1; c.sw a1, 124(s0); lwu a4, 124(s0))
    TEST_CASE(11, a4, 0x0123456789abcdef, li a1, 0x0123456789abcdef; c.sd a1, 248(s0); ld a4, 248(s0))
    TEST_CASE(12, a4, 0x0123456789abcdef, c.sd a1, 8(s0); ld a4, 8(s0))

    /* ---- c.nop */
    TEST_CASE(13, a0, 9, li a0, 9; c.nop; c.nop)

    /* ---- c.addi: rd += sext(nzimm), -32..31, any register */
    TEST_CASE(14, a0, 0x8000000000000000, li a0, 0x7fffffffffffffff; c.addi a0, 1)
    TEST_CASE(15, s2, 0xffffffffffffffe0, li s2, 0; c.addi s2, -32)
    TEST_CASE(16, t5, 31, li t5, 0; c.addi t5, 31)
    TEST_CASE(17, ra, 0, li ra, 32; c.addi ra, -32)

    /* ---- c.addiw: 32-bit add, result sign-extended; imm 0 is sext.w */
    TEST_CASE(18, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
    TEST_CASE(19, s3, 0xffffffff80000000, li s3, 0x0000000180000000; c.addiw s3, 0)
    TEST_CASE(20, a1, 0x7fffffe0, li a1, 0xffffffff80000000; c.addiw a1, -32)
    TEST_CASE(21, t0, 0x1f, li t0, 0x1234567800000000; c.addiw t0, 31)

    /* ---- c.li: rd = sext(imm) */
    TEST_CASE(22, a0, 0xffffffffffffffe0, c.li a0, -32)
    TEST_CASE(23, s4, 31, c.li s4, 31)
    TEST_CASE(24, t2, 0, li t2, 77; c.li t2, 0)

    /* ---- c.addi16sp: sp += nzimm (multiple of 16, -512..496) */
    li TESTNUM, 25
    mv a5, sp
    c.addi16sp sp, -512
    sub a4, a5, sp
    CHECK_EQ(a4, 512)
    li TESTNUM, 26
    c.addi16sp sp, 496
    sub a4, sp, a5
    CHECK_EQ(a4, 0xfffffffffffffff0)
    li TESTNUM, 27
    c.addi16sp sp, 16
    CHECK_EQ_REG(sp, a5)

    /* ---- c.lui: rd = sext(nzimm[17:12] << 12) */
    TEST_CASE(28, a0, 0x1000, c.lui a0, 1)
    TEST_CASE(29, s5, 0x1f000, c.lui s5, 31)
    TEST_CASE(30, t1, 0xfffffffffffe0000, c.lui t1, 0xfffe0)
    TEST_CASE(31, a3, 0xfffffffffffff000, c.lui a3, 0xfffff)

    /* ---- c.srli / c.srai / c.andi (rd' only) */
    TEST_CASE(32, a0, 0x4000000000000000, li a0, 0x8000000000000001; c.srli a0, 1)
    TEST_CASE(33, a0, 1, li a0, 0x8000000000000001; c.srli a0, 63)
    TEST_CASE(34, a0, 0x80000000, li a0, 0x8000000000000001; c.srli a0, 32)
    TEST_CASE(35, a1, 0xc000000000000000, li a1, 0x8000000000000001; c.srai a1, 1)
    TEST_CASE(36, a1, 0xffffffffffffffff, li a1, 0x8000000000000001; c.srai a1, 63)
    TEST_CASE(37, a1, 0xffffffff80000000, li a1, 0x8000000000000001; c.srai a1, 32)
    TEST_CASE(38, a2, 1, li a2, 0x80000000; c.srai a2, 31)
    TEST_CASE(39, s1, 0xffffffffffffffe0, li s1, -1; c.andi s1, -32)
    TEST_CASE(40, s1, 0x11, li s1, 0x5555; c.andi s1, 31 - 14)
    TEST_CASE(41, s1, 0, li s1, -1; c.andi s1, 0)

    /* ---- c.sub c.xor c.or c.and c.subw c.addw (rd', rs2') */
    li a1, 0x0ff00ff00ff00ff0
    li a2, 0xf0f0f0f0f0f0f0f0
    TEST_CASE(42, a0, 0x1eff1eff1eff1f00, mv a0, a1; c.sub a0, a2)
    TEST_CASE(43, a0, 0xff00ff00ff00ff00, mv a0, a1; c.xor a0, a2)
    TEST_CASE(44, a0, 0xfff0fff0fff0fff0, mv a0, a1; c.or a0, a2)
    TEST_CASE(45, a0, 0x00f000f000f000f0, mv a0, a1; c.and a0, a2)
    TEST_CASE(46, a0, 0x1eff1f00, mv a0, a1; c.subw a0, a2)
    TEST_CASE(47, a0, 0x00e100e0, mv a0, a1; c.addw a0, a2)
    TEST_CASE(48, a3, 0xffffffff80000000, li a3, 0x7fffffff; li a4, 1; c.addw a3, a4)
    TEST_CASE(49, a3, 0x7fffffff, li a3, 0x80000000; li a4, 1; c.subw a3, a4)
    TEST_CASE(50, a5, 0, li a5, 0x1234; c.sub a5, a5)

    /* ---- c.slli (any rd) */
    TEST_CASE(51, a0, 2, li a0, 1; c.slli a0, 1)
    TEST_CASE(52, s6, 0x8000000000000000, li s6, 3; c.slli s6, 63)
    TEST_CASE(53, t3, 0xabcdef0100000000, li t3, 0x12345678abcdef01; c.slli t3, 32)

    /* ---- c.ldsp / c.lwsp / c.sdsp / c.swsp */
    li a1, 0x0807060504030201
    sd a1, 504(sp)
    li a1, 0xffffffff8badf00d
    sw a1, 252(sp)
    TEST_CASE(54, s7, 0x0807060504030201, c.ldsp s7, 504(sp))
    TEST_CASE(55, t4, 0xffffffff8badf00d, c.lwsp t4, 252(sp))
    TEST_CASE(56, ra, 0x0807060504030201, c.ldsp ra, 504(sp))
    TEST_CASE(57, a4, 0x1122334455667788, li s8, 0x1122334455667788; c.sdsp s8, 0(sp); ld a4, 0(sp))
    TEST_CASE(58, a4, 0x99aabbcc, li s9, 0x1234567899aabbcc; c.swsp s9, 252(sp); lwu a4, 252(sp))
    TEST_CASE(59, a4, 0x0807060504030201, li s10, 0x0807060504030201; c.sdsp s10, 504(sp); ld a4, 504(sp))

    /* ---- c.mv / c.add (any registers) */
    TEST_CASE(60, s11, 0x7777, li t5, 0x7777; c.mv s11, t5)
    TEST_CASE(61, a0, 0x8000000000000000, li a0, 0x7fffffffffffffff; li t5, 1; c.add a0, t5)
    TEST_CASE(62, t5, 0x10, li t5, 8; c.add t5, t5)

    /* ---- c.j: forward and backward */
    li TESTNUM, 63
    c.j 2f
1:  c.j 3f
    j rvt_fail
2:  c.j 1b
    j rvt_fail
3:

    /* ---- c.beqz / c.bnez: taken and not taken, upper bits count */
    li TESTNUM, 64
    li a0, 0
    c.beqz a0, 4f
    j rvt_fail
4:  li TESTNUM, 65
    li a0, 0x100000000
    c.beqz a0, 5f
    c.bnez a0, 6f
5:  j rvt_fail
6:  li TESTNUM, 66
    li s0, 0
    c.bnez s0, 5b
    li TESTNUM, 67
    li a5, 0x8000000000000000
    j 8f
7:  c.j 9f
8:  c.bnez a5, 7b           /* backward taken */
    j rvt_fail
9:

    /* ---- c.jr / c.jalr: link = pc + 2 */
    li TESTNUM, 68
    la a1, 10f
    c.jr a1
    j rvt_fail
10: li TESTNUM, 69
    la t0, 12f
    li ra, 0
11: c.jalr t0
    j rvt_fail
12: la a5, 11b
    addi a5, a5, 2
    CHECK_EQ_REG(ra, a5)
    /* c.jalr ra: target is the old ra */
    li TESTNUM, 70
    la ra, 14f
13: c.jalr ra
    j rvt_fail
14: la a5, 13b
    addi a5, a5, 2
    CHECK_EQ_REG(ra, a5)
    /* c.jr to an odd address: bit 0 is cleared */
    li TESTNUM, 71
    la a1, 15f
    addi a1, a1, 1
    c.jr a1
    j rvt_fail
15:

    /* ---- a 32-bit instruction at an address that is 2 mod 4 */
    li TESTNUM, 72
    .balign 4
    c.nop
    li a0, 0x5a
    .option norvc
    addi a0, a0, 0x11       /* at 4n + 2 (after c.nop and a c.li) */
    .option rvc
    CHECK_EQ(a0, 0x6b)
    li TESTNUM, 73
    j 16f
    /* ---- a 32-bit instruction straddling a 4 KiB page boundary */
    .balign 4096
    .skip 4096 - 4
16: c.li a0, 3
    .option norvc
    addi a0, a0, 0x123      /* bytes 4094..4097 of the page pair */
    .option rvc
    CHECK_EQ(a0, 0x126)
    .option pop
RVT_CODE_END

RVT_DATA_BEGIN
    .balign 256
cdata:
    .word 0x80000001, 0xfedcba98
    .fill 116 / 4, 4, 0
    .word 0x7ffffff0              /* offset 124 */
    .fill (248 - 128) / 4, 4, 0
    .dword 0x8877665544332211     /* offset 248 */
    .balign 1024
    .fill 1024, 1, 0
cstack:
    .fill 1024, 1, 0
RVT_DATA_END
