/* Wait(ntfn=1) and print the badge word; then NBWait and print again; exit. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li a0, 1
    SYS(SYS_WAIT)
    mv s0, a0
    PHEX(s0)
    li a0, 1
    SYS(SYS_NB_WAIT)
    mv s0, a0
    PHEX(s0)
    PCHR('\n')
    j exit
