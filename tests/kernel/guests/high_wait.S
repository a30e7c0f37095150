/* High priority: Wait(ntfn=1) forever, printing "H<badge>" each time. */
#include "sel4.h"
    .text
    .globl _start
_start:
1:  li a0, 1
    SYS(SYS_WAIT)
    mv s0, a0
    PCHR('H')
    mv a0, s0
    call puthex
    j 1b
