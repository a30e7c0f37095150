# Writes 1 MiB of 'x' to the UART, a newline, then exits through the test finisher: the console
# path of run/record must stay linear in the output size.
  .section .text.init, "ax"
  .globl _start
_start:
  li t1, 0x10000000
  li t2, 0x100000
  li a0, 'x'
1: sb a0, 0(t1)
  addi t2, t2, -1
  bnez t2, 1b
  li a0, '\n'
  sb a0, 0(t1)
  li t1, 0x100000
  li t2, 0x5555
  sw t2, 0(t1)
2: j 2b
