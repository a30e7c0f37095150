/* Untyped_Retype from the untyped at slot 5 into its own CNode (slot 2):
   an endpoint at 20, a notification at 22; mint 22 -> 23 with badge 3; signal 23; NBWait 22.
   Then a 4 KiB frame from the rest (NotEnoughMemory in a 4 KiB untyped). */
#include "sel4.h"
    .text
    .globl _start
#define RETYPE(type, bits, offset, n) \
    li t0, IPCBUF; li t1, 2; sd t1, CAPS(0)(t0); li t1, offset; sd t1, MR(4)(t0); li t1, n; sd t1, MR(5)(t0); \
    li a2, type; li a3, bits; li a4, 0; li a5, 0; li a1, MSGINFO(L_UNTYPED_RETYPE, 1, 6); li a0, 5; SYS(SYS_CALL)
#define PRINT_LABEL srli s1, a1, 12; PHEX(s1)
_start:
    RETYPE(2, 0, 20, 1)
    PRINT_LABEL
    li a0, 20
    SYS(SYS_CAP_IDENTIFY)
    mv s2, a0
    PHEX(s2)
    RETYPE(3, 0, 22, 1)
    PRINT_LABEL
    /* Mint 22 -> 23, badge 3 */
    li t0, IPCBUF; li t1, 2; sd t1, CAPS(0)(t0); li t1, 15; sd t1, MR(4)(t0); li t1, 3; sd t1, MR(5)(t0)
    li a2, 23; li a3, 64; li a4, 22; li a5, 64; li a1, MSGINFO(L_CNODE_MINT, 1, 6); li a0, 2
    SYS(SYS_CALL)
    PRINT_LABEL
    li a0, 23
    li a1, 0
    SYS(SYS_SEND)
    li a0, 22
    SYS(SYS_NB_WAIT)
    mv s2, a0
    PHEX(s2)
    RETYPE(8, 0, 24, 1)
    mv s2, a2
    PRINT_LABEL
    PHEX(s2)
    PCHR('\n')
    j exit
