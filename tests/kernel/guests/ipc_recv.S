/* Receiver: Recv(ep=1, reply=3) forever; prints "R:badge label len mr0..mr5". */
#include "sel4.h"
    .text
    .globl _start
_start:
1:  li a0, 1
    li a6, 3
    SYS(SYS_RECV)
    mv s1, a0
    mv s2, a1
    mv s3, a2
    mv s4, a3
    mv s5, a4
    mv s6, a5
    PSTR(tag)
    PHEX(s1)
    srli s7, s2, 12
    PHEX(s7)
    andi s7, s2, 0x7f
    PHEX(s7)
    PHEX(s3)
    PHEX(s4)
    PHEX(s5)
    PHEX(s6)
    li s8, IPCBUF
    ld s7, MR(4)(s8)
    PHEX(s7)
    ld s7, MR(5)(s8)
    PHEX(s7)
    PCHR('\n')
    j 1b
    .section .rodata
tag: .asciz "R:"
