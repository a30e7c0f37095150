# Timer interrupts through the CLINT with vectored mtvec: prints one '.' per tick for 5
# ticks, then exits through the finisher. Exercises exact, deterministic interrupt timing.
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, vectors
  ori t0, t0, 1           # vectored
  csrw mtvec, t0
  li s0, 0                # ticks
  li s1, 0x2004000        # mtimecmp
  li s2, 0x200bff8        # mtime
  ld t0, 0(s2)
  addi t0, t0, 500
  sd t0, 0(s1)
  li t0, 0x80             # MTIE
  csrs mie, t0
  csrsi mstatus, 8        # MIE
idle:
  wfi
  li t0, 5
  blt s0, t0, idle
  li t1, 0x100000
  li t2, 0x5555
  sw t2, 0(t1)
1: j 1b

  .balign 4
  .option push
  .option norvc
vectors:
  j fail                  # 0: exceptions
  .rept 6
  j fail
  .endr
  j mtimer                # 7: machine timer
  .rept 8
  j fail
  .endr
  .option pop
mtimer:
  addi s0, s0, 1
  li t1, 0x10000000
  li t0, '.'
  sb t0, 0(t1)
  ld t0, 0(s1)
  addi t0, t0, 500
  sd t0, 0(s1)
  mret
fail:
  li t1, 0x100000
  li t2, 0x13333
  sw t2, 0(t1)
  j fail
