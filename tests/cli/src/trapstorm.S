# A trap vector that itself faults: no instruction ever retires; --max-cycles must still stop it.
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, bad
  csrw mtvec, t0
  ecall
bad: .word 0
