# A trap storm that makes progress: ecall in a loop, the M-mode handler skips the ecall.
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
1: ecall
  addi a1, a1, 1
  j 1b
  .align 2
handler:
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret
