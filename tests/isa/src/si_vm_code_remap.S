// @rvt desc: translated code and new mappings: a loop at one VA runs hot (translated) from one physical page, then the VA is remapped to a page with different code (PTE change + sfence.vma, then a second root table through satp), and each time the new code runs; remapping back runs the first code again
#include "rvt.h"
#include "vm.h"

/* a0 = f(a0) called 200 times through VA_PAGE(0): enough to pass any translation threshold */
#define CALL_HOT(n, expect)   \
    li TESTNUM, n;            \
    li s2, 200;               \
    li a0, 0;                 \
1:  li t0, VA_PAGE(0);        \
    jalr ra, 0(t0);           \
    addi s2, s2, -1;          \
    bnez s2, 1b;              \
    CHECK_EQ(a0, expect)

RVT_CODE_BEGIN(M)
    VM_STD_TABLES(root, l1, l0, 0)
    VM_MAP(l0, 0, code_a, PTE_V | PTE_X | PTE_A)
    /* second set of tables: same layout, VA_PAGE(0) -> code_b */
    VM_STD_TABLES(root2, l1b, l0b, 0)
    VM_MAP(l0b, 0, code_b, PTE_V | PTE_X | PTE_A)
    VM_ON(root)
    RVT_MRET_TO(PRV_S, in_s)
in_s:
    CALL_HOT(1, 200 * 3)              /* code_a: a0 += 3 (through a small inner loop) */
    /* 2: same VA, other frame: PTE rewritten, sfence.vma */
    VM_MAP(l0, 0, code_b, PTE_V | PTE_X | PTE_A)
    sfence.vma
    CALL_HOT(2, 200 * 5)              /* code_b: a0 += 5 */
    /* 3: back to code_a, whose translation may still be cached */
    VM_MAP(l0, 0, code_a, PTE_V | PTE_X | PTE_A)
    sfence.vma
    CALL_HOT(3, 200 * 3)
    /* 4: a new root table through satp maps VA_PAGE(0) to code_b */
    la t0, root2
    srli t0, t0, 12
    li t1, SATP_MODE_SV39
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    CALL_HOT(4, 200 * 5)
    /* 5: and the old root again */
    la t0, root
    srli t0, t0, 12
    li t1, SATP_MODE_SV39
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    CALL_HOT(5, 200 * 3)
    RVT_S_TO_M(back)
back:
    VM_OFF
RVT_CODE_END

    .section .text.code_a, "ax", @progbits   /* own section: page alignment survives relaxation */
    .balign 4096, 0
code_a:                     /* VA_PAGE(0) first: a0 += 3, one at a time */
    li t1, 3
1:  addi a0, a0, 1
    addi t1, t1, -1
    bnez t1, 1b
    ret
    .balign 4096, 0

    .section .text.code_b, "ax", @progbits
    .balign 4096, 0
code_b:                     /* same offsets, other increments: a0 += 5 */
    li t1, 5
1:  addi a0, a0, 1
    addi t1, t1, -1
    bnez t1, 1b
    ret
    .balign 4096, 0

RVT_DATA_BEGIN
    .balign 4096
root:   .fill 4096, 1, 0
l1:     .fill 4096, 1, 0
l0:     .fill 4096, 1, 0
root2:  .fill 4096, 1, 0
l1b:    .fill 4096, 1, 0
l0b:    .fill 4096, 1, 0
RVT_DATA_END
