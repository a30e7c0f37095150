/* Microkit client: prints its patched name, writes the UART and the shared region (addresses from setvars),
   PP-calls the server on channel 0, notifies it, then crashes (store to address 0). */
#include "sel4.h"
#include "mkrt.inc"
    .text
    .globl init, notified, protected
init:
    addi sp, sp, -16
    sd ra, 0(sp)
    PSTR(hello)
    PSTR(microkit_name)
    PCHR('\n')
    la t0, uart_base                    /* device region: write the UART THR directly */
    ld t0, 0(t0)
    li t1, '#'
    sb t1, 0(t0)
    li t1, '\n'
    sb t1, 0(t0)
    la t0, shared_vaddr
    ld t0, 0(t0)
    li t1, 0x1234
    sd t1, 0(t0)
    li a0, 0
    li a1, 41
    call microkit_mr_set
    li a0, 0
    li a1, MSGINFO(0, 0, 1)
    call microkit_ppcall
    andi t0, a0, 0x7f
    sd t0, 8(sp)
    li a0, 0
    call microkit_mr_get
    call puthex
    PCHR(' ')
    li a0, 1
    call microkit_mr_get
    call puthex
    PCHR(' ')
    ld a0, 8(sp)
    call puthex
    PCHR('\n')
    li a0, 0
    call microkit_notify
    PSTR(crash)
    .globl client_crash
client_crash:
    sd zero, 0(zero)
    ld ra, 0(sp)
    addi sp, sp, 16
    ret
notified:
    ret
protected:
    li a0, 0
    ret
    .data
    .balign 8
    .globl shared_vaddr, uart_base
shared_vaddr: .dword 0
uart_base:    .dword 0
    .section .rodata
hello: .asciz "client: init, name="
crash: .asciz "client: crashing\n"
