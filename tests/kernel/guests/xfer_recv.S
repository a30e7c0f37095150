/* Receives on endpoint 1 with receive slot 40 in its CNode (slot 2, depth 64); prints
   "X:badge label extraCaps unwrapped-mask mr0 badge-of-cap1", then signals the received cap. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li t0, IPCBUF
    li t1, 2
    sd t1, 0x3e8(t0)            /* receiveCNode */
    li t1, 40
    sd t1, 0x3f0(t0)            /* receiveIndex */
    li t1, 64
    sd t1, 0x3f8(t0)            /* receiveDepth */
    li a0, 1
    li a6, 3
    SYS(SYS_RECV)
    mv s1, a0
    mv s2, a1
    mv s3, a2
    PSTR(tag)
    PHEX(s1)
    srli s4, s2, 12
    PHEX(s4)
    srli s4, s2, 7
    andi s4, s4, 3
    PHEX(s4)
    srli s4, s2, 9
    andi s4, s4, 7
    PHEX(s4)
    PHEX(s3)
    li t0, IPCBUF
    ld s4, CAPS(1)(t0)
    PHEX(s4)
    li a0, 40
    SYS(SYS_CAP_IDENTIFY)
    mv s4, a0
    PHEX(s4)
    PCHR('\n')
    li a0, 40
    li a1, 0
    SYS(SYS_SEND)
    j exit
    .section .rodata
tag: .asciz "X:"
