/* UART receive handler: UART mapped at 0x1000000. Enable RX interrupts, then forever:
   Wait(ntfn=1); print "<" + every byte available + ">"; IRQHandler_Ack(slot 2). */
#include "sel4.h"
#define UART 0x1000000
    .text
    .globl _start
_start:
    li s0, UART
    li t0, 1
    sb t0, 1(s0)            /* IER: received data available */
1:  li a0, 1
    SYS(SYS_WAIT)
    PCHR('<')
2:  lbu t0, 5(s0)           /* LSR */
    andi t0, t0, 1
    beqz t0, 3f
    lbu a0, 0(s0)           /* RBR */
    call putc
    j 2b
3:  PCHR('>')
    li a0, 2
    li a1, MSGINFO(L_IRQ_ACK, 0, 0)
    SYS(SYS_CALL)
    j 1b
