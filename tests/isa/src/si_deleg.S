// @rvt desc: interrupt and exception delegation: delegated S interrupts (SSI, STI, SEI via mip) taken in S only when SIE = 1, always in U, never in M; undelegated ones go to M even from S with MIE = 0; scause/sepc/SPP/SPIE/SIE (priority SEI > SSI > STI: mi_strict); delegated exceptions from S stay in S, from M stay in M
#include "rvt.h"

#define SCAUSE_SSI (CAUSE_INTR | IRQ_S_SOFT)
#define SCAUSE_STI (CAUSE_INTR | IRQ_S_TIMER)
#define SCAUSE_SEI (CAUSE_INTR | IRQ_S_EXT)
#define S_IRQS (MIP_SSIP | MIP_STIP | MIP_SEIP)

RVT_CODE_BEGIN(M)
    li a1, S_IRQS
    csrw mideleg, a1

    /* 1: pending + enabled in mie, delegated, in M with MIE = SIE = 1: not taken */
    li TESTNUM, 1
    li a1, MIP_SSIP
    csrs mie, a1
    csrs mip, a1
    li a1, MSTATUS_MIE | MSTATUS_SIE
    csrs mstatus, a1
    li a5, 500
1:  addi a5, a5, -1
    bnez a5, 1b
    li a1, MSTATUS_MIE | MSTATUS_SIE
    csrc mstatus, a1

    /* 2-4: in S with SIE = 0: not taken; setting SIE takes it right away */
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    li TESTNUM, 2
    RVT_EXPECT_IRQ(SCAUSE_SSI)
    li a5, 500
2:  addi a5, a5, -1
    bnez a5, 2b
    CHECK_TRAP(TR_EXPECT, SCAUSE_SSI)           /* still armed */
    li TESTNUM, 3
    csrsi sstatus, MSTATUS_SIE
3:  RVT_WAIT_TRAP
    CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_TRAP(TR_CAUSE, SCAUSE_SSI)
    CHECK_TRAP(TR_TVAL, 0)
    CHECK_TRAP_EPC(3b)
    li TESTNUM, 4                               /* inside: SPP = S, SPIE = 1, SIE = 0 */
    RVT_TRAP_FIELD(a4, TR_STATUS)
    andi a4, a4, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
    CHECK_EQ(a4, MSTATUS_SPP | MSTATUS_SPIE)
    li TESTNUM, 5                               /* the handler turned sie.SSIE off; SIE is back */
    csrr a4, sie
    andi a4, a4, MIP_SSIP
    CHECK_EQ(a4, 0)
    csrr a4, sstatus
    andi a4, a4, MSTATUS_SIE
    CHECK_EQ(a4, MSTATUS_SIE)
    csrci sstatus, MSTATUS_SIE

    /* 6: in U, a delegated interrupt is taken even with SIE = 0 */
    RVT_S_TO_M(back1)
back1:
    li a1, MIP_SSIP
    csrs mie, a1
    li TESTNUM, 6
    RVT_EXPECT_IRQ(SCAUSE_SSI)
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_TRAP_EPC(in_u)
    RVT_TRAP_FIELD(a4, TR_STATUS)
    andi a4, a4, MSTATUS_SPP | MSTATUS_SPIE
    CHECK_EQ(a4, 0)
    RVT_U_TO_M(back2)
back2:
    li a1, MIP_SSIP
    csrc mip, a1

    /* 7: STI (mip.STIP written by M), delegated, taken in U */
    li TESTNUM, 7
    li a1, MIP_STIP
    csrs mie, a1
    csrs mip, a1
    RVT_EXPECT_IRQ(SCAUSE_STI)
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_LEVEL, PRV_S)
    RVT_U_TO_M(back3)
back3:
    li a1, MIP_STIP
    csrc mip, a1

    /* 8: SEI (software-set mip.SEIP), delegated, taken in S with SIE = 1 */
    li TESTNUM, 8
    li a1, MIP_SEIP
    csrs mie, a1
    csrs mip, a1
    RVT_EXPECT_IRQ(SCAUSE_SEI)
    li a1, MSTATUS_SIE
    csrs mstatus, a1
    RVT_MRET_TO(PRV_S, in_s2)
in_s2:
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_TRAP_EPC(in_s2)
    csrci sstatus, MSTATUS_SIE
    RVT_S_TO_M(back4)
back4:
    li a1, MIP_SEIP
    csrc mip, a1

    /* 9: not delegated: SSI in S with mstatus.MIE = 0 traps to M */
    csrw mideleg, zero
    li TESTNUM, 9
    li a1, MIP_SSIP
    csrs mie, a1
    csrs mip, a1
    RVT_EXPECT_IRQ(SCAUSE_SSI)
    li a1, MSTATUS_MIE
    csrc mstatus, a1
    RVT_MRET_TO(PRV_S, in_s3)
in_s3:
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_LEVEL, PRV_M)
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPP
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPP_S)
    RVT_S_TO_M(back5)
back5:
    li a1, MIP_SSIP
    csrc mip, a1
    csrw mie, zero

    /* 10-12: delegated exceptions: from S to S, from M to M */
    li a1, 1 << CAUSE_ILLEGAL_INSTRUCTION
    csrw medeleg, a1
    RVT_MRET_TO(PRV_S, in_s5)
in_s5:
    TEST_ILLEGAL32(10, csrr a4, mstatus)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    TEST_ILLEGAL16(11, .half 0x0000)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    RVT_S_TO_M(back7)
back7:
    TEST_ILLEGAL32(12, .word 0x0000000b)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    csrw medeleg, zero
    csrw mideleg, zero
RVT_CODE_END

