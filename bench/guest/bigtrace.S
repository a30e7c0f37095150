# Trace-heavy guest for the large-trace bench: a Galois LFSR drives eight branches per loop, so
# straight-line blocks are short and their sequence never repeats (nothing for the block codec
# to collapse): about one trace byte per instruction. Runs until --max-cycles.
  .section .text.init, "ax"
  .globl _start
_start:
  li s0, 0xACE1
  li s1, 0xB400
1:
  srli t0, s0, 1
  andi t1, s0, 1
  neg t1, t1
  and t1, t1, s1
  xor s0, t0, t1
  andi t2, s0, 1
  beqz t2, 2f
  addi a0, a0, 1
2: andi t2, s0, 2
  beqz t2, 3f
  addi a1, a1, 1
3: andi t2, s0, 4
  beqz t2, 4f
  addi a2, a2, 1
4: andi t2, s0, 8
  beqz t2, 5f
  addi a3, a3, 1
5: andi t2, s0, 16
  beqz t2, 6f
  addi a4, a4, 1
6: andi t2, s0, 32
  beqz t2, 7f
  addi a5, a5, 1
7: andi t2, s0, 64
  beqz t2, 8f
  addi a6, a6, 1
8: andi t2, s0, 128
  beqz t2, 1b
  addi a7, a7, 1
  j 1b
