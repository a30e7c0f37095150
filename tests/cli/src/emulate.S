# Trap and emulate: the same illegal instruction at the same pc on every pass of a loop, its
# handler stepping over it (as firmware emulates an instruction the hart lacks). The loop
# counter changes between two visits: progress, not a trap storm. Exits 0 after 20000 passes.
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li s0, 20000
1:
  .word 0                 # illegal: the handler steps over it
  addi s0, s0, -1
  bnez s0, 1b
  li t0, 0x100000
  li t1, 0x5555           # test finisher: pass
  sw t1, 0(t0)
2: j 2b
  .balign 4
handler:
  csrr t1, mepc
  addi t1, t1, 4
  csrw mepc, t1
  mret
