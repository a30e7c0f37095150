// @rvt desc: mstatus.MPRV in M-mode: loads/stores translate and are checked as MPP (S or U, with SUM/MXR), MPP = M means no translation, instruction fetch is never translated; page faults from MPRV accesses trap to M with xtval = VA
#include "rvt.h"
#include "vm.h"

/* MPRV = 1 with MPP = mode (clobbers t0) */
#define MPRV_ON(mode) li t0, MSTATUS_MPP | MSTATUS_MPRV; csrc mstatus, t0; li t0, MSTATUS_MPRV | ((mode) << 11); csrs mstatus, t0
#define MPRV_OFF      li t0, MSTATUS_MPRV; csrc mstatus, t0

/* with MPRV (mode): `insn` (one instruction, address a3) must page-fault with `cause` */
#define TEST_MPRV_PF(n, mode, cause, insn...) \
    li TESTNUM, n;                    \
    RVT_EXPECT_TRAP(cause, 9972f);    \
    MPRV_ON(mode);                    \
9971: insn;                           \
    MPRV_OFF;                         \
    j rvt_fail;                       \
9972: MPRV_OFF;                       \
    CHECK_TRAP_TAKEN;                 \
    CHECK_TRAP(TR_LEVEL, PRV_M);      \
    CHECK_TRAP_EPC(9971b);            \
    CHECK_TRAP_REG(TR_TVAL, a3)

RVT_CODE_BEGIN(M)
    /* No mapping of RAM at all: M keeps running only because fetches are not translated. */
    VM_ZERO(root, 4096)
    VM_ZERO(l1, 4096)
    VM_ZERO(l0, 4096)
    VM_LINK(root, 0, l1)
    VM_LINK(l1, 2, l0)
    VM_MAP(l0, 0, page_a, PTE_V | PTE_R | PTE_W | PTE_AD)             /* S rw */
    VM_MAP(l0, 1, page_b, PTE_V | PTE_R | PTE_W | PTE_U | PTE_AD)     /* U rw */
    VM_MAP(l0, 2, page_a, PTE_V | PTE_X | PTE_A)                      /* S x-only */
    VM_MAP(l0, 3, page_a, PTE_V | PTE_R | PTE_AD)                     /* S ro */
    la t0, page_a
    li t1, 0xa1a1a1a1a1a1a1a1
    sd t1, 0(t0)
    la t0, page_b
    li t1, 0xb2b2b2b2b2b2b2b2
    sd t1, 0(t0)
    la s3, page_a                       /* physical address, for MPP = M */
    VM_ON(root)

    /* 1-3: MPP = S */
    li TESTNUM, 1
    li a1, VA_PAGE(0)
    MPRV_ON(PRV_S)
    ld a4, 0(a1)
    li a2, 0x1122
    sd a2, 8(a1)
    ld a5, 8(a1)
    MPRV_OFF
    CHECK_EQ(a4, 0xa1a1a1a1a1a1a1a1)
    CHECK_EQ(a5, 0x1122)
    li TESTNUM, 2                       /* the store went to page_a */
    ld a4, 8(s3)
    CHECK_EQ(a4, 0x1122)
    li a3, VA_PAGE(1)
    TEST_MPRV_PF(3, PRV_S, CAUSE_LOAD_PAGE_FAULT, ld a4, 0(a3))      /* U page, SUM = 0 */
    li a3, VA_PAGE(3)
    TEST_MPRV_PF(4, PRV_S, CAUSE_STORE_PAGE_FAULT, sd a4, 0(a3))     /* read-only */
    li a3, VA_PAGE(2)
    TEST_MPRV_PF(5, PRV_S, CAUSE_LOAD_PAGE_FAULT, ld a4, 0(a3))      /* x-only */
    li a3, VA_PAGE(7)
    TEST_MPRV_PF(6, PRV_S, CAUSE_STORE_PAGE_FAULT, sw a4, 0(a3))     /* unmapped */
    /* 7: SUM and MXR apply */
    li TESTNUM, 7
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrs mstatus, a1
    li a1, VA_PAGE(1)
    li a2, VA_PAGE(2)
    MPRV_ON(PRV_S)
    ld a4, 0(a1)
    ld a5, 0(a2)
    MPRV_OFF
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, a1
    CHECK_EQ(a4, 0xb2b2b2b2b2b2b2b2)
    CHECK_EQ(a5, 0xa1a1a1a1a1a1a1a1)

    /* 8-9: MPP = U */
    li TESTNUM, 8
    li a1, VA_PAGE(1)
    MPRV_ON(PRV_U)
    ld a4, 0(a1)
    MPRV_OFF
    CHECK_EQ(a4, 0xb2b2b2b2b2b2b2b2)
    li a3, VA_PAGE(0)
    TEST_MPRV_PF(9, PRV_U, CAUSE_LOAD_PAGE_FAULT, ld a4, 0(a3))      /* S page from U */
    li a3, VA_PAGE(0) + 16
    TEST_MPRV_PF(10, PRV_U, CAUSE_STORE_PAGE_FAULT, sd a4, 0(a3))

    /* 11: MPP = M: physical, satp ignored */
    li TESTNUM, 11
    MPRV_ON(PRV_M)
    ld a4, 0(s3)
    MPRV_OFF
    CHECK_EQ(a4, 0xa1a1a1a1a1a1a1a1)

    /* 12: without MPRV, M is physical even with satp on */
    TEST_CASE(12, a4, 0xb2b2b2b2b2b2b2b2, la a1, page_b; ld a4, 0(a1))
    VM_OFF
RVT_CODE_END

RVT_DATA_BEGIN
    .balign 4096
root:   .fill 4096, 1, 0
l1:     .fill 4096, 1, 0
l0:     .fill 4096, 1, 0
page_a: .fill 4096, 1, 0
page_b: .fill 4096, 1, 0
RVT_DATA_END
