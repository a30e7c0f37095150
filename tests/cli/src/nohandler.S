# What a new user's first bare program often does: no trap handler (mtvec stays 0 from reset)
# and a store past the end of RAM (a stack placed above --memory). The store faults, the trap
# goes to address 0, which faults again for ever: run/record must name the store, not only
# the storm at 0.
  .section .text.init, "ax"
  .globl _start
_start:
  li sp, 0x88000000       # the end of 128 MiB of RAM: the first push lands past it
  addi sp, sp, 16
  sd ra, -8(sp)
1: j 1b
