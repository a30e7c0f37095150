// @rvt desc: access faults on addresses with no RAM or device: loads (5), stores (7), LR (5) and instruction fetch (1, xepc = xtval = target) with xtval = the address, from M/S/U and delegated to S; the destination register is not written
// The addresses used are unmapped on QEMU's spike and virt machines and on the seltrace machine:
// 0x0 (below the boot ROM), 0x70000000 (between devices and RAM), 0x100000000 (above 128 MiB RAM).
#include "rvt.h"

#define TEST_AF(n, cause, insn...)      \
    TEST_TRAP(n, cause, insn);        \
    CHECK_TRAP_REG(TR_TVAL, a3)

/* jump to a3 (must fault on fetch): xepc = xtval = a3, then resume at the next line */
#define TEST_AF_FETCH(n)                \
    li TESTNUM, n;                    \
    RVT_EXPECT_TRAP(CAUSE_FETCH_ACCESS, 9971f); \
    jalr ra, 0(a3);                   \
    j rvt_fail;                       \
9971:                                 \
    CHECK_TRAP_TAKEN;                 \
    CHECK_TRAP_REG(TR_EPC, a3);       \
    CHECK_TRAP_REG(TR_TVAL, a3)

RVT_CODE_BEGIN(M)
    li a4, 0x4444
    li a3, 0x70000000
    TEST_AF(1, CAUSE_LOAD_ACCESS, ld a4, 0(a3))
    CHECK_EQ(a4, 0x4444)
    TEST_AF(2, CAUSE_LOAD_ACCESS, lbu a4, 0(a3))
    TEST_AF(3, CAUSE_STORE_ACCESS, sd a4, 0(a3))
    TEST_AF(4, CAUSE_STORE_ACCESS, sb a4, 0(a3))
    TEST_AF(5, CAUSE_LOAD_ACCESS, lr.d a4, (a3))
    CHECK_EQ(a4, 0x4444)
    li a3, 0
    TEST_AF(6, CAUSE_LOAD_ACCESS, lw a4, 0(a3))
    TEST_AF(7, CAUSE_STORE_ACCESS, sw a4, 0(a3))
    li a3, 0x100000000
    TEST_AF(8, CAUSE_LOAD_ACCESS, lh a4, 0(a3))
    TEST_AF(9, CAUSE_STORE_ACCESS, sh a4, 0(a3))
    /* xtval is the effective address (base + offset) */
    li a5, 0x70000000
    li a3, 0x70000010
    TEST_AF(10, CAUSE_LOAD_ACCESS, lwu a4, 16(a5))
    li a3, 0x6ffffff8
    TEST_AF(11, CAUSE_STORE_ACCESS, sd a4, -8(a5))
    /* fetch */
    li a3, 0x70000000
    TEST_AF_FETCH(12)
    li a3, 0x70000002
    TEST_AF_FETCH(13)
    li a3, 0x100000000
    TEST_AF_FETCH(14)

    RVT_MRET_TO(PRV_S, in_s)
in_s:
    li a3, 0x70000008
    TEST_AF(15, CAUSE_LOAD_ACCESS, ld a4, 0(a3))
    TEST_AF(16, CAUSE_STORE_ACCESS, sd a4, 0(a3))
    TEST_AF_FETCH(17)
    RVT_S_TO_M(back1)
back1:
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    li a3, 0x70000100
    TEST_AF(18, CAUSE_LOAD_ACCESS, lb a4, 0(a3))
    TEST_AF(19, CAUSE_STORE_ACCESS, sh a4, 0(a3))
    TEST_AF_FETCH(20)
    CHECK_TRAP(TR_LEVEL, PRV_M)
    RVT_U_TO_M(back2)
back2:
    /* delegated to S */
    li a1, (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_STORE_ACCESS) | (1 << CAUSE_FETCH_ACCESS)
    csrw medeleg, a1
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    li a3, 0x70000200
    TEST_AF(21, CAUSE_LOAD_ACCESS, ld a4, 0(a3))
    CHECK_TRAP(TR_LEVEL, PRV_S)
    TEST_AF(22, CAUSE_STORE_ACCESS, sw a4, 0(a3))
    CHECK_TRAP(TR_LEVEL, PRV_S)
    TEST_AF_FETCH(23)
    CHECK_TRAP(TR_LEVEL, PRV_S)
    RVT_U_TO_M(back3)
back3:
    csrw medeleg, zero
RVT_CODE_END
