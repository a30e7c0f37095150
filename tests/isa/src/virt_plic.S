// @rvt machine: virt
// @rvt uart: Kplic ok\n
// @rvt desc: PLIC with the NS16550A THR-empty interrupt (source 10): pending bit, priority vs threshold, claim/complete, claim while in service returns 0, priority 0 never interrupts, context 0 drives mip.MEIP (interrupt cause 11 in M), context 1 drives mip.SEIP (cause 9, delegated to S)
#include "rvt.h"

#define PLIC            0x0c000000
#define PLIC_PRIO10     (PLIC + 4 * 10)
#define PLIC_PENDING    (PLIC + 0x1000)
#define PLIC_ENABLE0    (PLIC + 0x2000)
#define PLIC_ENABLE1    (PLIC + 0x2080)
#define PLIC_THRESH0    (PLIC + 0x200000)
#define PLIC_CLAIM0     (PLIC + 0x200004)
#define PLIC_THRESH1    (PLIC + 0x201000)
#define PLIC_CLAIM1     (PLIC + 0x201004)
#define UART_IRQ        10
#define UART_THR        0
#define UART_IER        1
#define UART_IIR        2
#define UART_LSR        5

#define WR32(addr, val)  li t0, addr; li t1, val; sw t1, 0(t0)
#define RD32(reg, addr)  li t0, addr; lw reg, 0(t0)
#define MIP_BIT(reg, bit) csrr reg, mip; li t4, bit; and reg, reg, t4

/* wait (bounded) until mip has `bit` equal to `want` */
#define WAIT_MIP(bit, want)             \
    li a5, 1000000;                   \
9901: csrr t5, mip;                    \
    li t4, bit;                       \
    and t5, t5, t4;                   \
    li t6, want;                      \
    beq t5, t6, 9902f;                \
    addi a5, a5, -1;                  \
    bnez a5, 9901b;                   \
    j rvt_fail;                       \
9902:

RVT_CODE_BEGIN(M)
    li s0, UART0_BASE
    sb zero, UART_IER(s0)
    WR32(PLIC_PRIO10, 1)
    WR32(PLIC_ENABLE0, 1 << UART_IRQ)
    WR32(PLIC_ENABLE1, 0)
    WR32(PLIC_THRESH0, 0)

    /* 1: nothing pending */
    li TESTNUM, 1
    RD32(a4, PLIC_PENDING)
    andi a4, a4, 1 << UART_IRQ
    CHECK_EQ(a4, 0)
    MIP_BIT(a4, MIP_MEIP)
    CHECK_EQ(a4, 0)
    /* 2: enabling the THR-empty interrupt raises source 10 -> pending -> MEIP */
    li TESTNUM, 2
    li a1, 0x02
    sb a1, UART_IER(s0)
    WAIT_MIP(MIP_MEIP, MIP_MEIP)
    RD32(a4, PLIC_PENDING)
    andi a4, a4, 1 << UART_IRQ
    CHECK_EQ(a4, 1 << UART_IRQ)
    /* 3: threshold >= priority masks it, threshold below lets it through */
    li TESTNUM, 3
    WR32(PLIC_THRESH0, 1)
    WAIT_MIP(MIP_MEIP, 0)
    WR32(PLIC_THRESH0, 0)
    WAIT_MIP(MIP_MEIP, MIP_MEIP)
    /* 4: claim returns the source and takes it out of pending */
    li TESTNUM, 4
    RD32(a4, PLIC_CLAIM0)
    CHECK_EQ(a4, UART_IRQ)
    RD32(a4, PLIC_PENDING)
    andi a4, a4, 1 << UART_IRQ
    CHECK_EQ(a4, 0)
    WAIT_MIP(MIP_MEIP, 0)
    /* 5: a second claim finds nothing */
    TEST_CASE(5, a4, 0, RD32(a4, PLIC_CLAIM0))
    /* 6: the UART reports THR empty in IIR; reading it acknowledges the UART interrupt */
    li TESTNUM, 6
    lbu a4, UART_IIR(s0)
    andi a4, a4, 0x0f
    CHECK_EQ(a4, 0x02)
    lbu a4, UART_IIR(s0)
    andi a4, a4, 0x0f
    CHECK_EQ(a4, 0x01)
    /* 7: complete: the line is low now, so nothing becomes pending again */
    li TESTNUM, 7
    WR32(PLIC_CLAIM0, UART_IRQ)
    li a5, 1000
1:  addi a5, a5, -1
    bnez a5, 1b
    RD32(a4, PLIC_PENDING)
    andi a4, a4, 1 << UART_IRQ
    CHECK_EQ(a4, 0)
    MIP_BIT(a4, MIP_MEIP)
    CHECK_EQ(a4, 0)
    /* 8: transmitting a byte empties THR again -> the interrupt comes back; take it in M */
    li TESTNUM, 8
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_M_EXT)
    li a1, MIP_MEIP
    csrs mie, a1
    csrsi mstatus, MSTATUS_MIE
    li a1, 'K'
    sb a1, UART_THR(s0)
    RVT_WAIT_TRAP
    csrci mstatus, MSTATUS_MIE
    CHECK_TRAP(TR_CAUSE, CAUSE_INTR | IRQ_M_EXT)
    TEST_CASE(9, a4, UART_IRQ, RD32(a4, PLIC_CLAIM0))
    sb zero, UART_IER(s0)
    WR32(PLIC_CLAIM0, UART_IRQ)
    WAIT_MIP(MIP_MEIP, 0)
    csrw mie, zero
    /* 10: priority 0 never interrupts and is never claimed */
    li TESTNUM, 10
    WR32(PLIC_PRIO10, 0)
    li a1, 0x02
    sb a1, UART_IER(s0)
    li a5, 1000
2:  addi a5, a5, -1
    bnez a5, 2b
    MIP_BIT(a4, MIP_MEIP)
    CHECK_EQ(a4, 0)
    TEST_CASE(11, a4, 0, RD32(a4, PLIC_CLAIM0))
    sb zero, UART_IER(s0)
    lbu a4, UART_IIR(s0)
    WR32(PLIC_PRIO10, 1)

    /* 12-14: context 1 (S): mip.SEIP, delegated and taken in S, claimed through context 1 */
    WR32(PLIC_ENABLE0, 0)
    WR32(PLIC_ENABLE1, 1 << UART_IRQ)
    WR32(PLIC_THRESH1, 0)
    li a1, MIP_SEIP
    csrw mideleg, a1
    li TESTNUM, 12
    li a1, 0x02
    sb a1, UART_IER(s0)
    WAIT_MIP(MIP_SEIP | MIP_MEIP, MIP_SEIP)
    li a1, MIP_SEIP
    csrs mie, a1
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_S_EXT)
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    li TESTNUM, 13
    csrsi sstatus, MSTATUS_SIE
    RVT_WAIT_TRAP
    csrci sstatus, MSTATUS_SIE
    CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_TRAP(TR_CAUSE, CAUSE_INTR | IRQ_S_EXT)
    TEST_CASE(14, a4, UART_IRQ, RD32(a4, PLIC_CLAIM1))
    sb zero, UART_IER(s0)
    WR32(PLIC_CLAIM1, UART_IRQ)
    RVT_S_TO_M(back)
back:
    WAIT_MIP(MIP_SEIP, 0)
    csrw mie, zero
    csrw mideleg, zero
    WR32(PLIC_ENABLE1, 0)

    /* the rest of the console text */
    la a1, msg
3:  lbu a2, 0(a1)
    beqz a2, 4f
    sb a2, UART_THR(s0)
    addi a1, a1, 1
    j 3b
4:
RVT_CODE_END

RVT_DATA_BEGIN
msg: .asciz "plic ok\n"
RVT_DATA_END
