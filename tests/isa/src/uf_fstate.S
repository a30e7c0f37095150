// @rvt march: rv64gc_zicsr_zifencei
// @rvt desc: F/D machine state: mstatus.FS Off makes every FP instruction and fflags/frm/fcsr illegal (xtval = the instruction, 32- and 16-bit), FS Initial/Clean become Dirty on FP register and fcsr writes, SD (bit 63) of mstatus/sstatus follows FS = Dirty, sstatus shows FS; misa F and D; fcsr/fflags/frm aliases and field widths; reserved static rounding modes and dyn with frm 5..7 are illegal, instructions without a rounding mode ignore frm; NaN boxing (flw, fmv.w.x, improperly boxed operands read as the canonical NaN, fmv.x.w/fsw use the raw low word); canonical NaNs
#include "rvt.h"

#define FS_INITIAL 0x2000
#define FS_CLEAN   0x4000
#define FS_DIRTY   0x6000
#define SD_BIT     0x8000000000000000

/* a4 = mstatus.FS */
#define READ_FS csrr a4, mstatus; li t6, MSTATUS_FS; and a4, a4, t6

RVT_CODE_BEGIN(M)
    /* ---------------- misa.F (5) and misa.D (3) */
    li TESTNUM, 1
    csrr a4, misa
    andi a4, a4, (1 << 5) | (1 << 3)
    CHECK_EQ(a4, (1 << 5) | (1 << 3))

    /* ---------------- FS = Off (the environment clears mstatus at reset) */
    TEST_CASE(2, a4, 0, READ_FS)
    TEST_ILLEGAL32(3, fadd.s fa0, fa1, fa2)
    TEST_ILLEGAL32(4, fld fa0, 0(t3))
    TEST_ILLEGAL32(5, fsd fa0, 0(t3))
    TEST_ILLEGAL32(6, fmv.x.d a0, fa0)
    TEST_ILLEGAL32(7, fmv.d.x fa0, a0)
    TEST_ILLEGAL32(8, csrr a0, fcsr)
    TEST_ILLEGAL32(9, csrw fflags, zero)
    TEST_ILLEGAL32(10, csrr a0, frm)
    TEST_ILLEGAL16(11, c.fld fa0, 0(a0))
    TEST_ILLEGAL16(12, c.fsdsp fa0, 0(sp))
    TEST_ILLEGAL32(13, fmadd.d fa0, fa1, fa2, fa3)
    TEST_CASE(14, a4, 0, READ_FS)

    /* ---------------- Initial: no SD; an FP register write makes it Dirty and sets SD */
    li t0, FS_INITIAL
    csrs mstatus, t0
    TEST_CASE(15, a4, FS_INITIAL, READ_FS)
    TEST_CASE(16, a4, 0, csrr a4, mstatus; srli a4, a4, 63)
    TEST_CASE(17, a4, FS_DIRTY, li a1, 0x3ff0000000000000; fmv.d.x fa0, a1; READ_FS)
    TEST_CASE(18, a4, 1, csrr a4, mstatus; srli a4, a4, 63)
    TEST_CASE(19, a4, 1, csrr a4, sstatus; srli a4, a4, 63)
    TEST_CASE(20, a4, FS_DIRTY, csrr a4, sstatus; li t6, MSTATUS_FS; and a4, a4, t6)
    /* Clean: a load makes it Dirty */
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, FS_CLEAN
    csrs mstatus, t0
    TEST_CASE(21, a4, FS_CLEAN, READ_FS)
    TEST_CASE(22, a4, 0, csrr a4, mstatus; srli a4, a4, 63)
    TEST_CASE(23, a4, FS_DIRTY, la a1, fdata; fld fa1, 0(a1); READ_FS)
    /* Clean: an fcsr write makes it Dirty */
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, FS_CLEAN
    csrs mstatus, t0
    TEST_CASE(24, a4, FS_DIRTY, csrwi fflags, 1; READ_FS)
    /* sstatus.FS is writable and the same field */
    li t0, MSTATUS_FS
    csrc sstatus, t0
    TEST_CASE(25, a4, 0, READ_FS)
    TEST_ILLEGAL32(26, fsgnj.d fa0, fa1, fa1)
    li t0, FS_INITIAL
    csrs sstatus, t0
    TEST_CASE(27, a4, FS_INITIAL, READ_FS)

    /* ---------------- fcsr, fflags, frm */
    TEST_CASE(28, a4, 0xff, li a1, -1; csrw fcsr, a1; csrr a4, fcsr)
    TEST_CASE(29, a4, 0x1f, csrr a4, fflags)
    TEST_CASE(30, a4, 7, csrr a4, frm)
    TEST_CASE(31, a4, 0x5f, csrwi frm, 2; csrr a4, fcsr)
    TEST_CASE(32, a4, 0x40, csrwi fflags, 0; csrr a4, fcsr)
    TEST_CASE(33, a4, 0x40, csrr a4, fcsr; li a1, 0x100; csrs fflags, a1; csrr a4, fcsr)
    TEST_CASE(34, a4, 0x4a, csrsi fflags, 0x0a; csrr a4, fcsr)
    TEST_CASE(35, a4, 0x4a, csrrw a4, fcsr, zero)
    TEST_CASE(36, a4, 0x00, csrr a4, fcsr)
    /* accrued: flags only ever get set by arithmetic */
    TEST_CASE(37, a4, 0x10, li a1, 0x7ff4000000000000; fmv.d.x fa1, a1; fadd.d fa0, fa1, fa1; csrr a4, fflags)
    TEST_CASE(38, a4, 0x18, fmv.d.x fa2, zero; li a1, 0x3ff0000000000000; fmv.d.x fa1, a1; fdiv.d fa0, fa1, fa2; csrr a4, fflags)

    /* ---------------- rounding-mode field */
    csrwi fcsr, 0
    TEST_ILLEGAL32(39, .insn 0x02b5d553)     /* fadd.d fa0,fa1,fa1 with rm = 5 */
    TEST_ILLEGAL32(40, .insn 0x02b5e553)     /* rm = 6 */
    TEST_ILLEGAL32(41, .insn 0x5805d553)     /* fsqrt.s rm = 5 */
    TEST_ILLEGAL32(42, .insn 0xc005e553)     /* fcvt.w.s rm = 6 */
    TEST_ILLEGAL32(43, .insn 0xd205e553)     /* fcvt.d.w rm = 6: exact, still checked */
    TEST_ILLEGAL32(44, .insn 0x68c5d543)     /* fmadd.s rm = 5 */
    csrwi frm, 5
    TEST_ILLEGAL32(45, fadd.d fa0, fa1, fa1, dyn)
    csrwi frm, 6
    TEST_ILLEGAL32(46, fmul.s fa0, fa1, fa1, dyn)
    csrwi frm, 7
    TEST_ILLEGAL32(47, fcvt.l.d a0, fa1, dyn)
    /* no rounding mode: frm is irrelevant */
    TEST_CASE(48, a4, 0x3ff0000000000000, li a1, 0x3ff0000000000000; fmv.d.x fa1, a1; fsgnj.d fa0, fa1, fa1; fmv.x.d a4, fa0)
    TEST_CASE(49, a4, 1, feq.d a4, fa1, fa1)
    TEST_CASE(50, a4, 1, fmin.d fa0, fa1, fa1; feq.d a4, fa0, fa1)
    TEST_CASE(51, a4, 0x3ff0000000000000, fmv.d.x fa2, zero; fmadd.d fa0, fa1, fa1, fa2, rtz; fmv.x.d a4, fa0)
    /* frm selects the dynamic mode: 1/3 rounds down with RDN (2) and RTZ (1), up with RUP (3) */
    li a1, 0x3ff0000000000000
    fmv.d.x fa1, a1
    li a1, 0x4008000000000000
    fmv.d.x fa2, a1
    csrwi frm, 2
    TEST_CASE(52, a4, 0x3fd5555555555555, fdiv.d fa0, fa1, fa2; fmv.x.d a4, fa0)
    csrwi frm, 3
    TEST_CASE(53, a4, 0x3fd5555555555556, fdiv.d fa0, fa1, fa2; fmv.x.d a4, fa0)
    TEST_CASE(54, a4, 0x3fd5555555555555, fdiv.d fa0, fa1, fa2, rne; fmv.x.d a4, fa0)
    TEST_CASE(55, a4, 0x3fd5555555555555, fdiv.d fa0, fa1, fa2, rmm; fmv.x.d a4, fa0)
    TEST_CASE(56, a4, 0x61, csrr a4, fcsr)
    csrwi fcsr, 0

    /* ---------------- NaN boxing */
    TEST_CASE(57, a4, 0xffffffff3f800000, li a1, 0x123456783f800000; fmv.w.x fa0, a1; fmv.x.d a4, fa0)
    TEST_CASE(58, a4, 0xffffffffc0490fdb, la a1, fdata; flw fa0, 8(a1); fmv.x.d a4, fa0)
    /* fmv.x.w sign-extends the raw low word, boxed or not */
    TEST_CASE(59, a4, 0xffffffffc0490fdb, fmv.x.w a4, fa0)
    TEST_CASE(60, a4, 0x3f800000, li a1, 0x000000003f800000; fmv.d.x fa1, a1; fmv.x.w a4, fa1)
    /* improperly boxed operands read as the canonical NaN */
    TEST_CASE(61, a4, 0xffffffff7fc00000, li a1, 0x3f800000; fmv.w.x fa2, a1; fadd.s fa0, fa1, fa2; fmv.x.d a4, fa0)
    TEST_CASE(62, a4, 0, csrr a4, fflags)
    TEST_CASE(63, a4, 0xffffffffffc00000, fsgnjn.s fa0, fa1, fa1; fmv.x.d a4, fa0)
    TEST_CASE(64, a4, 0xffffffff3f800000, fsgnj.s fa0, fa2, fa2; fmv.x.d a4, fa0)
    TEST_CASE(65, a4, 0x200, fclass.s a4, fa1)
    TEST_CASE(66, a4, 0x7ff8000000000000, fcvt.d.s fa0, fa1; fmv.x.d a4, fa0)
    TEST_CASE(67, a4, 0, feq.s a4, fa1, fa1)
    TEST_CASE(68, a4, 0, csrr a4, fflags)
    /* fsw stores the raw low word */
    TEST_CASE(69, a4, 0x3f800000, la a1, fbuf; fsw fa1, 0(a1); lwu a4, 0(a1))
    /* fmin/fmax of an improperly boxed (NaN) and a number give the number */
    TEST_CASE(70, a4, 0xffffffff3f800000, fmax.s fa0, fa1, fa2; fmv.x.d a4, fa0)

    /* ---------------- canonical NaNs */
    TEST_CASE(71, a4, 0xffffffff7fc00000, fmv.w.x fa1, zero; fdiv.s fa0, fa1, fa1; fmv.x.d a4, fa0)
    TEST_CASE(72, a4, 0x10, csrr a4, fflags)
    csrwi fflags, 0
    TEST_CASE(73, a4, 0x7ff8000000000000, li a1, 0xfff0000000000001; fmv.d.x fa1, a1; fmul.d fa0, fa1, fa1; fmv.x.d a4, fa0)
    TEST_CASE(74, a4, 0x10, csrr a4, fflags)
    csrwi fflags, 0
    TEST_CASE(75, a4, 0x7ff8000000000000, li a1, 0xfff8000000000123; fmv.d.x fa1, a1; fsqrt.d fa0, fa1; fmv.x.d a4, fa0)
    TEST_CASE(76, a4, 0, csrr a4, fflags)
    /* sign injection keeps NaN payloads (no canonicalisation) */
    TEST_CASE(77, a4, 0x7ff8000000000123, fsgnjx.d fa0, fa1, fa1; fmv.x.d a4, fa0)

    /* ---------------- FP state survives U-mode; U can use the FPU while FS != Off */
    csrwi fcsr, 0
    RVT_MRET_TO(PRV_U, 1f)
1:  TEST_CASE(78, a4, 0x3ff0000000000000, li a1, 0x3ff0000000000000; fmv.d.x fa3, a1; fmv.x.d a4, fa3)
    TEST_CASE(79, a4, 0, csrr a4, fcsr)
    RVT_U_TO_M(2f)
2:  li t0, MSTATUS_FS
    csrc mstatus, t0
    RVT_MRET_TO(PRV_U, 3f)
3:  TEST_ILLEGAL32(80, fmv.x.d a4, fa3)
    RVT_U_TO_M(4f)
4:  li t0, FS_INITIAL
    csrs mstatus, t0
    TEST_CASE(81, a4, 0x3ff0000000000000, fmv.x.d a4, fa3)
RVT_CODE_END

    .data
    .balign 8
fdata: .dword 0x3ff0000000000000
       .word 0xc0490fdb, 0
fbuf:  .dword 0
