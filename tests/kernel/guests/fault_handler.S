/* Fault handler: Recv(ep=1, reply=3); print "F:badge label len mr0..mr(len-1)\n".
   UserException: reply with FaultIP + 4 (skip the instruction). Other faults: no reply. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li a0, 1
    li a6, 3
    SYS(SYS_RECV)
handle:
    mv s1, a0
    mv s2, a1
    li s4, IPCBUF
    sd a2, MR(0)(s4)            /* keep every MR in the buffer to print them in a loop */
    sd a3, MR(1)(s4)
    sd a4, MR(2)(s4)
    sd a5, MR(3)(s4)
    PSTR(tag)
    PHEX(s1)
    srli s3, s2, 12
    PHEX(s3)
    andi s5, s2, 0x7f
    PHEX(s5)
    li s6, 0
1:  bge s6, s5, 2f
    slli t4, s6, 3
    add t4, t4, s4
    ld s7, MR(0)(t4)
    PHEX(s7)
    addi s6, s6, 1
    j 1b
2:  PCHR('\n')
    li t0, 3
    beq s3, t0, 3f
    li a0, 1
    li a6, 3
    SYS(SYS_RECV)
    j handle
3:  ld a2, MR(0)(s4)
    addi a2, a2, 4
    li a1, MSGINFO(0, 0, 1)
    li a0, 1
    li a6, 3
    SYS(SYS_REPLY_RECV)
    j handle
    .section .rodata
tag: .asciz "F:"
