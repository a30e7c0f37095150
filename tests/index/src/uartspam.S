# A console spammer: writes bytes to the UART as fast as it can, a newline every 64 bytes.
  .section .text.init, "ax"
  .globl _start
_start:
  li t1, 0x10000000
  li t2, 0
1: andi a0, t2, 63
  addi a0, a0, 0x30
  li a1, 63
  bne t2, a1, 2f
  li a0, 10
  li t2, -1
2: sb a0, 0(t1)
  addi t2, t2, 1
  j 1b
