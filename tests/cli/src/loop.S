# A runaway guest: spins forever. `--max-cycles` must stop it.
  .section .text.init, "ax"
  .globl _start
_start:
  li t1, 0x10000000
  li a0, 'L'
  sb a0, 0(t1)
1: addi a1, a1, 1
  j 1b
