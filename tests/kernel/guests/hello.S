/* Prints through seL4_DebugPutChar, names itself, then halts the machine. */
#include "sel4.h"
    .text
    .globl _start
_start:
    PSTR(msg)
    /* seL4_DebugNameThread(own TCB, "greeter"): name at IPC buffer msg[0]. */
    li t0, IPCBUF
    la t1, name
1:  lbu t2, 0(t1)
    sb t2, MR(0)(t0)
    addi t0, t0, 1
    addi t1, t1, 1
    bnez t2, 1b
    li a0, SELF_TCB
    SYS(SYS_NAME_THREAD)
    j halt
    .section .rodata
msg:  .asciz "hello, seL4\n"
name: .asciz "greeter"
