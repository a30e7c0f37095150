/* Microkit passive server: init prints its patched channel masks; protected() answers MR0 + 1
   and the word in the shared region; notified() prints the channel and acks channel 7 (IRQ). */
#include "sel4.h"
#include "mkrt.inc"
    .text
    .globl init, notified, protected
init:
    addi sp, sp, -16
    sd ra, 0(sp)
    PSTR(hello)
    la t0, microkit_irqs
    ld a0, 0(t0)
    call puthex
    PCHR(' ')
    la t0, microkit_notifications
    ld a0, 0(t0)
    call puthex
    PCHR(' ')
    la t0, microkit_pps
    ld a0, 0(t0)
    call puthex
    PCHR('\n')
    ld ra, 0(sp)
    addi sp, sp, 16
    ret
notified:
    addi sp, sp, -16
    sd ra, 0(sp)
    sd a0, 8(sp)
    PSTR(note)
    ld a0, 8(sp)
    call puthex
    PCHR('\n')
    ld a0, 8(sp)
    li t0, 7
    bne a0, t0, 1f
    call microkit_irq_ack               /* channel 7 is the IRQ */
1:  ld ra, 0(sp)
    addi sp, sp, 16
    ret
protected:
    addi sp, sp, -16
    sd ra, 0(sp)
    sd a0, 8(sp)
    PSTR(prot)
    ld a0, 8(sp)
    call puthex
    PCHR('\n')
    li a0, 0
    call microkit_mr_get
    addi a1, a0, 1
    li a0, 0
    call microkit_mr_set
    la t0, shared_vaddr
    ld t0, 0(t0)
    ld a1, 0(t0)
    li a0, 1
    call microkit_mr_set
    li a0, MSGINFO(0, 0, 2)
    ld ra, 0(sp)
    addi sp, sp, 16
    ret
    .data
    .balign 8
    .globl shared_vaddr
shared_vaddr: .dword 0
    .section .rodata
hello: .asciz "server: init irqs/notifications/pps="
note:  .asciz "server: notified "
prot:  .asciz "server: protected ch "
