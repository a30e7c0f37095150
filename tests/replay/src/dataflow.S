# Crafted program for reverse data-flow tests: known writers at known labels.
  .section .text.init, "ax"
  .globl _start
_start:
  la t0, buf
  li a0, 0x11
first_write:
  sd a0, 0(t0)            # writes buf[0..8)
  li a1, 50
spin:
  addi a1, a1, -1
  bnez a1, spin
  li a0, 0x22
second_write:
  sw a0, 4(t0)            # overwrites buf[4..8)
set_a2:
  li a2, 7
  mv a3, a2
  li a0, 0x33
  sb a0, 16(t0)           # buf+16: outside an 8-byte query at buf
  li a1, 20
spin2:
  addi a1, a1, -1
  bnez a1, spin2
same_value:
  li a3, 7                # same value as before: still a write to a3
  li a1, 20
spin3:
  addi a1, a1, -1
  bnez a1, spin3
  li t1, 0x100000
  li t2, 0x5555
  sw t2, 0(t1)            # sifive test finisher: pass
1: j 1b

  .data
  .balign 64
  .globl buf
buf: .zero 64
