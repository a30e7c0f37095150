// @rvt desc: CLINT and M-mode interrupts: mtime advances, msip sets/clears mip.MSIP, mtimecmp sets/clears mip.MTIP, MSI/MTI taken only when enabled in mie and mstatus.MIE (in M) or always (in S/U), mcause = interrupt bit | code, MPIE/MPP, MSI has priority over MTI, mip.MSIP/MTIP are read-only through the CSR
#include "rvt.h"

#define MCAUSE_MSI (CAUSE_INTR | IRQ_M_SOFT)
#define MCAUSE_MTI (CAUSE_INTR | IRQ_M_TIMER)
#define SPIN_LIMIT 5000000


#define MSIP_SET    li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0)
#define MSIP_CLEAR  li t0, CLINT_MSIP; sw zero, 0(t0)
#define TIMER_OFF   li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0)
/* mtimecmp = mtime + ticks */
#define TIMER_IN(ticks) li t0, CLINT_MTIME; ld t1, 0(t0); addi t1, t1, ticks; li t0, CLINT_MTIMECMP; sd t1, 0(t0)

RVT_CODE_BEGIN(M)
    /* 1: mtime advances */
    li TESTNUM, 1
    li t0, CLINT_MTIME
    ld a1, 0(t0)
    li a5, SPIN_LIMIT
1:  ld a2, 0(t0)
    bne a2, a1, 2f
    addi a5, a5, -1
    bnez a5, 1b
    j rvt_fail
2:  bltu a2, a1, rvt_fail

    /* 2-3: msip -> mip.MSIP (no interrupt: mie = 0) */
    li TESTNUM, 2
    MSIP_SET
    li t0, CLINT_MSIP
    lw a4, 0(t0)
    CHECK_EQ(a4, 1)
    csrr a4, mip
    andi a4, a4, MIP_MSIP
    CHECK_EQ(a4, MIP_MSIP)
    li TESTNUM, 3
    MSIP_CLEAR
    csrr a4, mip
    andi a4, a4, MIP_MSIP
    CHECK_EQ(a4, 0)

    /* 4-5: mtimecmp in the past -> MTIP; -1 -> clear */
    li TESTNUM, 4
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li a5, SPIN_LIMIT
3:  csrr a4, mip
    andi a4, a4, MIP_MTIP
    bnez a4, 4f
    addi a5, a5, -1
    bnez a5, 3b
    j rvt_fail
4:  li TESTNUM, 5
    TIMER_OFF
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    CHECK_EQ(a4, 0)

    /* 6: MTIP and MSIP cannot be written through mip */
    li TESTNUM, 6
    li a1, MIP_MTIP | MIP_MSIP
    csrs mip, a1
    csrr a4, mip
    and a4, a4, a1
    CHECK_EQ(a4, 0)

    /* 7-8: pending + mie.MSIE but mstatus.MIE = 0: nothing in M. Then MIE = 1: taken at once */
    li TESTNUM, 7
    li a1, MIP_MSIP
    csrs mie, a1
    MSIP_SET
    RVT_EXPECT_IRQ(MCAUSE_MSI)
    li a5, 1000
5:  addi a5, a5, -1
    bnez a5, 5b
    CHECK_TRAP(TR_COUNT, 0)
    li TESTNUM, 8
    csrsi mstatus, MSTATUS_MIE
6:  nop
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_CAUSE, MCAUSE_MSI)
    CHECK_TRAP(TR_TVAL, 0)
    CHECK_TRAP_EPC(6b)                      /* taken right after the csrs that enabled it */
    li TESTNUM, 9                           /* handler cleared mie.MSIE; MIE back on after mret */
    csrr a4, mie
    andi a4, a4, MIP_MSIP
    CHECK_EQ(a4, 0)
    csrr a4, mstatus
    andi a4, a4, MSTATUS_MIE
    CHECK_EQ(a4, MSTATUS_MIE)
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPIE | MSTATUS_MPP_M)
    MSIP_CLEAR

    /* 10: timer interrupt in M: mtimecmp a little in the future, wait for it */
    li TESTNUM, 10
    RVT_EXPECT_IRQ(MCAUSE_MTI)
    li a1, MIP_MTIP
    csrs mie, a1
    TIMER_IN(50)
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_CAUSE, MCAUSE_MTI)
    li TESTNUM, 11                          /* still pending until mtimecmp moves */
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    CHECK_EQ(a4, MIP_MTIP)
    TIMER_OFF
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    CHECK_EQ(a4, 0)

    /* 12: mie.MTIE = 0 while MTIP: not taken */
    li TESTNUM, 12
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li a5, 1000
7:  addi a5, a5, -1
    bnez a5, 7b
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    CHECK_EQ(a4, MIP_MTIP)
    CHECK_TRAP(TR_COUNT, 2)
    TIMER_OFF
    csrci mstatus, MSTATUS_MIE

    /* 13-14: priority: MSI before MTI when both are pending (own handler) */
    li TESTNUM, 13
    la t0, prio_handler
    csrw mtvec, t0
    la t0, prio_log
    sd zero, 0(t0)
    sd zero, 8(t0)
    sd zero, 16(t0)
    MSIP_SET
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li a5, 1000
8:  addi a5, a5, -1
    bnez a5, 8b
    li a1, MIP_MSIP | MIP_MTIP
    csrs mie, a1
    csrsi mstatus, MSTATUS_MIE
    li a5, SPIN_LIMIT
9:  la t0, prio_log
    ld a4, 16(t0)
    li t1, 2
    beq a4, t1, 10f
    addi a5, a5, -1
    bnez a5, 9b
    j rvt_fail
10: csrci mstatus, MSTATUS_MIE
    la t0, rvt_mtrap
    csrw mtvec, t0
    la t0, prio_log
    ld a4, 0(t0)
    CHECK_EQ(a4, MCAUSE_MSI)
    li TESTNUM, 14
    ld a4, 8(t0)
    CHECK_EQ(a4, MCAUSE_MTI)
    MSIP_CLEAR
    TIMER_OFF

    /* 15-16: in U and S, M interrupts are taken even with mstatus.MIE = 0 */
    li a1, MIP_MSIP
    csrs mie, a1
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    li TESTNUM, 15
    RVT_EXPECT_IRQ(MCAUSE_MSI)
    MSIP_SET
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_CAUSE, MCAUSE_MSI)
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPP
    and a4, a4, a5
    CHECK_EQ(a4, 0)
    MSIP_CLEAR
    RVT_U_TO_M(back1)
back1:
    li a1, MIP_MTIP
    csrs mie, a1
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    li TESTNUM, 16
    RVT_EXPECT_IRQ(MCAUSE_MTI)
    TIMER_IN(20)
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_CAUSE, MCAUSE_MTI)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPP
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPP_S)
    TIMER_OFF
    RVT_S_TO_M(back2)
back2:
    csrw mie, zero
RVT_CODE_END

    .text
    .balign 4
/* records mcause into prio_log[count], disables that interrupt in mie */
prio_handler:
    csrrw t0, mscratch, t0
    sd t1, 0(t0)
    sd t2, 8(t0)
    la t1, prio_log
    ld t2, 16(t1)
    slli t2, t2, 3
    add t2, t2, t1
    csrr t1, mcause
    sd t1, 0(t2)
    andi t1, t1, 63
    li t2, 1
    sll t2, t2, t1
    csrc mie, t2
    la t1, prio_log
    ld t2, 16(t1)
    addi t2, t2, 1
    sd t2, 16(t1)
    ld t2, 8(t0)
    ld t1, 0(t0)
    csrrw t0, mscratch, t0
    mret

RVT_DATA_BEGIN
prio_log: .dword 0, 0, 0
RVT_DATA_END
