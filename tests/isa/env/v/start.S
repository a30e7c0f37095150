/*
 * start.S — `v` environment. M-mode reset delegates every U-mode exception to S and enters a
 * small S-mode kernel that
 *   - identity-maps RAM 0x80000000..0xbfffffff with one supervisor 1 GiB page (A/D preset),
 *   - maps the whole image (0x80000000.._end, at most 2 MiB) at RVT_USER_VA with 4 KiB U|R|W|X
 *     pages whose A and D bits start clear,
 *   - turns on Sv39 and srets to rvt_test_entry (its user alias) in U-mode.
 * Kernel trap handler: U ecall with a7 = 93 exits with a0 (0 = pass, n = failing TESTNUM);
 * a page fault on a valid user page whose A (or, for stores, D) bit is clear sets the bit and
 * retries (so hardware A/D updating and A/D faults are both fine); anything else is an
 * unexpected trap (diagnostic + exit with the test's gp).
 */
#include "rvt.h"
#include "../common.S"

#define USER_PTE (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U)
#define KERNEL_GIGAPAGE ((0x80000 << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define MEDELEG_USER ((1 << CAUSE_MISALIGNED_FETCH) | (1 << CAUSE_FETCH_ACCESS) | \
    (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_MISALIGNED_LOAD) | \
    (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_MISALIGNED_STORE) | (1 << CAUSE_STORE_ACCESS) | \
    (1 << CAUSE_USER_ECALL) | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | \
    (1 << CAUSE_STORE_PAGE_FAULT))

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    RVT_RESET_M
    li t0, MEDELEG_USER
    csrw medeleg, t0
    la t0, rvt_vkernel
    csrw mepc, t0
    li t0, MSTATUS_MPP_S
    csrs mstatus, t0
    li t0, 0
    mret

    .text
rvt_vkernel:
    la t0, rvt_vtrap
    csrw stvec, t0
    /* clear the three page tables */
    la t0, rvt_pt_root
    la t1, rvt_pt_end
1:  sd zero, 0(t0)
    addi t0, t0, 8
    bltu t0, t1, 1b
    /* root[2]: kernel gigapage; root[0] -> l1; l1[2] -> l0 (VA 0x400000..0x5fffff) */
    la t0, rvt_pt_root
    li t1, KERNEL_GIGAPAGE
    sd t1, 16(t0)
    la t1, rvt_pt_l1
    srli t1, t1, 12
    slli t1, t1, 10
    ori t1, t1, PTE_V
    sd t1, 0(t0)
    la t0, rvt_pt_l1
    la t1, rvt_pt_l0
    srli t1, t1, 12
    slli t1, t1, 10
    ori t1, t1, PTE_V
    sd t1, ((RVT_USER_VA >> 21) & 511) * 8(t0)
    /* the image, page by page */
    la t1, rvt_image_base
    la t2, _end
    sub t3, t2, t1
    li t4, 0x200000
    bgtu t3, t4, rvt_s_unexpected
    la t0, rvt_pt_l0
    li t3, USER_PTE
    li t5, 4096
2:  srli t4, t1, 12
    slli t4, t4, 10
    or t4, t4, t3
    sd t4, 0(t0)
    addi t0, t0, 8
    add t1, t1, t5
    bltu t1, t2, 2b
    /* Sv39 on */
    la t0, rvt_pt_root
    srli t0, t0, 12
    li t1, SATP_MODE_SV39
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    /* enter the test in U-mode at its user alias, sp = user alias of rvt_stack_top */
    la t1, rvt_image_base
    li t2, RVT_USER_VA
    la t0, rvt_test_entry
    sub t0, t0, t1
    add t0, t0, t2
    csrw sepc, t0
    la sp, rvt_stack_top
    sub sp, sp, t1
    add sp, sp, t2
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    .irp r, 5,6,7,28,29,30
    li x\r, 0
    .endr
    sret

    .balign 64
rvt_vtrap:
    csrrw t0, sscratch, t0
    sd t1, 8(t0)
    sd t2, 16(t0)
    sd t3, 24(t0)
    sd t4, 32(t0)
    csrr t1, sscratch
    sd t1, 0(t0)
    csrw sscratch, t0
    csrr t1, scause
    li t2, CAUSE_USER_ECALL
    bne t1, t2, 1f
    li t2, 93
    bne a7, t2, rvt_s_unexpected
    j rvt_exit
1:  li t2, CAUSE_LOAD_PAGE_FAULT
    li t3, PTE_A
    beq t1, t2, 2f
    li t2, CAUSE_FETCH_PAGE_FAULT
    beq t1, t2, 2f
    li t2, CAUSE_STORE_PAGE_FAULT
    li t3, PTE_A | PTE_D
    bne t1, t2, rvt_s_unexpected
2:  /* t3 = bits to set; find the user PTE for stval */
    csrr t1, stval
    li t2, RVT_USER_VA
    sub t1, t1, t2
    li t2, 0x200000
    bgeu t1, t2, rvt_s_unexpected
    srli t1, t1, 12
    slli t1, t1, 3
    la t2, rvt_pt_l0
    add t1, t1, t2
    ld t2, 0(t1)
    andi t4, t2, PTE_V
    beqz t4, rvt_s_unexpected
    or t3, t2, t3
    beq t3, t2, rvt_s_unexpected    /* A/D already set: a real fault */
    sd t3, 0(t1)
    sfence.vma
    ld t4, 32(t0)
    ld t3, 24(t0)
    ld t2, 16(t0)
    ld t1, 8(t0)
    ld t0, 0(t0)
    sret

/* user side (runs in U at the alias): exit through the kernel */
    .globl rvt_pass
rvt_pass:
    li a0, 0
    li a7, 93
    ecall
    j rvt_pass

    .globl rvt_fail
rvt_fail:
    mv a0, TESTNUM
    bnez a0, 1f
    li a0, 255
1:  li a7, 93
    ecall
    j rvt_fail

    .bss
    .balign 4096
rvt_pt_root: .skip 4096
rvt_pt_l1:   .skip 4096
rvt_pt_l0:   .skip 4096
rvt_pt_end:
