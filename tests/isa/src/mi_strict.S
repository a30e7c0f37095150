// @rvt desc: spec points where QEMU 7.2 differs: ebreak/c.ebreak set xtval = pc; misaligned AMOs and SCs raise store/AMO address-misaligned (6) with xtval = address; AMOs to non-existent memory raise store/AMO access fault (7); mepc/sepc bit 0 reads zero; mret/sret to a mode below M clear mstatus.MPRV; simultaneous S interrupts are taken SEI, SSI, STI
// @rvt qemu-skip: QEMU 7.2 writes mtval = 0 for EBREAK, reports misaligned AMOs as cause 4 and AMO access faults as cause 5, does not check a failing SC's alignment, keeps bit 0 of mepc/sepc, leaves MPRV set on mret to S/U and takes the lowest-numbered pending interrupt first (SSI before SEI)
#include "rvt.h"

#define TEST_EBREAK_PC(n, insn)         \
    TEST_TRAP(n, CAUSE_BREAKPOINT, insn); \
    CHECK_TRAP_TVAL_LBL(9941b)

/* AMO/SC at address reg a3: cause 6 with tval = a3 */
#define TEST_MA_STORE(n, insn...)       \
    TEST_TRAP(n, CAUSE_MISALIGNED_STORE, insn); \
    CHECK_TRAP_REG(TR_TVAL, a3)

#define TEST_AF_STORE(n, insn...)       \
    TEST_TRAP(n, CAUSE_STORE_ACCESS, insn); \
    CHECK_TRAP_REG(TR_TVAL, a3)

RVT_CODE_BEGIN(M)
    /* ---------------- ebreak: xtval = pc */
    TEST_EBREAK_PC(1, ebreak)
    TEST_EBREAK_PC(2, c.ebreak)
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    TEST_EBREAK_PC(3, ebreak)
    TEST_EBREAK_PC(4, c.ebreak)
    RVT_S_TO_M(back1)
back1:
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    TEST_EBREAK_PC(5, ebreak)
    TEST_EBREAK_PC(6, c.ebreak)
    RVT_U_TO_M(back2)
back2:
    li a1, 1 << CAUSE_BREAKPOINT
    csrw medeleg, a1
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    TEST_EBREAK_PC(7, ebreak)               /* stval */
    CHECK_TRAP(TR_LEVEL, PRV_S)
    RVT_U_TO_M(back3)
back3:
    csrw medeleg, zero

    /* ---------------- misaligned AMOs: cause 6, tval = address, memory untouched */
    la s0, buf
    li a1, 0x1122334455667788
    sd a1, 0(s0)
    sd a1, 8(s0)
    li a2, 0x0101010101010101
    addi a3, s0, 2
    TEST_MA_STORE(10, amoadd.w a4, a2, (a3))
    TEST_MA_STORE(11, amoswap.w a4, a2, (a3))
    addi a3, s0, 1
    TEST_MA_STORE(12, amoor.w.aqrl a4, a2, (a3))
    addi a3, s0, 4
    TEST_MA_STORE(13, amoadd.d a4, a2, (a3))
    TEST_MA_STORE(14, amomaxu.d a4, a2, (a3))
    addi a3, s0, 7
    TEST_MA_STORE(15, amominu.d.aq a4, a2, (a3))
    addi a3, s0, 6
    TEST_MA_STORE(16, amoxor.w a4, a2, (a3))   /* crosses the doubleword */
    TEST_MA_STORE(17, amoand.d a4, a2, (a3))
    TEST_MA_STORE(18, amomin.w a4, a2, (a3))
    TEST_MA_STORE(19, amomax.d a4, a2, (a3))
    li TESTNUM, 20
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x1122334455667788)
    ld a4, 8(s0)
    CHECK_EQ(a4, 0x1122334455667788)
    /* misaligned SC, with no reservation and after an aligned LR */
    addi a3, s0, 4
    TEST_MA_STORE(21, sc.d a4, a2, (a3))
    addi a3, s0, 2
    TEST_MA_STORE(22, sc.w a4, a2, (a3))
    lr.d a5, (s0)
    addi a3, s0, 4
    TEST_MA_STORE(23, sc.d a4, a2, (a3))
    /* from U-mode too */
    RVT_MRET_TO(PRV_U, in_u3)
in_u3:
    addi a3, s0, 2
    TEST_MA_STORE(24, amoadd.w a4, a2, (a3))
    CHECK_TRAP(TR_LEVEL, PRV_M)
    RVT_U_TO_M(back4)
back4:

    /* ---------------- AMO to non-existent memory: store/AMO access fault */
    li a3, 0x70000000
    TEST_AF_STORE(30, amoadd.d a4, a2, (a3))
    TEST_AF_STORE(31, amoswap.w a4, a2, (a3))
    li a3, 0x100000000
    TEST_AF_STORE(32, amoor.d a4, a2, (a3))

    /* ---------------- mepc / sepc: bit 0 is always zero (IALIGN = 16) */
    li TESTNUM, 40
    li a1, 0x80000001
    csrw mepc, a1
    csrr a4, mepc
    CHECK_EQ(a4, 0x80000000)
    li TESTNUM, 41
    li a1, 0x80000003
    csrw sepc, a1
    csrr a4, sepc
    CHECK_EQ(a4, 0x80000002)

    /* ---------------- MPRV is cleared by an mret or sret that leaves M for S or U */
    li a1, MSTATUS_MPRV | MSTATUS_MPP
    csrc mstatus, a1
    li a1, MSTATUS_MPRV | MSTATUS_MPP_S
    csrs mstatus, a1
    la a1, 1f
    csrw mepc, a1
    mret
1:  RVT_S_TO_M(back5)
back5:
    li TESTNUM, 42
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPRV
    and a4, a4, a5
    CHECK_EQ(a4, 0)
    li TESTNUM, 43
    li a1, MSTATUS_MPRV | MSTATUS_SPP
    csrs mstatus, a1
    li a1, MSTATUS_MPP
    csrc mstatus, a1
    la a1, 2f
    csrw sepc, a1
    sret                                    /* from M to S */
2:  RVT_S_TO_M(back6)
back6:
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPRV
    and a4, a4, a5
    CHECK_EQ(a4, 0)

#define SCAUSE_SSI (CAUSE_INTR | IRQ_S_SOFT)
#define SCAUSE_STI (CAUSE_INTR | IRQ_S_TIMER)
#define SCAUSE_SEI (CAUSE_INTR | IRQ_S_EXT)
#define S_IRQS (MIP_SSIP | MIP_STIP | MIP_SEIP)
    /* 50-52: priority among delegated S interrupts: SEI, then SSI, then STI (own S handler) */
    li a1, S_IRQS
    csrw mideleg, a1
    la t0, sprio_handler
    csrw stvec, t0
    li a1, S_IRQS
    csrs mip, a1
    csrs mie, a1
    RVT_MRET_TO(PRV_S, in_sprio)
in_sprio:
    csrsi sstatus, MSTATUS_SIE
    li a5, 5000000
4:  la t0, sprio_log
    ld a4, 24(t0)
    li t1, 3
    beq a4, t1, 5f
    addi a5, a5, -1
    bnez a5, 4b
    j rvt_fail
5:  csrci sstatus, MSTATUS_SIE
    li TESTNUM, 50
    ld a4, 0(t0)
    CHECK_EQ(a4, SCAUSE_SEI)
    li TESTNUM, 51
    ld a4, 8(t0)
    CHECK_EQ(a4, SCAUSE_SSI)
    li TESTNUM, 52
    ld a4, 16(t0)
    CHECK_EQ(a4, SCAUSE_STI)
    RVT_S_TO_M(back_prio)
back_prio:
    li a1, S_IRQS
    csrc mip, a1
    csrw mie, zero
    csrw mideleg, zero
    la t0, rvt_strap
    csrw stvec, t0

RVT_CODE_END

    .text
    .balign 4
/* S handler: log scause, disable it in sie */
sprio_handler:
    csrrw t0, sscratch, t0
    sd t1, 0(t0)
    sd t2, 8(t0)
    la t1, sprio_log
    ld t2, 24(t1)
    slli t2, t2, 3
    add t2, t2, t1
    csrr t1, scause
    sd t1, 0(t2)
    andi t1, t1, 63
    li t2, 1
    sll t2, t2, t1
    csrc sie, t2
    la t1, sprio_log
    ld t2, 24(t1)
    addi t2, t2, 1
    sd t2, 24(t1)
    ld t2, 8(t0)
    ld t1, 0(t0)
    csrrw t0, sscratch, t0
    sret


RVT_DATA_BEGIN
sprio_log: .dword 0, 0, 0, 0
    .balign 64
buf: .fill 32, 1, 0
RVT_DATA_END
