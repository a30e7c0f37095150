/* Sends two caps over endpoint 1 (grant right): caps[0] = notification slot 2 (transferred),
   caps[1] = its own badged cap to the same endpoint, slot 1 (unwrapped: only the badge goes). */
#include "sel4.h"
    .text
    .globl _start
_start:
    li t0, IPCBUF
    li t1, 2
    sd t1, CAPS(0)(t0)
    li t1, 1
    sd t1, CAPS(1)(t0)
    li a2, 0x5a
    li a1, MSGINFO(9, 2, 1)
    li a0, 1
    SYS(SYS_SEND)
    j exit
