# PMP CSRs: granularity 4 bytes (G = 0), pmpaddr holds 54 bits, W-without-R reads back cleared,
# a locked entry ignores writes. Exit 0 through the finisher, or (n << 16) | 0x3333 at check n.
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, fail
  csrw mtvec, t0            # any trap: fail
  li s0, 1
  csrw pmpcfg0, zero
  li t0, -1
  csrw pmpaddr0, t0
  csrr t1, pmpaddr0
  li t2, 0x003fffffffffffff
  bne t1, t2, fail
  li s0, 2
  li t0, 0x1a               # A=NAPOT(3<<3), W only -> reserved combination
  csrw pmpcfg0, t0
  csrr t1, pmpcfg0
  li t2, 0x18
  bne t1, t2, fail
  li s0, 3
  li t0, 0x1234
  csrw pmpaddr3, t0
  csrr t1, pmpaddr3
  bne t1, t0, fail
  li s0, 4
  li t0, 0x9f000000         # entry 3: L|NAPOT|XWR
  csrs pmpcfg0, t0
  li t0, 0x5678
  csrw pmpaddr3, t0         # locked: ignored
  csrr t1, pmpaddr3
  li t2, 0x1234
  bne t1, t2, fail
  li s0, 5
  csrc pmpcfg0, t0          # locked byte keeps its value
  csrr t1, pmpcfg0
  srli t1, t1, 24
  andi t1, t1, 0xff
  li t2, 0x9f
  bne t1, t2, fail
  li t1, 0x100000
  li t2, 0x5555
  sw t2, 0(t1)
1: j 1b
  .balign 4
fail:
  slli s0, s0, 16
  li t1, 0x3333
  or s0, s0, t1
  li t1, 0x100000
  sw s0, 0(t1)
  j 1b
