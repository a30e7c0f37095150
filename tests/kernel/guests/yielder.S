/* Four times: print the byte at `letter` (the test patches it per thread), then seL4_Yield. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li s0, 4
1:  la t0, letter
    lbu a0, 0(t0)
    call putc
    SYS(SYS_YIELD)
    addi s0, s0, -1
    bnez s0, 1b
    j exit
    .data
    .globl letter
letter: .byte 'y'
