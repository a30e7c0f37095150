# A store to an address nothing answers, with a handler that returns to it (mret to mepc): the
# same store access fault at the same pc forever. run/record must end it as a trap storm.
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li t1, 0x40000000
store:
  sd zero, 0(t1)
  j store
  .balign 4
handler:
  mret
