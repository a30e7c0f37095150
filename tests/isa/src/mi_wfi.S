// @rvt desc: wfi: returns when an interrupt is pending and enabled in mie even with mstatus.MIE = 0 (and really waits for a future timer interrupt), with MIE = 1 the interrupt is taken with mepc after the wfi; mstatus.TW = 1 makes wfi illegal in S (not in M); wfi in U is illegal
#include "rvt.h"

#define MSIP_SET    li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0)
#define MSIP_CLEAR  li t0, CLINT_MSIP; sw zero, 0(t0)
#define TIMER_OFF   li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0)
#define TIMER_IN(ticks) li t0, CLINT_MTIME; ld t1, 0(t0); li t2, ticks; add t1, t1, t2; li t0, CLINT_MTIMECMP; sd t1, 0(t0)

RVT_CODE_BEGIN(M)
    /* 1: MSI pending + enabled in mie, MIE = 0: wfi falls through, no trap */
    li TESTNUM, 1
    li a1, MIP_MSIP
    csrs mie, a1
    MSIP_SET
    wfi
    csrr a4, mip
    andi a4, a4, MIP_MSIP
    CHECK_EQ(a4, MIP_MSIP)
    MSIP_CLEAR
    csrw mie, zero

    /* 2: a timer interrupt 1000 ticks away: wfi sleeps until MTIP (a wfi that returned early
     * would make the loop run many times) */
    li TESTNUM, 2
    li a1, MIP_MTIP
    csrs mie, a1
    TIMER_IN(1000)
    li a2, 0
1:  wfi
    addi a2, a2, 1
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    beqz a4, 1b
    li a3, 4
    bgeu a2, a3, rvt_fail
    TIMER_OFF

    /* 3: the same with MIE = 1: the interrupt is taken, mepc = the instruction after wfi */
    li TESTNUM, 3
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_M_TIMER)
    TIMER_IN(300)
    csrsi mstatus, MSTATUS_MIE
2:  wfi
3:  RVT_WAIT_TRAP
    CHECK_TRAP(TR_CAUSE, CAUSE_INTR | IRQ_M_TIMER)
    CHECK_TRAP_EPC(3b)
    csrci mstatus, MSTATUS_MIE
    TIMER_OFF
    csrw mie, zero

    /* 4: TW = 1 does not affect M */
    li TESTNUM, 4
    li a1, MSTATUS_TW
    csrs mstatus, a1
    li a1, MIP_MSIP
    csrs mie, a1
    MSIP_SET
    wfi
    MSIP_CLEAR
    csrw mie, zero

    /* 5: TW = 1: wfi in S is an illegal instruction */
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    TEST_ILLEGAL32(5, wfi)
    RVT_S_TO_M(back1)
back1:
    li a1, MSTATUS_TW
    csrc mstatus, a1

    /* 6: TW = 0: wfi in S waits for / falls through on a pending, enabled interrupt that S
     * does not take (delegated SSI with sstatus.SIE = 0) */
    li a1, MIP_SSIP
    csrw mideleg, a1
    csrs mie, a1
    csrs mip, a1
    RVT_MRET_TO(PRV_S, in_s2)
in_s2:
    li TESTNUM, 6
    csrci sstatus, MSTATUS_SIE
    wfi
    csrr a4, sip
    andi a4, a4, MIP_SSIP
    CHECK_EQ(a4, MIP_SSIP)
    csrci sip, MIP_SSIP
    RVT_S_TO_M(back2)
back2:
    csrw mideleg, zero
    csrw mie, zero

    /* 7: wfi in U is illegal (S-mode exists) */
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    TEST_ILLEGAL32(7, wfi)
    RVT_U_TO_M(back3)
back3:
RVT_CODE_END
