// @rvt desc: mtvec/stvec direct and vectored modes: exceptions always go to BASE, interrupts to BASE + 4 * cause in vectored mode (MSI 3, MTI 7 in M; SSI 1, STI 5 delegated to S), BASE in direct mode; mtvec/stvec read back with their MODE bits
#include "rvt.h"

/* a vector slot stub: record its number in vec_hit, then continue in the generic handler */
#define VEC_STUB(x, n, handler)         \
vec_##x##_##n:                        \
    csrrw t0, x##scratch, t0;         \
    sd t1, 32(t0);                    \
    sd t2, 40(t0);                    \
    la t1, vec_hit;                   \
    li t2, n;                         \
    sd t2, 0(t1);                     \
    ld t2, 40(t0);                    \
    ld t1, 32(t0);                    \
    csrrw t0, x##scratch, t0;         \
    j handler

#define CHECK_HIT(n) la t0, vec_hit; ld t5, 0(t0); CHECK_EQ(t5, n); li t1, -1; sd t1, 0(t0)


RVT_CODE_BEGIN(M)
    /* 1: vectored mtvec reads back with MODE = 1 */
    li TESTNUM, 1
    la a1, mtable
    ori a1, a1, 1
    csrw mtvec, a1
    csrr a4, mtvec
    CHECK_EQ_REG(a4, a1)

    /* 2: an exception goes to BASE */
    TEST_TRAP(2, CAUSE_MACHINE_ECALL, ecall)
    CHECK_HIT(0)

    /* 3: MSI -> BASE + 12 */
    li TESTNUM, 3
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_M_SOFT)
    li a1, MIP_MSIP
    csrs mie, a1
    csrsi mstatus, MSTATUS_MIE
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    RVT_WAIT_TRAP
    CHECK_HIT(3)
    li t0, CLINT_MSIP
    sw zero, 0(t0)

    /* 4: MTI -> BASE + 28 */
    li TESTNUM, 4
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_M_TIMER)
    li a1, MIP_MTIP
    csrs mie, a1
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    RVT_WAIT_TRAP
    CHECK_HIT(7)
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)

    /* 5: a non-delegated S software interrupt in M -> BASE + 4 */
    li TESTNUM, 5
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_S_SOFT)
    li a1, MIP_SSIP
    csrs mie, a1
    csrs mip, a1
    RVT_WAIT_TRAP
    CHECK_HIT(1)
    csrc mip, a1

    /* 6: direct mode: interrupts go to BASE too */
    li TESTNUM, 6
    la a1, mtable
    csrw mtvec, a1
    csrr a4, mtvec
    CHECK_EQ_REG(a4, a1)
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_M_SOFT)
    li a1, MIP_MSIP
    csrs mie, a1
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    RVT_WAIT_TRAP
    CHECK_HIT(0)
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    csrci mstatus, MSTATUS_MIE
    la t0, rvt_mtrap
    csrw mtvec, t0

    /* 7-9: vectored stvec with delegated SSI / STI, taken in S */
    li a1, MIP_SSIP | MIP_STIP
    csrw mideleg, a1
    csrs mie, a1
    li TESTNUM, 7
    la a1, stable
    ori a1, a1, 1
    csrw stvec, a1
    csrr a4, stvec
    CHECK_EQ_REG(a4, a1)
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    li TESTNUM, 8
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_S_SOFT)
    csrsi sstatus, MSTATUS_SIE
    csrsi sip, MIP_SSIP
    RVT_WAIT_TRAP
    CHECK_HIT(1)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    csrci sip, MIP_SSIP
    li TESTNUM, 9                           /* an exception from U to S goes to BASE */
    RVT_S_TO_M(back1)
back1:
    li a1, 1 << CAUSE_USER_ECALL
    csrw medeleg, a1
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    TEST_TRAP(10, CAUSE_USER_ECALL, ecall)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_HIT(0)
    /* U ecalls go to S now: U -> S -> M */
    RVT_EXPECT_TRAP_TO(CAUSE_USER_ECALL, in_s3, PRV_S)
    ecall
    j rvt_fail
in_s3:
    RVT_S_TO_M(back2)
back2:
    csrw medeleg, zero
    /* 11: STI, raised by M through mip.STIP, taken as soon as U is entered -> S at BASE + 20 */
    li TESTNUM, 11
    li a1, MIP_STIP
    csrs mip, a1
    RVT_EXPECT_IRQ(CAUSE_INTR | IRQ_S_TIMER)
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    RVT_WAIT_TRAP
    CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_TRAP_EPC(in_u2)
    CHECK_HIT(5)
    RVT_U_TO_M(back3)
back3:
    li a1, MIP_STIP
    csrc mip, a1
    csrw mideleg, zero
    csrw mie, zero
    la t0, rvt_strap
    csrw stvec, t0
    j vec_done

    .option push
    .option norvc
    RVT_CODE_ALIGN(256)
mtable:
    j vec_m_0
    j vec_m_1
    j vec_m_2
    j vec_m_3
    j vec_m_4
    j vec_m_5
    j vec_m_6
    j vec_m_7
    j vec_m_8
    j vec_m_9
    j vec_m_10
    j vec_m_11
    RVT_CODE_ALIGN(256)
stable:
    j vec_s_0
    j vec_s_1
    j vec_s_2
    j vec_s_3
    j vec_s_4
    j vec_s_5
    j vec_s_6
    j vec_s_7
    j vec_s_8
    j vec_s_9
    .option pop
    VEC_STUB(m, 0, rvt_mtrap)
    VEC_STUB(m, 1, rvt_mtrap)
    VEC_STUB(m, 2, rvt_mtrap)
    VEC_STUB(m, 3, rvt_mtrap)
    VEC_STUB(m, 4, rvt_mtrap)
    VEC_STUB(m, 5, rvt_mtrap)
    VEC_STUB(m, 6, rvt_mtrap)
    VEC_STUB(m, 7, rvt_mtrap)
    VEC_STUB(m, 8, rvt_mtrap)
    VEC_STUB(m, 9, rvt_mtrap)
    VEC_STUB(m, 10, rvt_mtrap)
    VEC_STUB(m, 11, rvt_mtrap)
    VEC_STUB(s, 0, rvt_strap)
    VEC_STUB(s, 1, rvt_strap)
    VEC_STUB(s, 2, rvt_strap)
    VEC_STUB(s, 3, rvt_strap)
    VEC_STUB(s, 4, rvt_strap)
    VEC_STUB(s, 5, rvt_strap)
    VEC_STUB(s, 6, rvt_strap)
    VEC_STUB(s, 7, rvt_strap)
    VEC_STUB(s, 8, rvt_strap)
    VEC_STUB(s, 9, rvt_strap)
vec_done:
RVT_CODE_END

RVT_DATA_BEGIN
vec_hit: .dword -1
RVT_DATA_END
