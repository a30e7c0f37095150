// @rvt desc: mret/sret: new mode = MPP/SPP, MIE = MPIE / SIE = SPIE, MPIE/SPIE = 1, MPP/SPP = U, mret to M keeps MPRV (mi_strict: leaving M clears it); sret from M; mstatus.TSR (sret illegal in S), TVM (satp and sfence.vma illegal in S), TW; sret/mret illegal from lower modes
#include "rvt.h"

#define FIELDS (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP)

RVT_CODE_BEGIN(M)
    /* 1-2: mret to S with MPIE = 1, MIE = 0 (mie = 0 keeps interrupts out) */
    li a1, FIELDS | MSTATUS_MPRV
    csrc mstatus, a1
    li a1, MSTATUS_MPIE | MSTATUS_MPP_S
    csrs mstatus, a1
    la a1, 1f
    csrw mepc, a1
    mret
    j rvt_fail
1:  TEST_TRAP(1, CAUSE_SUPERVISOR_ECALL, ecall)       /* we are in S */
    li TESTNUM, 2
    RVT_TRAP_FIELD(a4, TR_STATUS)                     /* mstatus as the M handler saw it */
    li a5, FIELDS | MSTATUS_MPRV
    and a4, a4, a5
    /* after the mret: MIE = 1 (from MPIE), MPIE = 1, MPP = U; then the ecall:
     * MPIE = MIE = 1, MIE = 0, MPP = S */
    CHECK_EQ(a4, MSTATUS_MPIE | MSTATUS_MPP_S)
    RVT_S_TO_M(back1)
back1:
    /* 3: mret to M keeps MPRV, MPP becomes U */
    li TESTNUM, 3
    li a1, FIELDS | MSTATUS_MPRV
    csrc mstatus, a1
    li a1, MSTATUS_MPP_M | MSTATUS_MPRV
    csrs mstatus, a1
    la a1, 2f
    csrw mepc, a1
    mret
    j rvt_fail
2:  csrr a4, mstatus
    li a5, FIELDS | MSTATUS_MPRV
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPIE | MSTATUS_MPRV)
    li a1, MSTATUS_MPRV
    csrc mstatus, a1

    /* 4-5: sret from M: mode = SPP (U here), SIE = SPIE, SPIE = 1, SPP = U */
    li a1, FIELDS
    csrc mstatus, a1
    li a1, MSTATUS_SPIE
    csrs mstatus, a1
    la a1, 3f
    csrw sepc, a1
    sret
    j rvt_fail
3:  TEST_TRAP(4, CAUSE_USER_ECALL, ecall)             /* we are in U */
    li TESTNUM, 5
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, FIELDS
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_SIE | MSTATUS_SPIE)
    RVT_U_TO_M(back2)
back2:

    /* 6-7: sret from S to S (SPP = S) and from S to U */
    li a1, FIELDS
    csrc mstatus, a1
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    li TESTNUM, 6
    li a1, MSTATUS_SPP
    csrs sstatus, a1
    la a1, 4f
    csrw sepc, a1
    sret
    j rvt_fail
4:  csrr a4, sstatus                                  /* readable: still in S */
    andi a4, a4, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
    CHECK_EQ(a4, MSTATUS_SPIE)
    li TESTNUM, 7
    la a1, 5f
    csrw sepc, a1
    sret                                              /* SPP = U now */
    j rvt_fail
5:  TEST_ILLEGAL32(8, csrr a4, sstatus)               /* in U */
    TEST_ILLEGAL32(9, sret)
    TEST_ILLEGAL32(10, mret)
    RVT_U_TO_M(back3)
back3:

    /* 11-13: TSR: sret illegal in S, fine in M */
    li a1, MSTATUS_TSR
    csrs mstatus, a1
    RVT_MRET_TO(PRV_S, in_s2)
in_s2:
    TEST_ILLEGAL32(11, sret)
    TEST_ILLEGAL32(12, mret)
    RVT_S_TO_M(back4)
back4:
    li TESTNUM, 13
    li a1, MSTATUS_SPP
    csrs mstatus, a1
    la a1, 6f
    csrw sepc, a1
    sret
    j rvt_fail
6:  TEST_TRAP(14, CAUSE_SUPERVISOR_ECALL, ecall)      /* sret went to S */
    RVT_S_TO_M(back5)
back5:
    li a1, MSTATUS_TSR
    csrc mstatus, a1

    /* 15-19: TVM: satp accesses and sfence.vma illegal in S, fine in M */
    li a1, MSTATUS_TVM
    csrs mstatus, a1
    csrr a4, satp
    sfence.vma
    RVT_MRET_TO(PRV_S, in_s3)
in_s3:
    TEST_ILLEGAL32(15, csrr a4, satp)
    TEST_ILLEGAL32(16, csrw satp, zero)
    TEST_ILLEGAL32(17, sfence.vma)
    TEST_ILLEGAL32(18, sfence.vma a0, zero)
    TEST_CASE(19, a4, 0x99, li a2, 0x99; csrw sscratch, a2; csrr a4, sscratch)   /* other S CSRs fine */
    RVT_S_TO_M(back6)
back6:
    li a1, MSTATUS_TVM
    csrc mstatus, a1
    /* without TVM, S may use satp and sfence.vma */
    RVT_MRET_TO(PRV_S, in_s4)
in_s4:
    TEST_CASE(20, a4, 0, csrr a4, satp; sfence.vma; sfence.vma a0, a1)
    RVT_S_TO_M(back7)
back7:
    RVT_RESTORE_SCRATCH
RVT_CODE_END
