/* Retype a 4 KiB frame from the untyped at slot 5 into slot 20, map it at 0x210000 in its
   own VSpace (slot 3), use it, ask its address, try a vaddr without a page table, unmap it
   and touch it again (a VM fault with no handler). */
#include "sel4.h"
    .text
    .globl _start
#define PRINT_LABEL srli s1, a1, 12; PHEX(s1)
_start:
    li t0, IPCBUF; li t1, 2; sd t1, CAPS(0)(t0); li t1, 20; sd t1, MR(4)(t0); li t1, 1; sd t1, MR(5)(t0)
    li a2, 8; li a3, 0; li a4, 0; li a5, 0; li a1, MSGINFO(L_UNTYPED_RETYPE, 1, 6); li a0, 5
    SYS(SYS_CALL)
    PRINT_LABEL
    /* Page_Map(frame 20, vspace 3, 0x210000, rights RW, attr 0) */
    li t0, IPCBUF; li t1, 3; sd t1, CAPS(0)(t0)
    li a2, 0x210000; li a3, 3; li a4, 0; li a1, MSGINFO(41, 1, 3); li a0, 20
    SYS(SYS_CALL)
    PRINT_LABEL
    li t0, 0x210000
    li t1, 0xabc
    sd t1, 0(t0)
    ld s2, 0(t0)
    PHEX(s2)
    /* Page_GetAddress */
    li a1, MSGINFO(43, 0, 0); li a0, 20
    SYS(SYS_CALL)
    mv s2, a2
    PRINT_LABEL
    PHEX(s2)
    /* Page_Map again at 0x40000000: no page table there -> FailedLookup (6) */
    li t0, IPCBUF; li t1, 3; sd t1, CAPS(0)(t0)
    li a2, 0x40000000; li a3, 3; li a4, 0; li a1, MSGINFO(41, 1, 3); li a0, 20
    SYS(SYS_CALL)
    PRINT_LABEL
    /* Page_Unmap, then touch it */
    li a1, MSGINFO(42, 0, 0); li a0, 20
    SYS(SYS_CALL)
    PRINT_LABEL
    PCHR('\n')
    li t0, 0x210000
    .globl touch_unmapped
touch_unmapped:
    ld s2, 0(t0)
    j exit
