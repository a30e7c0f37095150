# Bare start-up for the gdb test guests: stack, main, then the test finisher (pass).
  .section .text.init, "ax"
  .globl _start
_start:
  la sp, stack_top
  call main
  li t1, 0x100000
  li t2, 0x5555
  sw t2, 0(t1)
1: j 1b
  .bss
  .balign 16
  .space 8192
stack_top:
