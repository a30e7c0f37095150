/* Signals notification caps 1, 2, 1 (badged by the test), then exits. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li a0, 1
    li a1, 0
    SYS(SYS_SEND)
    li a0, 2
    li a1, 0
    SYS(SYS_SEND)
    li a0, 1
    li a1, 0
    SYS(SYS_SEND)
    j exit
