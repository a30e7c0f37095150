// @rvt desc: Sv39 permission checks with xtval = VA: R/W/X for loads, stores, AMOs, LR and fetches in S and U; U pages from S need SUM (loads/stores only, never fetch); S pages from U always fault; MXR makes execute-only pages readable (in S and U)
#include "rvt.h"
#include "vm.h"

#define TEST_PF(n, cause, va, insn...)  \
    li a3, va;                        \
    TEST_TRAP(n, cause, insn);        \
    CHECK_TRAP_REG(TR_TVAL, a3)

/* fetch from VA a3 must page-fault with xepc = xtval = a3 */
#define TEST_FETCH_PF(n, va)            \
    li TESTNUM, n;                    \
    li a3, va;                        \
    RVT_EXPECT_TRAP(CAUSE_FETCH_PAGE_FAULT, 9971f); \
    jalr ra, 0(a3);                   \
    j rvt_fail;                       \
9971:                                 \
    CHECK_TRAP_TAKEN;                 \
    CHECK_TRAP_REG(TR_EPC, a3);       \
    CHECK_TRAP_REG(TR_TVAL, a3)

#define SET_SATP(root) VM_ON(root)

RVT_CODE_BEGIN(M)
    /* tables: l1/l0 shared by an S root (RAM identity, supervisor) and a U root (RAM, user) */
    VM_STD_TABLES(root_s, l1, l0, 0)
    VM_ZERO(root_u, 4096)
    VM_MAP_PA(root_u, 2, 0x80000000, PTE_V | PTE_RWX | PTE_AD | PTE_U)
    VM_LINK(root_u, 0, l1)
    VM_MAP(l0, 0, page_a, PTE_V | PTE_R | PTE_W | PTE_AD)              /* S rw */
    VM_MAP(l0, 1, page_a, PTE_V | PTE_R | PTE_A)                       /* S ro */
    VM_MAP(l0, 2, code_page, PTE_V | PTE_X | PTE_A)                    /* S x-only */
    VM_MAP(l0, 3, page_a, PTE_V | PTE_R | PTE_W | PTE_U | PTE_AD)      /* U rw */
    VM_MAP(l0, 4, code_page, PTE_V | PTE_X | PTE_U | PTE_A)            /* U x-only */
    VM_MAP(l0, 5, page_a, PTE_V | PTE_R | PTE_U | PTE_A)               /* U ro */
    VM_MAP(l0, 7, code_page, PTE_V | PTE_R | PTE_X | PTE_A)            /* S rx */
    la t0, page_a
    li t1, 0x0a0a0a0a0a0a0a0a
    sd t1, 0(t0)
    sd t1, 8(t0)
    la t0, code_page
    ld s2, 0(t0)                        /* s2: the first 8 code bytes, for MXR reads */

    /* ================= S-mode */
    SET_SATP(root_s)
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    li a2, 0x1234
    TEST_CASE(1, a4, 0x1234, li a1, VA_PAGE(0); sd a2, 16(a1); ld a4, 16(a1))
    TEST_CASE(2, a4, 0x0a0a0a0a0a0a0a0a, li a1, VA_PAGE(1); ld a4, 0(a1))
    TEST_PF(3, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1) + 8, sd a2, 0(a3))
    TEST_PF(4, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1), amoadd.d a4, a2, (a3))
    li TESTNUM, 5                       /* sc.d that would succeed (valid reservation): faults */
    li a3, VA_PAGE(1)
    RVT_EXPECT_TRAP(CAUSE_STORE_PAGE_FAULT, 2f)
    lr.d a5, (a3)
1:  sc.d a4, a2, (a3)
    j rvt_fail
2:  CHECK_TRAP_TAKEN
    CHECK_TRAP_EPC(1b)
    CHECK_TRAP_REG(TR_TVAL, a3)
    TEST_PF(6, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(2), ld a4, 0(a3))         /* x-only */
    TEST_PF(7, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(2), lr.d a4, (a3))
    TEST_PF(8, CAUSE_STORE_PAGE_FAULT, VA_PAGE(2), sd a4, 0(a3))
    TEST_FETCH_PF(9, VA_PAGE(0))                                        /* not executable */
    TEST_FETCH_PF(10, VA_PAGE(1))
    /* MXR: execute-only becomes readable */
    li TESTNUM, 11
    li a1, MSTATUS_MXR
    csrs sstatus, a1
    li a1, VA_PAGE(2)
    ld a4, 0(a1)
    CHECK_EQ_REG(a4, s2)
    TEST_PF(12, CAUSE_STORE_PAGE_FAULT, VA_PAGE(2), sd a4, 0(a3))       /* still not writable */
    li a1, MSTATUS_MXR
    csrc sstatus, a1
    /* U pages from S: SUM = 0 faults, SUM = 1 allows loads and stores, never fetches */
    TEST_PF(13, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(3), ld a4, 0(a3))
    TEST_PF(14, CAUSE_STORE_PAGE_FAULT, VA_PAGE(3), sd a4, 0(a3))
    TEST_PF(15, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(5) + 4, lw a4, 0(a3))
    li TESTNUM, 16
    li a1, MSTATUS_SUM
    csrs sstatus, a1
    li a1, VA_PAGE(3)
    li a2, 0x5678
    sd a2, 24(a1)
    ld a4, 24(a1)
    CHECK_EQ(a4, 0x5678)
    TEST_CASE(17, a4, 0x0a0a0a0a, li a1, VA_PAGE(5); lwu a4, 0(a1))
    TEST_PF(18, CAUSE_STORE_PAGE_FAULT, VA_PAGE(5), sd a4, 0(a3))       /* U ro stays ro */
    TEST_FETCH_PF(19, VA_PAGE(4))                                       /* S never runs U code */
    TEST_PF(20, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(4), ld a4, 0(a3))        /* U x-only, no MXR */
    li TESTNUM, 21                                                      /* SUM + MXR */
    li a1, MSTATUS_MXR
    csrs sstatus, a1
    li a1, VA_PAGE(4)
    ld a4, 0(a1)
    CHECK_EQ_REG(a4, s2)
    li a1, MSTATUS_MXR | MSTATUS_SUM
    csrc sstatus, a1
    /* executing from an S rx page works */
    li TESTNUM, 22
    li a0, 0
    li t0, VA_PAGE(7)
    jalr ra, 0(t0)
    CHECK_EQ(a0, 42)
    RVT_S_TO_M(back1)
back1:

    /* ================= U-mode */
    SET_SATP(root_u)
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    li a2, 0x9abc
    TEST_CASE(23, a4, 0x9abc, li a1, VA_PAGE(3); sd a2, 32(a1); ld a4, 32(a1))
    TEST_CASE(24, a4, 0x9abc, li a1, VA_PAGE(5); ld a4, 32(a1))
    TEST_PF(25, CAUSE_STORE_PAGE_FAULT, VA_PAGE(5), sd a2, 0(a3))
    TEST_PF(26, CAUSE_STORE_PAGE_FAULT, VA_PAGE(5) + 8, amoswap.d a4, a2, (a3))
    TEST_PF(27, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0), ld a4, 0(a3))        /* S page */
    TEST_PF(28, CAUSE_STORE_PAGE_FAULT, VA_PAGE(0), sd a4, 0(a3))
    TEST_PF(29, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1) + 2, lh a4, 0(a3))
    TEST_FETCH_PF(30, VA_PAGE(7))                                       /* S rx page */
    TEST_PF(31, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(4), ld a4, 0(a3))        /* U x-only */
    TEST_PF(32, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(4), lr.w a4, (a3))
    li TESTNUM, 33                                                      /* U x-only runs */
    li a0, 0
    li t0, VA_PAGE(4)
    jalr ra, 0(t0)
    CHECK_EQ(a0, 42)
    RVT_U_TO_M(back2)
back2:
    /* SUM does not open S pages to U; MXR works for U too */
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrs mstatus, a1
    RVT_MRET_TO(PRV_U, in_u2)
in_u2:
    TEST_PF(34, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0), ld a4, 0(a3))
    TEST_CASE(35, a4, 0, li a1, VA_PAGE(4); ld a4, 0(a1); sub a4, a4, s2)
    TEST_PF(36, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(2), ld a4, 0(a3))        /* S x-only */
    RVT_U_TO_M(back3)
back3:
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, a1
    VM_OFF
RVT_CODE_END

    .section .text.code_page, "ax", @progbits   /* own section: page alignment survives relaxation */
    .balign 4096, 0
code_page:
    li a0, 42
    ret
    .balign 4096, 0

RVT_DATA_BEGIN
    .balign 4096, 0
root_s: .fill 4096, 1, 0
root_u: .fill 4096, 1, 0
l1:     .fill 4096, 1, 0
l0:     .fill 4096, 1, 0
page_a: .fill 4096, 1, 0
RVT_DATA_END
