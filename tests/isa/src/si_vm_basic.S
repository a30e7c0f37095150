// @rvt desc: Sv39 with 4 KiB pages in S-mode: loads/stores of every width through translation, page offsets, two VAs aliasing one page, execution from a mapped (execute-only) page, page faults 12/13/15 for invalid PTEs with xtval = VA (and xepc = VA for fetches), non-canonical VAs fault, sfence.vma (global and by address) makes PTE changes visible, M-mode ignores satp, page faults delegated to S
#include "rvt.h"
#include "vm.h"

#define TEST_PF(n, cause, va, insn...)  \
    li a3, va;                        \
    TEST_TRAP(n, cause, insn);        \
    CHECK_TRAP_REG(TR_TVAL, a3)

RVT_CODE_BEGIN(M)
    VM_STD_TABLES(root, l1, l0, 0)
    VM_MAP(l0, 0, page_a, PTE_V | PTE_R | PTE_W | PTE_AD)
    VM_MAP(l0, 1, page_b, PTE_V | PTE_R | PTE_W | PTE_AD)
    VM_MAP(l0, 2, page_a, PTE_V | PTE_R | PTE_AD)          /* read-only alias of page_a */
    VM_MAP(l0, 5, code_page, PTE_V | PTE_X | PTE_A)         /* execute-only */
    /* physical contents */
    la t0, page_a
    li t1, 0x1111111111111111
    sd t1, 0(t0)
    li t1, 0x8877665544332211
    li t2, 0xff8
    add t0, t0, t2
    sd t1, 0(t0)
    la t0, page_b
    li t1, 0x2222222222222222
    sd t1, 0(t0)
    VM_ON(root)
    /* M ignores satp: VA 0x400000 is physical 0x400000, which is no memory */
    li a3, VA_PAGE(0)
    TEST_TRAP(1, CAUSE_LOAD_ACCESS, ld a4, 0(a3))
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    /* 2-9: loads through translation */
    li s0, VA_PAGE(0)
    li s1, VA_PAGE(0) + 0x800
    TEST_CASE(2, a4, 0x1111111111111111, ld a4, 0(s0))
    TEST_CASE(3, a4, 0x8877665544332211, ld a4, 0x7f8(s1))
    TEST_CASE(4, a4, 0xffffffffffffff88, lb a4, 0x7ff(s1))
    TEST_CASE(5, a4, 0x88, lbu a4, 0x7ff(s1))
    TEST_CASE(6, a4, 0xffffffffffff8877, lh a4, 0x7fe(s1))
    TEST_CASE(7, a4, 0xffffffff88776655, lw a4, 0x7fc(s1))
    TEST_CASE(8, a4, 0x88776655, lwu a4, 0x7fc(s1))
    TEST_CASE(9, a4, 0x2222222222222222, li a1, VA_PAGE(1); ld a4, 0(a1))
    /* 10-12: stores through translation, seen through the alias and physically */
    li TESTNUM, 10
    li a2, 0x0123456789abcdef
    sd a2, 8(s0)
    li a1, VA_PAGE(2)
    ld a4, 8(a1)
    CHECK_EQ_REG(a4, a2)
    li TESTNUM, 11
    la a1, page_a                       /* identity mapping of RAM */
    ld a4, 8(a1)
    CHECK_EQ_REG(a4, a2)
    TEST_CASE(12, a4, 0xffffffffffffabcd, li a2, 0xabcd; sh a2, 0x7f0(s0); lh a4, 0x7f0(s0))
    /* 13: misaligned access across two pages mapped to different frames */
    li TESTNUM, 13
    li a1, VA_PAGE(1)
    li a2, 0x5a5a5a5a5a5a5a5a
    sd a2, 0(a1)                        /* page_b[0..7] */
    ld a4, -4(a1)                       /* page_a[0xffc..0xfff] ++ page_b[0..3] */
    CHECK_EQ(a4, 0x5a5a5a5a88776655)
    /* 14: execute from an execute-only page */
    li TESTNUM, 14
    li a0, 0
    li t0, VA_PAGE(5)
    jalr ra, 0(t0)
    CHECK_EQ(a0, 42)
    /* 15-17: loads / stores to a store-protected and an unmapped page */
    TEST_PF(15, CAUSE_STORE_PAGE_FAULT, VA_PAGE(2) + 16, sd a2, 0(a3))
    TEST_PF(16, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(3), ld a4, 0(a3))
    TEST_PF(17, CAUSE_STORE_PAGE_FAULT, VA_PAGE(3) + 0x10, sw a4, 0(a3))
    /* 18: fetch from an unmapped page: xepc = xtval = VA */
    li TESTNUM, 18
    li a3, VA_PAGE(4)
    RVT_EXPECT_TRAP(CAUSE_FETCH_PAGE_FAULT, 1f)
    jalr ra, 0(a3)
    j rvt_fail
1:  CHECK_TRAP_TAKEN
    CHECK_TRAP_REG(TR_EPC, a3)
    CHECK_TRAP_REG(TR_TVAL, a3)
    /* 19-20: non-canonical VAs (bits 63:39 must equal bit 38) */
    TEST_PF(19, CAUSE_LOAD_PAGE_FAULT, 0x0000004000000000, ld a4, 0(a3))
    TEST_PF(20, CAUSE_STORE_PAGE_FAULT, 0xffffff0080000000, sd a4, 0(a3))
    /* 21: the top half is canonical but unmapped */
    TEST_PF(21, CAUSE_LOAD_PAGE_FAULT, 0xffffffffc0000000, lbu a4, 0(a3))
    /* 22-23: remap VA_PAGE(0) to page_b; sfence.vma makes it visible */
    li TESTNUM, 22
    VM_MAP(l0, 0, page_b, PTE_V | PTE_R | PTE_W | PTE_AD)
    sfence.vma
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x5a5a5a5a5a5a5a5a)
    li TESTNUM, 23
    VM_MAP(l0, 0, page_a, PTE_V | PTE_R | PTE_W | PTE_AD)
    sfence.vma s0, zero                 /* this address only */
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x1111111111111111)
    /* 24: invalidate a mapping */
    VM_MAP_PA(l0, 0, 0, 0)
    sfence.vma s0
    TEST_PF(24, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0), ld a4, 0(a3))
    RVT_S_TO_M(back1)
back1:
    /* 25-27: delegated to S */
    li a1, (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT) | (1 << CAUSE_FETCH_PAGE_FAULT)
    csrw medeleg, a1
    RVT_MRET_TO(PRV_S, in_s2)
in_s2:
    TEST_PF(25, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(3) + 0x123, lb a4, 0(a3))
    CHECK_TRAP(TR_LEVEL, PRV_S)
    TEST_PF(26, CAUSE_STORE_PAGE_FAULT, VA_PAGE(7) + 6, sh a4, 0(a3))
    CHECK_TRAP(TR_LEVEL, PRV_S)
    li TESTNUM, 27
    li a3, VA_PAGE(9)
    RVT_EXPECT_TRAP(CAUSE_FETCH_PAGE_FAULT, 2f)
    jalr ra, 0(a3)
    j rvt_fail
2:  CHECK_TRAP(TR_LEVEL, PRV_S)
    CHECK_TRAP_REG(TR_TVAL, a3)
    RVT_S_TO_M(back2)
back2:
    csrw medeleg, zero

    /* 28-29: a 32-bit instruction across a page boundary: runs when both pages are mapped;
     * with the second page unmapped: fetch page fault, xepc = the instruction, xtval = the
     * second page */
    VM_MAP(l0, 10, cross_code, PTE_V | PTE_X | PTE_A)
    VM_MAP(l0, 11, cross_code + 4096, PTE_V | PTE_X | PTE_A)
    sfence.vma
    RVT_MRET_TO(PRV_S, in_s3)
in_s3:
    li TESTNUM, 28
    li a0, 5
    li t0, VA_PAGE(10) + 4094
    jalr ra, 0(t0)
    CHECK_EQ(a0, 0x105)
    li TESTNUM, 29
    VM_MAP_PA(l0, 11, 0, 0)
    sfence.vma
    li a3, VA_PAGE(10) + 4094
    RVT_EXPECT_TRAP(CAUSE_FETCH_PAGE_FAULT, 3f)
    jalr ra, 0(a3)
    j rvt_fail
3:  CHECK_TRAP_TAKEN
    CHECK_TRAP_REG(TR_EPC, a3)
    li a3, VA_PAGE(11)
    CHECK_TRAP_REG(TR_TVAL, a3)
    RVT_S_TO_M(back3)
back3:
    VM_OFF
RVT_CODE_END

    .section .text.cross_code, "ax", @progbits  /* own section: page alignment survives relaxation */
    .balign 4096, 0
cross_code:                 /* VA_PAGE(10): an addi in its last 2 bytes and the next page's first 2 */
    .skip 4094
    .option push
    .option norvc
    addi a0, a0, 0x100
    .option pop
    ret
    .balign 4096, 0

    .section .text.code_page, "ax", @progbits   /* own section: page alignment survives relaxation */
    .balign 4096, 0
code_page:                  /* mapped execute-only at VA_PAGE(5) */
    li a0, 42
    ret
    .balign 4096, 0

RVT_DATA_BEGIN
    .balign 4096
root:   .fill 4096, 1, 0
l1:     .fill 4096, 1, 0
l0:     .fill 4096, 1, 0
page_a: .fill 4096, 1, 0
page_b: .fill 4096, 1, 0
RVT_DATA_END
