// @rvt desc: ebreak and c.ebreak from M/S/U and delegated to S: cause 3, xepc = the instruction (2- or 4-byte), xtval = 0 or the pc (both allowed by the spec; mi_strict requires the pc)
#include "rvt.h"

/* the recorded tval must be 0 or the address at label lbl (uses t3-t6) */
#define CHECK_TVAL_ZERO_OR(lbl)         \
    RVT_TRAP_FIELD(t5, TR_TVAL);      \
    beqz t5, 9961f;                   \
    la t4, lbl;                       \
    CHECK_EQ_REG(t5, t4);             \
9961:

#define TEST_EBREAK(n, insn)            \
    TEST_TRAP(n, CAUSE_BREAKPOINT, insn); \
    CHECK_TVAL_ZERO_OR(9941b)

RVT_CODE_BEGIN(M)
    TEST_EBREAK(1, ebreak)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    TEST_EBREAK(2, c.ebreak)
    /* a c.ebreak at an address that is 2 mod 4 */
    .balign 4
    c.nop
    TEST_EBREAK(3, c.ebreak)
    /* nothing else changed: the instruction did not retire, registers intact */
    li a1, 77
    TEST_EBREAK(4, ebreak)
    CHECK_EQ(a1, 77)

    RVT_MRET_TO(PRV_S, in_s)
in_s:
    TEST_EBREAK(5, ebreak)
    TEST_EBREAK(6, c.ebreak)
    li TESTNUM, 7
    RVT_TRAP_FIELD(a4, TR_STATUS)
    li a5, MSTATUS_MPP
    and a4, a4, a5
    CHECK_EQ(a4, MSTATUS_MPP_S)
    RVT_S_TO_M(back1)
back1:
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    TEST_EBREAK(8, ebreak)
    TEST_EBREAK(9, c.ebreak)
    RVT_U_TO_M(back2)
back2:
    /* delegated to S: from U and from S */
    li a1, 1 << CAUSE_BREAKPOINT
    csrw medeleg, a1
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    TEST_EBREAK(10, ebreak)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    TEST_EBREAK(11, c.ebreak)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    RVT_U_TO_M(back3)
back3:
    RVT_MRET_TO(PRV_S, in_s2)
in_s2:
    TEST_EBREAK(12, ebreak)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    RVT_S_TO_M(back4)
back4:
    /* delegated, but raised in M: taken in M */
    TEST_EBREAK(13, ebreak)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    csrw medeleg, zero
RVT_CODE_END
