/* Makes syscall number -100 with a0 = 0x55: an UnknownSyscall fault. */
#include "sel4.h"
    .text
    .globl _start, bad_ecall
_start:
    li a0, 0x55
    li a1, 0x66
    li a7, -100
bad_ecall:
    ecall
    j exit
