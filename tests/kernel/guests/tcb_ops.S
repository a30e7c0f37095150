/* Drives thread "worker" (TCB cap 5): raise its priority above ours (it runs at once),
   then restart it at its entry with WriteRegisters (resume). Prints 'm' and 'x' between. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li t0, IPCBUF
    li t1, SELF_TCB
    sd t1, CAPS(0)(t0)
    li a2, 60
    li a1, MSGINFO(L_TCB_SET_PRIORITY, 1, 1)
    li a0, 5
    SYS(SYS_CALL)
    PCHR('m')
    /* WriteRegisters(worker, resume=1, arch 0, count 1, pc = 0x200000) */
    li a2, 1
    li a3, 1
    li a4, 0x200000
    li a1, MSGINFO(L_TCB_WRITE_REGISTERS, 0, 3)
    li a0, 5
    SYS(SYS_CALL)
    PCHR('x')
    /* SchedContext_Consumed on the worker's SC (slot 6): some microseconds were used. */
    li a1, MSGINFO(L_SC_CONSUMED, 0, 0)
    li a0, 6
    SYS(SYS_CALL)
    li t0, 0
    snez s1, a2
    PHEX(s1)
    PCHR('\n')
    j exit
