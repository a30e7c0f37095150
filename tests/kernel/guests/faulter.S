/* An illegal instruction (the handler skips it), then a store to an unmapped address. */
#include "sel4.h"
    .text
    .globl _start, fault_illegal, fault_store
_start:
    li s0, 0x1234
fault_illegal:
    csrw mstatus, zero          /* M-mode CSR from U-mode: illegal instruction */
    PSTR(resumed)
    li t0, 0x10
fault_store:
    sd s0, 0(t0)
    PSTR(bad)
    j exit
    .section .rodata
resumed: .asciz "resumed\n"
bad:     .asciz "not reached\n"
