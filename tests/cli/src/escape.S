# Prints terminal control sequences (clear screen, set title, bell) to the UART, then exits:
# nothing that prints a trace (info, events, replay --print) may pass them to the terminal raw.
  .section .text.init, "ax"
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
msg: .asciz "\033[2J\033]0;owned\007hi\r\n"
