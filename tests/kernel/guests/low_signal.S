/* Low priority: print 'a', Signal(ntfn=1), print 'b', exit. */
#include "sel4.h"
    .text
    .globl _start
_start:
    PCHR('a')
    li a0, 1
    li a1, 0
    SYS(SYS_SEND)
    PCHR('b')
    PCHR('\n')
    j exit
