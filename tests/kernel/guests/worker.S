/* Prints 'w' and exits (suspends itself). */
#include "sel4.h"
    .text
    .globl _start
_start:
    PCHR('w')
    j exit
