// @rvt desc: Zicsr csrrw/csrrs/csrrc and immediate forms (old value, new value, rd = x0, rs1 = x0, rd == rs1), machine information CSRs, misa, read-only and privileged CSR accesses trap with tval = instruction, unknown CSRs trap, mstatus/sstatus, mie/sie, mideleg/medeleg, satp WARL
#include "rvt.h"

RVT_CODE_BEGIN(M)
    .option push
    .option norvc

    /* ---------------- the six instructions on mscratch */
    li a1, 0x1111
    csrw mscratch, a1
    TEST_CASE(1, a4, 0x1111, li a2, 0x2222; csrrw a4, mscratch, a2)
    TEST_CASE(2, a4, 0x2222, csrr a4, mscratch)
    TEST_CASE(3, a4, 0x2222, li a2, 0x0f0f; csrrs a4, mscratch, a2)
    TEST_CASE(4, a4, 0x2f2f, csrr a4, mscratch)
    TEST_CASE(5, a4, 0x2f2f, li a2, 0x2222; csrrc a4, mscratch, a2)
    TEST_CASE(6, a4, 0x0d0d, csrr a4, mscratch)
    TEST_CASE(7, a4, 0x0d0d, csrrwi a4, mscratch, 31)
    TEST_CASE(8, a4, 31, csrr a4, mscratch)               /* uimm is zero-extended */
    TEST_CASE(9, a4, 31, csrrci a4, mscratch, 0x15)
    TEST_CASE(10, a4, 0x0a, csrr a4, mscratch)
    TEST_CASE(11, a4, 0x0a, csrrsi a4, mscratch, 0x11)
    TEST_CASE(12, a4, 0x1b, csrr a4, mscratch)
    /* rs1 = x0 / uimm = 0: read without writing */
    TEST_CASE(13, a4, 0x1b, csrrs a4, mscratch, x0; csrrc a4, mscratch, x0; csrrsi a4, mscratch, 0; csrrci a4, mscratch, 0; csrr a4, mscratch)
    /* rd = x0 still writes */
    TEST_CASE(14, a4, 0x8000000000000001, li a2, 0x8000000000000001; csrrw x0, mscratch, a2; csrr a4, mscratch)
    TEST_CASE(15, a4, 0x8000000000000000, li a2, 1; csrrc x0, mscratch, a2; csrr a4, mscratch)
    TEST_CASE(16, a4, 0x800000000000ffff, li a2, 0xffff; csrrs x0, mscratch, a2; csrr a4, mscratch)
    /* rd == rs1: swap */
    TEST_CASE(17, a2, 0x800000000000ffff, li a2, 0x1234; csrrw a2, mscratch, a2)
    TEST_CASE(18, a4, 0x1234, csrr a4, mscratch)
    /* csrrwi with uimm = 0 writes zero */
    TEST_CASE(19, a4, 0, csrrwi x0, mscratch, 0; csrr a4, mscratch)
    /* sscratch is a separate register, accessible from M */
    TEST_CASE(20, a4, 0xfeedface, li a2, 0xfeedface; csrw sscratch, a2; li a2, 5; csrw mscratch, a2; csrr a4, sscratch)
    TEST_CASE(21, a4, 5, csrr a4, mscratch)
    RVT_RESTORE_SCRATCH

    /* ---------------- machine information */
    TEST_CASE(22, a4, 0, csrr a4, mhartid)
    li TESTNUM, 23
    csrr a4, misa
    srli a5, a4, 62
    CHECK_EQ(a5, 2)                                      /* MXL = 64 */
    li a5, (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)   /* A C I M S U */
    and a4, a4, a5
    CHECK_EQ_REG(a4, a5)
    li TESTNUM, 24
    csrr a4, mvendorid
    csrr a4, marchid
    csrr a4, mimpid
    /* mstatus.UXL = SXL = 2 (64-bit) */
    li TESTNUM, 25
    csrr a4, mstatus
    li a5, MSTATUS_UXL | MSTATUS_SXL
    and a4, a4, a5
    CHECK_EQ(a4, 0x0000000a00000000)

    /* ---------------- read-only CSRs: any write traps, reads (rs1 = x0, uimm = 0) do not */
    li a1, 1
    TEST_ILLEGAL32(26, csrw mhartid, a1)
    TEST_ILLEGAL32(27, csrrs a4, mvendorid, a1)
    TEST_ILLEGAL32(28, csrrwi a4, marchid, 0)
    TEST_ILLEGAL32(29, csrrci a4, mimpid, 1)
    TEST_ILLEGAL32(30, csrrw a4, cycle, a1)
    TEST_ILLEGAL32(31, csrrsi a4, instret, 3)
    TEST_ILLEGAL32(32, csrrc a4, time, a1)
    TEST_CASE(33, a4, 0, csrrs a4, mhartid, x0; csrrsi a4, mhartid, 0; csrrc a4, mhartid, x0; csrrci a4, mhartid, 0)
    TEST_CASE(34, a4, 0, csrr a4, mhartid)
    /* unimplemented CSR numbers */
    TEST_ILLEGAL32(35, csrr a4, 0x5c0)
    TEST_ILLEGAL32(36, csrw 0x7c0, a1)
    TEST_ILLEGAL32(37, csrr a4, 0x8ff)

    /* ---------------- mstatus / sstatus */
#define SM_BITS (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP)
    li TESTNUM, 38
    li a1, SM_BITS
    csrc mstatus, a1
    li a1, MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP_S
    csrs mstatus, a1
    csrr a4, mstatus
    li a5, SM_BITS
    and a4, a4, a5
    CHECK_EQ_REG(a4, a1)
    li TESTNUM, 39                                       /* sstatus shows only the S fields */
    csrr a4, sstatus
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
    li TESTNUM, 40                                       /* clearing sstatus leaves M fields */
    csrw sstatus, zero
    csrr a4, mstatus
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_S)
    li TESTNUM, 41                                       /* setting sstatus sets the S fields */
    li a1, -1
    csrs sstatus, a1
    csrr a4, mstatus
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP_S)
    li TESTNUM, 42                                       /* MPP holds U, S, M */
    li a1, MSTATUS_MPP
    csrc mstatus, a1
    csrr a4, mstatus
    and a4, a4, a1
    CHECK_EQ(a4, 0)
    li a2, MSTATUS_MPP_M
    csrs mstatus, a2
    csrr a4, mstatus
    and a4, a4, a1
    CHECK_EQ(a4, MSTATUS_MPP_M)
    li a1, MSTATUS_SIE | MSTATUS_MIE
    csrc mstatus, a1

    /* ---------------- mideleg / medeleg / mie / sie / mip / sip */
    li TESTNUM, 43                                       /* M interrupts cannot be delegated */
    li a1, 0xaaa
    csrw mideleg, a1
    csrr a4, mideleg
    and a4, a4, a1
    CHECK_EQ(a4, 0x222)
    li TESTNUM, 44                                       /* the S bits of mie through sie */
    csrw mie, zero
    li a1, -1
    csrw sie, a1
    csrr a4, mie
    li a5, 0xaaa
    and a4, a4, a5
    CHECK_EQ(a4, 0x222)
    li TESTNUM, 45
    li a1, 0x888
    csrs mie, a1
    csrr a4, sie
    and a4, a4, a5
    CHECK_EQ(a4, 0x222)                                  /* sie does not show M bits */
    li TESTNUM, 46
    csrw sie, zero
    csrr a4, mie
    and a4, a4, a5
    CHECK_EQ(a4, 0x888)
    csrw mie, zero
    li TESTNUM, 47                                       /* sip.SSIP writes mip.SSIP */
    csrw mip, zero
    csrsi sip, MIP_SSIP
    csrr a4, mip
    andi a4, a4, MIP_SSIP
    CHECK_EQ(a4, MIP_SSIP)
    csrci sip, MIP_SSIP
    csrr a4, mip
    andi a4, a4, MIP_SSIP
    CHECK_EQ(a4, 0)
    csrw mideleg, zero
    li TESTNUM, 48                                       /* medeleg: the bits the tests use */
    li a1, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15)
    csrw medeleg, a1
    csrr a4, medeleg
    and a4, a4, a1
    CHECK_EQ_REG(a4, a1)
    csrw medeleg, zero
    csrr a4, medeleg
    CHECK_EQ(a4, 0)

    /* ---------------- satp: unsupported MODE values are not written */
    li TESTNUM, 49
    csrw satp, zero
    li a1, (1 << 60) | 0x123                             /* Sv32 mode on RV64: invalid */
    csrw satp, a1
    csrr a4, satp
    CHECK_EQ(a4, 0)
    li TESTNUM, 50
    li a1, SATP_MODE_SV39 | 0x80123                      /* Sv39 is accepted (no effect in M) */
    csrw satp, a1
    csrr a4, satp
    CHECK_EQ_REG(a4, a1)
    li a1, 0xf000000000000000 | 0x80456                  /* reserved mode 15: ignored */
    csrw satp, a1
    csrr a4, satp
    CHECK_EQ(a4, SATP_MODE_SV39 | 0x80123)
    csrw satp, zero

    /* ---------------- privilege checks: S-mode */
    RVT_MRET_TO(PRV_S, s_code)
s_code:
    TEST_CASE(51, a4, 0x77, li a2, 0x77; csrw sscratch, a2; csrr a4, sscratch)   /* S traps go to M here */
    TEST_ILLEGAL32(52, csrr a4, mstatus)
    TEST_ILLEGAL32(53, csrr a4, mscratch)
    TEST_ILLEGAL32(54, csrrs a4, mhartid, x0)
    TEST_ILLEGAL32(55, csrw mtvec, a2)
    TEST_ILLEGAL32(56, csrr a4, mcycle)
    TEST_ILLEGAL32(57, csrrwi a4, cycle, 1)
    TEST_CASE(58, a4, MSTATUS_SIE, csrw sstatus, zero; csrsi sstatus, MSTATUS_SIE; csrr a4, sstatus; andi a4, a4, 0x1ff; csrci sstatus, MSTATUS_SIE)
    RVT_S_TO_M(m_back1)
m_back1:
    /* ---------------- U-mode */
    RVT_MRET_TO(PRV_U, u_code)
u_code:
    TEST_ILLEGAL32(59, csrr a4, sscratch)
    TEST_ILLEGAL32(60, csrr a4, sstatus)
    TEST_ILLEGAL32(61, csrw mscratch, a2)
    TEST_ILLEGAL32(62, csrr a4, satp)
    TEST_ILLEGAL32(63, csrr a4, cycle)                   /* mcounteren = 0 */
    RVT_U_TO_M(m_back2)
m_back2:
    TEST_CASE(64, a4, 0x77, csrr a4, sscratch)
    RVT_RESTORE_SCRATCH
    .option pop
RVT_CODE_END
