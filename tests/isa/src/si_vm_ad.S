// @rvt desc: Sv39 accessed/dirty bits: an access through a PTE with A = 0 (or a store with D = 0) either sets the bits in hardware or page-faults (handler sets them and retries) — either way the PTE ends with A (and D only for stores/AMOs); loads never set D; a faulting store sets neither; also for fetches and 2 MiB pages
#include "rvt.h"
#include "vm.h"

#define MEGA_PA 0x80200000

/* Run `insn` (label 9991) at VA a3; if it faults with `cause`, set `bits` in the PTE at
 * table[idx], flush and retry. Test n. Clobbers t0-t2, t4-t6, a5.                            */
#define TEST_AD(n, cause, table, idx, bits, insn...) \
    li TESTNUM, n;                    \
    RVT_EXPECT_TRAP(cause, 9993f);    \
9991: insn;                           \
    j 9994f;                          \
9993: CHECK_TRAP_REG(TR_TVAL, a3);     \
    VM_SLOT(table, idx);              \
    ld t0, 0(t2);                     \
    ori t0, t0, bits;                 \
    sd t0, 0(t2);                     \
    sfence.vma;                       \
    j 9991b;                          \
9994: RVT_DISARM

/* the PTE at table[idx] must have exactly `want` of the A/D bits */
#define CHECK_AD(table, idx, want)      \
    VM_READ_PTE(a5, table, idx);      \
    andi a5, a5, PTE_A | PTE_D;       \
    CHECK_EQ(a5, want)

RVT_CODE_BEGIN(M)
    VM_STD_TABLES(root, l1, l0, 0)
    VM_MAP(l0, 0, page_a, PTE_V | PTE_R | PTE_W)                /* A = D = 0 */
    VM_MAP(l0, 1, page_a, PTE_V | PTE_R | PTE_W | PTE_A)        /* D = 0 */
    VM_MAP(l0, 2, code_page, PTE_V | PTE_R | PTE_X)             /* A = 0 */
    VM_MAP(l0, 3, page_a, PTE_V | PTE_R)                        /* read-only, A = 0 */
    VM_MAP(l0, 4, page_a, PTE_V | PTE_R | PTE_W)                /* A = D = 0 */
    VM_MAP(l0, 5, page_a, PTE_V | PTE_R | PTE_W | PTE_A)        /* D = 0 */
    VM_MAP(l0, 6, page_a, PTE_V | PTE_R | PTE_W | PTE_A)        /* D = 0 */
    VM_MAP_PA(l1, 3, MEGA_PA, PTE_V | PTE_R | PTE_W)            /* 2 MiB, A = D = 0 */
    la t0, page_a
    li t1, 0x3c3c3c3c3c3c3c3c
    sd t1, 0(t0)
    VM_ON(root)
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    /* 1-2: load with A = 0 */
    li a3, VA_PAGE(0)
    TEST_AD(1, CAUSE_LOAD_PAGE_FAULT, l0, 0, PTE_A, ld a4, 0(a3))
    CHECK_EQ(a4, 0x3c3c3c3c3c3c3c3c)
    CHECK_AD(l0, 0, PTE_A)
    /* 3: a store through the same PTE (A = 1, D = 0) */
    li a2, 0x4d4d
    TEST_AD(3, CAUSE_STORE_PAGE_FAULT, l0, 0, PTE_A | PTE_D, sd a2, 8(a3))
    CHECK_AD(l0, 0, PTE_A | PTE_D)
    /* 4: store with A = 0 and D = 0 */
    li a3, VA_PAGE(4)
    TEST_AD(4, CAUSE_STORE_PAGE_FAULT, l0, 4, PTE_A | PTE_D, sw a2, 0(a3))
    CHECK_AD(l0, 4, PTE_A | PTE_D)
    /* 5: store with A = 1, D = 0 */
    li a3, VA_PAGE(1)
    TEST_AD(5, CAUSE_STORE_PAGE_FAULT, l0, 1, PTE_A | PTE_D, sb a2, 0(a3))
    CHECK_AD(l0, 1, PTE_A | PTE_D)
    /* 6: AMO with D = 0 */
    li a3, VA_PAGE(5)
    TEST_AD(6, CAUSE_STORE_PAGE_FAULT, l0, 5, PTE_A | PTE_D, amoadd.d a4, a2, (a3))
    CHECK_AD(l0, 5, PTE_A | PTE_D)
    /* 7: a load through a PTE with A = 1, D = 0 leaves D clear */
    li TESTNUM, 7
    li a3, VA_PAGE(6)
    ld a4, 0(a3)
    CHECK_AD(l0, 6, PTE_A)
    /* 8: fetch with A = 0 */
    li a3, VA_PAGE(2)
    li a0, 0
    TEST_AD(8, CAUSE_FETCH_PAGE_FAULT, l0, 2, PTE_A, jalr ra, 0(a3))
    CHECK_EQ(a0, 42)
    CHECK_AD(l0, 2, PTE_A)
    /* 9: a store to a read-only page faults and sets neither A nor D */
    li a3, VA_PAGE(3)
    TEST_TRAP(9, CAUSE_STORE_PAGE_FAULT, sd a2, 0(a3))
    CHECK_AD(l0, 3, 0)
    /* 10-11: 2 MiB page */
    li a3, VA_MEGA + 0x1000
    TEST_AD(10, CAUSE_LOAD_PAGE_FAULT, l1, 3, PTE_A, ld a4, 0(a3))
    CHECK_AD(l1, 3, PTE_A)
    TEST_AD(11, CAUSE_STORE_PAGE_FAULT, l1, 3, PTE_A | PTE_D, sd a2, 0(a3))
    CHECK_AD(l1, 3, PTE_A | PTE_D)
    /* 12: the stores above reached memory */
    TEST_CASE(12, a4, 0x4d4d, la a1, page_a; ld a4, 8(a1))
    RVT_S_TO_M(back)
back:
    VM_OFF
RVT_CODE_END

    .section .text.code_page, "ax", @progbits   /* own section: page alignment survives relaxation */
    .balign 4096, 0
code_page:
    li a0, 42
    ret
    .balign 4096, 0

RVT_DATA_BEGIN
    .balign 4096
root:   .fill 4096, 1, 0
l1:     .fill 4096, 1, 0
l0:     .fill 4096, 1, 0
page_a: .fill 4096, 1, 0
RVT_DATA_END
