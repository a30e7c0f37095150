// @rvt desc: illegal-instruction exceptions (cause 2, xtval = the instruction's bits, 16-bit ones zero-extended): reserved and undefined encodings of every format, RVC reserved forms, F/D/V instructions with no FPU/vector state, privileged instructions from lower modes
#include "rvt.h"

#define ILL32(n, w) TEST_ILLEGAL32(n, .word w)
#define ILL16(n, hw) TEST_ILLEGAL16(n, .half hw)

RVT_CODE_BEGIN(M)
    /* ---------------- RVC reserved encodings */
    ILL16(1, 0x0000)            /* all zero: defined illegal */
    ILL16(2, 0x0004)            /* c.addi4spn with nzuimm = 0 */
    ILL16(3, 0x6501)            /* c.lui a0, 0 */
    ILL16(4, 0x6101)            /* c.addi16sp sp, 0 */
    ILL16(5, 0x8002)            /* c.jr x0 */
    ILL16(6, 0x4002)            /* c.lwsp x0 */
    ILL16(7, 0x6002)            /* c.ldsp x0 */
    ILL16(8, 0x2001)            /* c.addiw x0 */
    ILL16(9, 0x2000)            /* c.fld: no D state */
    ILL16(10, 0xa000)           /* c.fsd */
    ILL16(11, 0x2002)           /* c.fldsp */
    ILL16(12, 0xa002)           /* c.fsdsp */

    /* ---------------- 32-bit reserved / undefined encodings */
    ILL32(13, 0xc0001073)       /* unimp = csrrw x0, cycle, x0: write to a read-only CSR */
    ILL32(14, 0x0000000b)       /* custom-0 opcode */
    ILL32(15, 0x0200101b)       /* slliw with shamt[5] = 1 */
    ILL32(16, 0x0400101b)       /* slliw with funct7 bit 26 */
    ILL32(17, 0x4400501b)       /* sraiw with shamt[5] = 1 */
    ILL32(18, 0x40001013)       /* slli with funct6 = 010000 */
    ILL32(19, 0x0000201b)       /* OP-IMM-32 funct3 = 010 */
    ILL32(20, 0x0200103b)       /* OP-32 M funct3 = 001 (no mulhw in RV64) */
    ILL32(21, 0x00007003)       /* load funct3 = 111 */
    ILL32(22, 0x00004023)       /* store funct3 = 100 */
    ILL32(23, 0x00002063)       /* branch funct3 = 010 */
    ILL32(24, 0x00001067)       /* jalr funct3 = 001 */
    ILL32(25, 0x3000202f)       /* AMO funct5 = 00110 */
    ILL32(26, 0x1010302f)       /* lr.d with rs2 != 0 */
    ILL32(27, 0x00200073)       /* uret (no N extension) */
    ILL32(28, 0x00052007)       /* flw: no F state (mstatus.FS = 0) */
    ILL32(29, 0x00000053)       /* fadd.s */
    ILL32(30, 0x00000057)       /* OP-V */
    ILL32(31, 0x00300073)       /* SYSTEM funct12 = 3 */
    ILL32(32, 0xfe000033)       /* OP with funct7 = 1111111 */
    ILL32(33, 0x0200203b)       /* OP-32 M funct3 = 010 (no mulhsuw) */

    /* ---------------- privileged instructions from S and U */
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    TEST_ILLEGAL32(34, mret)
    TEST_ILLEGAL16(35, .half 0x0000)
    RVT_S_TO_M(back_m)
back_m:
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    TEST_ILLEGAL32(36, mret)
    TEST_ILLEGAL32(37, sret)
    TEST_ILLEGAL32(38, sfence.vma)
    TEST_ILLEGAL32(39, sfence.vma a0, a1)
    TEST_ILLEGAL32(40, .word 0xc0001073)
    TEST_ILLEGAL16(41, .half 0x6101)
    RVT_U_TO_M(done)
done:
RVT_CODE_END
