/* Sender: Send(ep=1) label 7 with six MRs (two in the IPC buffer), then "S\n" and exit. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li t0, IPCBUF
    li t1, 0x55
    sd t1, MR(4)(t0)
    li t1, 0x66
    sd t1, MR(5)(t0)
    li a2, 0x11
    li a3, 0x22
    li a4, 0x33
    li a5, 0x44
    li a1, MSGINFO(7, 0, 6)
    li a0, 1
    SYS(SYS_SEND)
    PSTR(sent)
    j exit
    .section .rodata
sent: .asciz "S\n"
