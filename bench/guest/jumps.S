# Worst case for the recorder's block ring: every straight-line block is one instruction (a jump
# over a nop), so a batch writes as many block records as it retires instructions. Runs until
# --max-cycles.
  .section .text.init, "ax"
  .globl _start
_start:
1:
  .rept 500
  j 2f
  nop
2:
  .endr
  j 1b
