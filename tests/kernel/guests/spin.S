/* Spins forever without syscalls, counting in s0 (and in memory, so progress is visible). */
#include "sel4.h"
    .text
    .globl _start
_start:
    la s1, counter
1:  addi s0, s0, 1
    sd s0, 0(s1)
    j 1b
    .bss
    .balign 8
    .globl counter
counter: .zero 8
