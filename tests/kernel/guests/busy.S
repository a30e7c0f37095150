/* Forever: 2004 instructions of work, then seL4_DebugPutChar('.'). */
#include "sel4.h"
    .text
    .globl _start
_start:
1:  li s1, 1000
2:  addi s1, s1, -1
    bnez s1, 2b
    li a0, '.'
    li a7, SYS_PUTCHAR
    ecall
    j 1b
