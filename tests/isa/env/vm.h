/*
 * vm.h — Sv39 helpers for the privileged virtual-memory tests (p environment, M-mode code builds
 * the tables physically; S-mode code may edit PTEs through an identity mapping).
 *
 * Layout used by the tests (tables are 4 KiB-aligned labels in the test's data):
 *   root[2]  1 GiB identity page for RAM 0x80000000..0xbfffffff: test code, data, trap record
 *   root[0] -> l1, l1[2] -> l0: 4 KiB pages at VA 0x400000 + 4096 * i
 *   l1[3]    2 MiB pages at VA 0x600000, root[1] 1 GiB pages at VA 0x40000000
 * All macros clobber t0, t1, t2 only.
 */
#ifndef RVT_VM_H
#define RVT_VM_H

#define VA_L0_BASE   0x400000      /* l1[2] -> l0 */
#define VA_MEGA      0x600000      /* l1[3] */
#define VA_GIGA      0x40000000    /* root[1] */
#define VA_PAGE(i)   (VA_L0_BASE + 4096 * (i))

#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_AD  (PTE_A | PTE_D)

/* zero `bytes` bytes at label (multiple of 8) */
#define VM_ZERO(label, bytes)            \
    la t0, label;                      \
    li t1, bytes;                      \
    add t1, t1, t0;                    \
9801: sd zero, 0(t0);                   \
    addi t0, t0, 8;                    \
    bltu t0, t1, 9801b

/* t2 = address of table[idx] */
#define VM_SLOT(table, idx)              \
    la t2, table;                      \
    li t1, (idx) * 8;                  \
    add t2, t2, t1

/* table[idx] = PTE for the physical address of `target` with `flags` */
#define VM_MAP(table, idx, target, flags) \
    VM_SLOT(table, idx);               \
    la t0, target;                     \
    srli t0, t0, 12;                   \
    slli t0, t0, 10;                   \
    li t1, flags;                      \
    or t0, t0, t1;                     \
    sd t0, 0(t2)

/* table[idx] = PTE for a constant physical address */
#define VM_MAP_PA(table, idx, pa, flags) \
    VM_SLOT(table, idx);               \
    li t0, ((((pa) >> 12) << 10) | (flags)); \
    sd t0, 0(t2)

/* table[idx] = pointer to the next-level table */
#define VM_LINK(table, idx, next)        VM_MAP(table, idx, next, PTE_V)

/* reg = the PTE value stored at table[idx] */
#define VM_READ_PTE(reg, table, idx)     \
    VM_SLOT(table, idx);               \
    ld reg, 0(t2)

/* satp = Sv39 with root table `root`, then flush */
#define VM_ON(root)                      \
    la t0, root;                       \
    srli t0, t0, 12;                   \
    li t1, SATP_MODE_SV39;             \
    or t0, t0, t1;                     \
    csrw satp, t0;                     \
    sfence.vma

#define VM_OFF                           \
    csrw satp, zero;                   \
    sfence.vma

/* The standard layout: identity RAM gigapage with `ramflags` (add PTE_U for U-mode code),
 * root[0] -> l1 -> l0.                                                                        */
#define VM_STD_TABLES(root, l1, l0, ramflags) \
    VM_ZERO(root, 4096);               \
    VM_ZERO(l1, 4096);                 \
    VM_ZERO(l0, 4096);                 \
    VM_MAP_PA(root, 2, 0x80000000, PTE_V | PTE_RWX | PTE_AD | (ramflags)); \
    VM_LINK(root, 0, l1);              \
    VM_LINK(l1, 2, l0)

#endif
