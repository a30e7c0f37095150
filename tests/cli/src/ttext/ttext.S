# A bare program linked the common way, `gcc -nostdlib -Ttext=0x80000000` (no linker script):
# ld puts the ELF and program headers in the first PT_LOAD, one page below RAM (0x7ffff000).
# QEMU runs it; so must seltrace. Prints "ttext ok" and exits through the test finisher.
  .text
  .globl _start
_start:
  li t1, 0x10000000
  la t2, msg
1: lbu a0, 0(t2)
  beqz a0, 2f
  sb a0, 0(t1)
  addi t2, t2, 1
  j 1b
2: li t1, 0x100000
  li t2, 0x5555
  sw t2, 0(t1)
3: j 3b
  .section .rodata
msg: .asciz "ttext ok\n"
