// @rvt desc: Sv39 superpages: 2 MiB and 1 GiB leaves translate with the VA's low 21/30 bits as offset; misaligned superpages (PPN low bits set) page-fault; a pointer PTE at level 0 and W-without-R PTEs page-fault
#include "rvt.h"
#include "vm.h"

#define MEGA_PA 0x80200000          /* a free 2 MiB-aligned frame above the image */

#define TEST_PF(n, cause, va, insn...)  \
    li a3, va;                        \
    TEST_TRAP(n, cause, insn);        \
    CHECK_TRAP_REG(TR_TVAL, a3)

RVT_CODE_BEGIN(M)
    VM_STD_TABLES(root, l1, l0, 0)
    VM_MAP_PA(l1, 3, MEGA_PA, PTE_V | PTE_R | PTE_W | PTE_AD)          /* VA 0x600000 */
    VM_MAP_PA(root, 1, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_AD)     /* VA 0x40000000 */
    VM_MAP_PA(l1, 4, MEGA_PA + 0x1000, PTE_V | PTE_R | PTE_W | PTE_AD) /* misaligned mega */
    VM_MAP_PA(root, 3, MEGA_PA, PTE_V | PTE_R | PTE_W | PTE_AD)        /* misaligned giga */
    VM_MAP_PA(root, 4, 0x80001000, PTE_V | PTE_R | PTE_W | PTE_AD)     /* misaligned giga */
    VM_LINK(l0, 6, page_a)                                              /* pointer at level 0 */
    VM_MAP(l0, 7, page_a, PTE_V | PTE_W | PTE_AD)                       /* W without R */
    /* physical contents of the megapage frame */
    li t0, MEGA_PA
    li t1, 0xaaaaaaaaaaaaaaaa
    sd t1, 0(t0)
    li t2, 0x1008
    add t2, t2, t0
    li t1, 0xbbbbbbbbbbbbbbbb
    sd t1, 0(t2)
    li t2, 0x1ff000
    add t2, t2, t0
    li t1, 0xcccccccccccccccc
    sd t1, 0(t2)
    VM_ON(root)
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    /* 1-4: 2 MiB page */
    TEST_CASE(1, a4, 0xaaaaaaaaaaaaaaaa, li a1, VA_MEGA; ld a4, 0(a1))
    TEST_CASE(2, a4, 0xbbbbbbbbbbbbbbbb, li a1, VA_MEGA + 0x1008; ld a4, 0(a1))
    TEST_CASE(3, a4, 0xcccccccccccccccc, li a1, VA_MEGA + 0x1ff000; ld a4, 0(a1))
    li TESTNUM, 4
    li a1, VA_MEGA + 0x12340
    li a2, 0x0102030405060708
    sd a2, 0(a1)
    li a1, MEGA_PA + 0x12340            /* identity view of the same frame */
    ld a4, 0(a1)
    CHECK_EQ_REG(a4, a2)
    /* 5-7: 1 GiB page: VA 0x40000000 + x -> PA 0x80000000 + x */
    li TESTNUM, 5
    la a1, gdata
    li t0, 0x80000000 - VA_GIGA
    sub a1, a1, t0
    ld a4, 0(a1)
    CHECK_EQ(a4, 0x600dda7a600dda7a)
    TEST_CASE(6, a4, 0xaaaaaaaaaaaaaaaa, li a1, VA_GIGA + (MEGA_PA - 0x80000000); ld a4, 0(a1))
    li TESTNUM, 7
    li a1, VA_GIGA + (MEGA_PA - 0x80000000) + 0x1ff000
    li a2, 0x77
    sb a2, 7(a1)
    li a1, VA_MEGA + 0x1ff000
    ld a4, 0(a1)
    CHECK_EQ(a4, 0x77cccccccccccccc)
    /* 8-11: misaligned superpages */
    TEST_PF(8, CAUSE_LOAD_PAGE_FAULT, 0x800000, ld a4, 0(a3))
    TEST_PF(9, CAUSE_STORE_PAGE_FAULT, 0x800008, sd a4, 0(a3))
    TEST_PF(10, CAUSE_LOAD_PAGE_FAULT, 0xc0000000, lw a4, 0(a3))
    TEST_PF(11, CAUSE_STORE_PAGE_FAULT, 0x100000010, sb a4, 0(a3))
    /* 12-13: level-0 pointer PTE */
    TEST_PF(12, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(6), ld a4, 0(a3))
    TEST_PF(13, CAUSE_STORE_PAGE_FAULT, VA_PAGE(6) + 8, sd a4, 0(a3))
    /* 14-15: W without R is reserved */
    TEST_PF(14, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(7), ld a4, 0(a3))
    TEST_PF(15, CAUSE_STORE_PAGE_FAULT, VA_PAGE(7), sd a4, 0(a3))
    RVT_S_TO_M(back)
back:
    VM_OFF
RVT_CODE_END

RVT_DATA_BEGIN
gdata: .dword 0x600dda7a600dda7a
    .balign 4096
root:   .fill 4096, 1, 0
l1:     .fill 4096, 1, 0
l0:     .fill 4096, 1, 0
page_a: .fill 4096, 1, 0
RVT_DATA_END
