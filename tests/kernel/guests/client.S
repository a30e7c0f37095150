/* Client: if slot 5 holds a SchedContext cap, unbind it first (makes the server passive);
   then Call(ep=1) three times with MR0 = 10, 20, 30, printing each reply's MR0. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li a0, 5
    SYS(SYS_CAP_IDENTIFY)
    li t0, 22
    bne a0, t0, 2f
    li a0, 5
    li a1, MSGINFO(L_SC_UNBIND, 0, 0)
    SYS(SYS_CALL)
    srli s2, a1, 12
    PSTR(unb)
    PHEX(s2)
2:  li s0, 0x10
    li s1, 3
1:  mv a2, s0
    li a1, MSGINFO(0, 0, 1)
    li a0, 1
    SYS(SYS_CALL)
    mv s2, a2
    PHEX(s2)
    addi s0, s0, 0x10
    addi s1, s1, -1
    bnez s1, 1b
    PSTR(done)
    j exit
    .section .rodata
unb:  .asciz "unbind:"
done: .asciz "done\n"
