/*
 * rvt.h — seltrace ISA test environment: constants and test-case macros.
 *
 * Conventions
 *   gp (x3)   TESTNUM: the number of the test case being run. A failing check exits with this
 *             number (HTIF: tohost = (gp << 1) | 1, finisher: (gp << 16) | 0x3333).
 *   t6 (x31)  scratch used by the checking macros for the expected value.
 *   a1..a5    operands / results of the generic macros below.
 *   t0..t2    clobbered by the trap-expectation and privilege-switch macros.
 *
 * Test numbers must be in 1..254 (QEMU reports exit codes modulo 256; 255 means "failure with no
 * test number").
 *
 * A test source looks like
 *     #include "rvt.h"
 *     RVT_CODE_BEGIN(U)            // U, S or M (the v environment only supports U)
 *       TEST_RR_OP(1, add, 3, 1, 2)
 *     RVT_CODE_END                 // passes if control reaches here
 *     RVT_DATA_BEGIN
 *       ...
 *     RVT_DATA_END
 * and is built together with env/<env>/start.S and env/link.ld. env/<env>/env.h (found via -I)
 * defines RVT_CODE_BEGIN, RVT_PASS, RVT_FAIL and RVT_EXIT for that environment.
 */
#ifndef RVT_H
#define RVT_H

/* ---------------------------------------------------------------- CSR bits */
#define MSTATUS_SIE   0x00000002
#define MSTATUS_MIE   0x00000008
#define MSTATUS_SPIE  0x00000020
#define MSTATUS_MPIE  0x00000080
#define MSTATUS_SPP   0x00000100
#define MSTATUS_MPP   0x00001800
#define MSTATUS_MPP_S 0x00000800
#define MSTATUS_MPP_M 0x00001800
#define MSTATUS_FS    0x00006000
#define MSTATUS_MPRV  0x00020000
#define MSTATUS_SUM   0x00040000
#define MSTATUS_MXR   0x00080000
#define MSTATUS_TVM   0x00100000
#define MSTATUS_TW    0x00200000
#define MSTATUS_TSR   0x00400000
#define MSTATUS_UXL   0x0000000300000000
#define MSTATUS_SXL   0x0000000C00000000

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11

#define MIP_SSIP (1 << IRQ_S_SOFT)
#define MIP_MSIP (1 << IRQ_M_SOFT)
#define MIP_STIP (1 << IRQ_S_TIMER)
#define MIP_MTIP (1 << IRQ_M_TIMER)
#define MIP_SEIP (1 << IRQ_S_EXT)
#define MIP_MEIP (1 << IRQ_M_EXT)

#define CAUSE_INTR               0x8000000000000000
#define CAUSE_MISALIGNED_FETCH   0
#define CAUSE_FETCH_ACCESS       1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT         3
#define CAUSE_MISALIGNED_LOAD    4
#define CAUSE_LOAD_ACCESS        5
#define CAUSE_MISALIGNED_STORE   6
#define CAUSE_STORE_ACCESS       7
#define CAUSE_USER_ECALL         8
#define CAUSE_SUPERVISOR_ECALL   9
#define CAUSE_MACHINE_ECALL      11
#define CAUSE_FETCH_PAGE_FAULT   12
#define CAUSE_LOAD_PAGE_FAULT    13
#define CAUSE_STORE_PAGE_FAULT   15

#define SATP_MODE_SV39 0x8000000000000000

#define PTE_V 0x001
#define PTE_R 0x002
#define PTE_W 0x004
#define PTE_X 0x008
#define PTE_U 0x010
#define PTE_G 0x020
#define PTE_A 0x040
#define PTE_D 0x080

/* ---------------------------------------------------------------- devices (QEMU virt / spike) */
#define CLINT_BASE      0x2000000
#define CLINT_MSIP      0x2000000
#define CLINT_MTIMECMP  0x2004000
#define CLINT_MTIME     0x200BFF8
#define UART0_BASE      0x10000000
#define FINISHER_BASE   0x100000

/* ---------------------------------------------------------------- trap record
 * Filled by the environment's trap handlers (rvt_mtrap in M, rvt_strap in S) when a trap with the
 * armed cause arrives. Layout (offsets into rvt_trap):                                           */
#define TR_EXPECT   0   /* armed cause (mcause/scause value), -1 = none armed                    */
#define TR_RESUME   8   /* address to resume at; 0 = return to xepc (used for interrupts)       */
#define TR_MODE     16  /* privilege to resume in (PRV_*), -1 = the mode that trapped           */
#define TR_COUNT    24  /* number of expected traps taken so far                                 */
#define TR_CAUSE    32  /* recorded xcause                                                       */
#define TR_EPC      40  /* recorded xepc                                                         */
#define TR_TVAL     48  /* recorded xtval                                                        */
#define TR_STATUS   56  /* recorded mstatus / sstatus (as seen by the handler)                   */
#define TR_LEVEL    64  /* PRV_M or PRV_S: which handler took it                                 */
#define TR_SIZE     72

#define TESTNUM gp

/* ---------------------------------------------------------------- basic checks */

/* Fail (exit with TESTNUM) unless reg == val. Uses t6. */
#define CHECK_EQ(reg, val)            \
    li t6, val;                       \
    beq reg, t6, 9911f;               \
    j rvt_fail;                       \
9911:

/* Fail unless reg1 == reg2. */
#define CHECK_EQ_REG(reg1, reg2)      \
    beq reg1, reg2, 9912f;            \
    j rvt_fail;                       \
9912:

#define CHECK_NE_REG(reg1, reg2)      \
    bne reg1, reg2, 9913f;            \
    j rvt_fail;                       \
9913:

#define CHECK_NEZ(reg)                \
    bnez reg, 9914f;                  \
    j rvt_fail;                       \
9914:

/* Run `code`, then compare reg with val, as test number n. */
#define TEST_CASE(n, reg, val, code...) \
    li TESTNUM, n;                    \
    code;                             \
    CHECK_EQ(reg, val)

/* ---------------------------------------------------------------- register-register ops */
#define TEST_RR_OP(n, inst, res, v1, v2) \
    TEST_CASE(n, a4, res, li a1, v1; li a2, v2; inst a4, a1, a2)

#define TEST_RR_SRC1_EQ_DEST(n, inst, res, v1, v2) \
    TEST_CASE(n, a1, res, li a1, v1; li a2, v2; inst a1, a1, a2)

#define TEST_RR_SRC2_EQ_DEST(n, inst, res, v1, v2) \
    TEST_CASE(n, a2, res, li a1, v1; li a2, v2; inst a2, a1, a2)

#define TEST_RR_SRC12_EQ_DEST(n, inst, res, v1) \
    TEST_CASE(n, a1, res, li a1, v1; inst a1, a1, a1)

#define TEST_RR_SRC12(n, inst, res, v1) \
    TEST_CASE(n, a4, res, li a1, v1; inst a4, a1, a1)

#define TEST_RR_ZEROSRC1(n, inst, res, v2) \
    TEST_CASE(n, a4, res, li a2, v2; inst a4, x0, a2)

#define TEST_RR_ZEROSRC2(n, inst, res, v1) \
    TEST_CASE(n, a4, res, li a1, v1; inst a4, a1, x0)

#define TEST_RR_ZEROSRC12(n, inst, res) \
    TEST_CASE(n, a4, res, li a4, 0x5a5a; inst a4, x0, x0)

/* Writing x0 must be ignored: x0 still reads as zero afterwards. */
#define TEST_RR_ZERODEST(n, inst, v1, v2) \
    TEST_CASE(n, x0, 0, li a1, v1; li a2, v2; inst x0, a1, a2)

/* ---------------------------------------------------------------- register-immediate ops */
#define TEST_IMM_OP(n, inst, res, v1, imm) \
    TEST_CASE(n, a4, res, li a1, v1; inst a4, a1, imm)

#define TEST_IMM_SRC1_EQ_DEST(n, inst, res, v1, imm) \
    TEST_CASE(n, a1, res, li a1, v1; inst a1, a1, imm)

#define TEST_IMM_ZEROSRC1(n, inst, res, imm) \
    TEST_CASE(n, a4, res, li a4, 0x5a5a; inst a4, x0, imm)

#define TEST_IMM_ZERODEST(n, inst, v1, imm) \
    TEST_CASE(n, x0, 0, li a1, v1; inst x0, a1, imm)

/* ---------------------------------------------------------------- loads and stores */
/* load from base+off (base is a label) */
#define TEST_LD_OP(n, inst, res, off, base) \
    TEST_CASE(n, a4, res, la a1, base; inst a4, off(a1))

/* rd == rs1 */
#define TEST_LD_DEST_EQ_BASE(n, inst, res, off, base) \
    TEST_CASE(n, a1, res, la a1, base; inst a1, off(a1))

/* base register pre-biased so the immediate is negative */
#define TEST_LD_NEG(n, inst, res, off, base) \
    TEST_CASE(n, a4, res, la a1, base; addi a1, a1, -(off); inst a4, -(off)(a1))

/* store v then read it back with ld */
#define TEST_ST_OP(n, ldinst, stinst, res, v, off, base) \
    TEST_CASE(n, a4, res, la a1, base; li a2, v; stinst a2, off(a1); ldinst a4, off(a1))

/* ---------------------------------------------------------------- branches */
/* forward taken, then backward taken */
#define TEST_BR_TAKEN(n, inst, v1, v2) \
    li TESTNUM, n;                    \
    li a1, v1;                        \
    li a2, v2;                        \
    inst a1, a2, 9921f;               \
    j rvt_fail;                       \
9922: j 9923f;                        \
9921: inst a1, a2, 9922b;             \
    j rvt_fail;                       \
9923:

/* forward and backward not taken */
#define TEST_BR_NOT_TAKEN(n, inst, v1, v2) \
    li TESTNUM, n;                    \
    li a1, v1;                        \
    li a2, v2;                        \
    j 9932f;                          \
9931: j rvt_fail;                     \
9932: inst a1, a2, 9931b;             \
    inst a1, a2, 9933f;               \
    j 9934f;                          \
9933: j rvt_fail;                     \
9934:

/* ---------------------------------------------------------------- AMOs
 * mem (width w: "w" or "d") initialised to memv, rs2 = regv; check rd == res_rd and the new
 * memory contents (read back with lw/ld: sign-extended for .w) == res_mem                       */
#define TEST_AMO(n, inst, w, memv, regv, res_rd, res_mem, buf) \
    li TESTNUM, n;                    \
    la a3, buf;                       \
    li a1, memv;                      \
    s##w a1, 0(a3);                   \
    li a2, regv;                      \
    inst a4, a2, (a3);                \
    CHECK_EQ(a4, res_rd);             \
    l##w a5, 0(a3);                   \
    CHECK_EQ(a5, res_mem)

/* ---------------------------------------------------------------- traps
 * Arm the trap record: the next trap whose cause equals `cause` is recorded and execution resumes
 * at `resume` (a label) in the mode that trapped. Any other trap ends the test (unexpected trap).
 * Clobbers t0, t1.                                                                              */
#define RVT_EXPECT_TRAP(cause, resume)  \
    la t0, rvt_trap;                  \
    li t1, cause;                     \
    sd t1, TR_EXPECT(t0);             \
    la t1, resume;                    \
    sd t1, TR_RESUME(t0);             \
    li t1, -1;                        \
    sd t1, TR_MODE(t0)

/* Same, but resume in privilege `mode` (PRV_U/S/M) instead of the trapping one. */
#define RVT_EXPECT_TRAP_TO(cause, resume, mode) \
    la t0, rvt_trap;                  \
    li t1, cause;                     \
    sd t1, TR_EXPECT(t0);             \
    la t1, resume;                    \
    sd t1, TR_RESUME(t0);             \
    li t1, mode;                      \
    sd t1, TR_MODE(t0)

/* Arm for an interrupt: after recording, the handler clears the interrupt's enable bit in
 * mie/sie and returns to xepc.                                                                 */
#define RVT_EXPECT_IRQ(cause)           \
    la t0, rvt_trap;                  \
    li t1, cause;                     \
    sd t1, TR_EXPECT(t0);             \
    sd zero, TR_RESUME(t0);           \
    li t1, -1;                        \
    sd t1, TR_MODE(t0)

#define RVT_DISARM                      \
    la t0, rvt_trap;                  \
    li t1, -1;                        \
    sd t1, TR_EXPECT(t0)

/* reg = field of the trap record */
#define RVT_TRAP_FIELD(reg, field)      \
    la reg, rvt_trap;                 \
    ld reg, field(reg)

/* Check a trap record field against an immediate / a register (uses t5, t6). */
#define CHECK_TRAP(field, val)          \
    RVT_TRAP_FIELD(t5, field);        \
    CHECK_EQ(t5, val)

#define CHECK_TRAP_REG(field, reg)      \
    RVT_TRAP_FIELD(t5, field);        \
    CHECK_EQ_REG(t5, reg)

/* The expected trap must have been taken (the record is disarmed by the handler). */
#define CHECK_TRAP_TAKEN                \
    RVT_TRAP_FIELD(t5, TR_EXPECT);    \
    CHECK_EQ(t5, -1)

/* Check the recorded xepc equals the address of label `lbl` (uses t4, t5, t6). */
#define CHECK_TRAP_EPC(lbl)             \
    la t4, lbl;                       \
    CHECK_TRAP_REG(TR_EPC, t4)

#define CHECK_TRAP_TVAL_LBL(lbl)        \
    la t4, lbl;                       \
    CHECK_TRAP_REG(TR_TVAL, t4)

/* Spin (at most ~100M iterations) until the armed trap has been taken, i.e. the handler
 * disarmed the record; fail if it never comes. For interrupts. Uses t5, t6, a5. (QEMU takes
 * mtime from host time and raises the timer from its main loop: with 5M iterations, ~30 ms,
 * a heavily loaded host once made mi_interrupt fail there.)                                   */
#define RVT_WAIT_TRAP                   \
    li a5, 100000000;                 \
9955: RVT_TRAP_FIELD(t5, TR_EXPECT);   \
    li t6, -1;                        \
    beq t5, t6, 9956f;                \
    addi a5, a5, -1;                  \
    bnez a5, 9955b;                   \
    j rvt_fail;                       \
9956:

/* One-shot: run `code` (which must trap with `cause`), record, resume after it, check the cause
 * and that the faulting pc is the first instruction at label 9941. Test number n.              */
#define TEST_TRAP(n, cause, code...)    \
    li TESTNUM, n;                    \
    RVT_EXPECT_TRAP(cause, 9942f);    \
9941: code;                           \
    j rvt_fail;                       \
9942:                                 \
    CHECK_TRAP_TAKEN;                 \
    CHECK_TRAP(TR_CAUSE, cause);      \
    CHECK_TRAP_EPC(9941b)

/* The recorded xtval must equal the instruction bits at label lbl: 32-bit or 16-bit
 * (zero-extended). Reads the code with halfword loads (uses t3, t4, t5, t6).                  */
#define CHECK_TRAP_TVAL_INSN32(lbl)     \
    la t4, lbl;                       \
    lhu t3, 2(t4);                    \
    lhu t4, 0(t4);                    \
    slli t3, t3, 16;                  \
    or t4, t4, t3;                    \
    CHECK_TRAP_REG(TR_TVAL, t4)

#define CHECK_TRAP_TVAL_INSN16(lbl)     \
    la t4, lbl;                       \
    lhu t4, 0(t4);                    \
    CHECK_TRAP_REG(TR_TVAL, t4)

/* `code` starts with one 32-bit (16-bit) instruction that must raise an illegal-instruction
 * exception with xtval = its encoding.                                                          */
#define TEST_ILLEGAL32(n, code...)      \
    TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, code); \
    CHECK_TRAP_TVAL_INSN32(9941b)

#define TEST_ILLEGAL16(n, code...)      \
    TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, code); \
    CHECK_TRAP_TVAL_INSN16(9941b)

/* ---------------------------------------------------------------- privilege switching (M only)
 * Enter `label` in privilege `mode` via mret. MPIE is cleared first, so mstatus.MIE is 0 in the
 * new mode and therefore again 0 when a trap handler later mrets back to M. Clobbers t0.        */
#define RVT_MRET_TO(mode, label)        \
    li t0, MSTATUS_MPP | MSTATUS_MPIE; \
    csrc mstatus, t0;                 \
    li t0, ((mode) << 11);            \
    csrs mstatus, t0;                 \
    la t0, label;                     \
    csrw mepc, t0;                    \
    mret

/* From U or S (p environment, M handler is rvt_mtrap): ecall back to M-mode at `label`. */
#define RVT_U_TO_M(label)                                         \
    RVT_EXPECT_TRAP_TO(CAUSE_USER_ECALL, label, PRV_M);           \
    ecall;                                                        \
    j rvt_fail

#define RVT_S_TO_M(label)                                         \
    RVT_EXPECT_TRAP_TO(CAUSE_SUPERVISOR_ECALL, label, PRV_M);     \
    ecall;                                                        \
    j rvt_fail

/* mscratch / sscratch point at the handlers' save areas: tests that use these CSRs as
 * scratch registers put the pointers back with this (M-mode only; clobbers t0).               */
#define RVT_RESTORE_SCRATCH             \
    la t0, rvt_mscratch_area;         \
    csrw mscratch, t0;                \
    la t0, rvt_sscratch_area;         \
    csrw sscratch, t0

/* Align code to n bytes. Use this instead of a bare .balign inside `.option norvc` code that
 * follows compressed code: gas pads with 4-byte nops there and cannot fix a 2-byte offset.     */
#define RVT_CODE_ALIGN(n) .option push; .option rvc; .balign n; .option pop

/* ---------------------------------------------------------------- data helpers */
#define RVT_ALIGNED_BUF(name, bytes, align) \
    .balign align;                        \
name: .fill (bytes), 1, 0

#include "env.h"

#endif
