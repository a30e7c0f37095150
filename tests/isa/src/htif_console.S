// @rvt uart: htif console: ok\n
// @rvt desc: HTIF console (device 1, command 1 = putchar, from M and from U through the same memory) and the host clearing tohost after each command
#include "rvt.h"

RVT_CODE_BEGIN(M)
    la a1, msg_m
    jal rvt_puts
    /* the host zeroed tohost after the last character */
    li TESTNUM, 1
    la t0, tohost
    ld a4, 0(t0)
    CHECK_EQ(a4, 0)
    RVT_MRET_TO(PRV_U, in_u)
in_u:
    /* from U: write tohost directly (p environment: physical, PMP open) */
    li TESTNUM, 2
    la s0, msg_u
1:  lbu a0, 0(s0)
    beqz a0, 3f
    la t0, tohost
    li t1, 0x0101000000000000
    or t1, t1, a0
    sd t1, 0(t0)
    li a5, 1000000
2:  ld t1, 0(t0)
    beqz t1, 4f
    addi a5, a5, -1
    bnez a5, 2b
    j rvt_fail
4:  addi s0, s0, 1
    j 1b
3:
RVT_CODE_END

RVT_DATA_BEGIN
msg_m: .asciz "htif console: "
msg_u: .asciz "ok\n"
RVT_DATA_END
