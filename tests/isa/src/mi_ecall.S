// @rvt desc: ecall from M/S/U: cause 11/9/8, xepc = the ecall, xtval = 0, mstatus.MPP/MPIE/MIE on entry and after mret, delegation of U/S ecalls to S (scause, sepc, SPP, SPIE), M-mode traps are never delegated
#include "rvt.h"

#define STATUS_IE_BITS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)

RVT_CODE_BEGIN(M)
    /* 1-4: ecall from M with MIE = 1: MPIE = 1, MIE = 0, MPP = M inside; after mret MIE = 1,
     * MPIE = 1, MPP = U (the least-privileged mode) */
    csrsi mstatus, MSTATUS_MIE              /* mie = 0: nothing can interrupt */
    li a1, 0x1234
    csrw mtval, a1
    TEST_TRAP(1, CAUSE_MACHINE_ECALL, ecall)
    CHECK_TRAP(TR_TVAL, 0)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    li TESTNUM, 2
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, STATUS_IE_BITS
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPIE | MSTATUS_MPP_M)
    li TESTNUM, 3
    csrr a4, mstatus
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MIE | MSTATUS_MPIE)
    /* with MIE = 0 */
    csrci mstatus, MSTATUS_MIE
    TEST_TRAP(4, CAUSE_MACHINE_ECALL, ecall)
    li TESTNUM, 5
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, STATUS_IE_BITS
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPP_M)
    li TESTNUM, 6
    csrr a4, mstatus
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPIE)

    /* 7-9: ecall from S */
    li a1, 0x5678
    csrw mtval, a1
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    TEST_TRAP(7, CAUSE_SUPERVISOR_ECALL, ecall)
    CHECK_TRAP(TR_TVAL, 0)
    li TESTNUM, 8
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPP
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPP_S)
    /* compressed and uncompressed code around the ecall: mepc is exact */
    li TESTNUM, 9
    RVT_EXPECT_TRAP(CAUSE_SUPERVISOR_ECALL, 1f)
    c.nop
2:  ecall
    j rvt_fail
1:  CHECK_TRAP_EPC(2b)
    RVT_S_TO_M(back_m1)
back_m1:

    /* 10-11: ecall from U */
    li a1, 0x9abc
    csrw mtval, a1
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    TEST_TRAP(10, CAUSE_USER_ECALL, ecall)
    CHECK_TRAP(TR_TVAL, 0)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    li TESTNUM, 11
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPP
    and a4, a4, a5
    CHECK_EQ(a4, 0)
    RVT_U_TO_M(back_m2)
back_m2:

    /* 12-15: U ecall delegated to S; S ecall delegated to S */
    li a1, (1 << CAUSE_USER_ECALL) | (1 << CAUSE_SUPERVISOR_ECALL)
    csrw medeleg, a1
    li a1, 0x1111
    csrw stval, a1
    csrsi sstatus, MSTATUS_SIE              /* SIE = 1 in U: SPIE must record it */
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    TEST_TRAP(12, CAUSE_USER_ECALL, ecall)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_TRAP(TR_TVAL, 0)
    li TESTNUM, 13
    RVT_TRAP_FIELD(a4, TR_STATUS)           /* sstatus in the S handler */
    andi a4, a4, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    CHECK_EQ(a4, MSTATUS_SPIE)
    /* the handler resumed here in U with sret: SIE = SPIE = 1 again. Go to S via an ecall
     * resumed in S by the S handler */
    RVT_EXPECT_TRAP_TO(CAUSE_USER_ECALL, in_s2, PRV_S)
    ecall
    j rvt_fail
in_s2:
    TEST_TRAP(14, CAUSE_SUPERVISOR_ECALL, ecall)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    li TESTNUM, 15
    RVT_TRAP_FIELD(a4, TR_STATUS)
    andi a4, a4, MSTATUS_SPP
    CHECK_EQ(a4, MSTATUS_SPP)
    /* back to M: S ecall no longer delegated */
    csrci sstatus, MSTATUS_SIE
    /* S ecalls are delegated, so get back to M with an (undelegated) illegal instruction:
     * reading medeleg from S */
    RVT_EXPECT_TRAP_TO(CAUSE_ILLEGAL_INSTRUCTION, back_m3, PRV_M)
    csrr a4, medeleg
    j rvt_fail
back_m3:
    csrw medeleg, zero

    /* 16: with every medeleg bit set, an ecall from M still traps to M */
    li a1, -1
    csrw medeleg, a1
    TEST_TRAP(16, CAUSE_MACHINE_ECALL, ecall)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    csrw medeleg, zero

RVT_CODE_END
