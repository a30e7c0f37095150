# Executes an illegal instruction with mtvec pointing nowhere useful: the machine must record
# the trap and keep running (here: the handler reports mcause/mtval through the UART and exits).
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
bad:
  .word 0x00000000        # illegal (all zeros)
  j bad
  .balign 4
handler:
  li t1, 0x10000000
  csrr a0, mcause
  addi a0, a0, '0'        # mcause 2 -> '2'
  sb a0, 0(t1)
  li a0, '\n'
  sb a0, 0(t1)
  csrr a1, mtval          # tval = the instruction bits (0)
  bnez a1, fail
  csrr a2, mepc
  la a3, bad
  bne a2, a3, fail
  li t1, 0x100000
  li t2, 0x5555
  sw t2, 0(t1)
1: j 1b
fail:
  li t1, 0x100000
  li t2, 0x33333          # exit code 3
  sw t2, 0(t1)
  j 1b
