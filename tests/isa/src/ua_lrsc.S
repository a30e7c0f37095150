// @rvt envs: p v
// @rvt desc: RV64A lr/sc .w/.d (and .aq/.rl/.aqrl): success writes and returns 0, failure (no reservation, other address, reservation consumed by any sc) returns non-zero and leaves memory alone, lr.w sign-extends
#include "rvt.h"

/* sc result register must be non-zero (failure) */
#define CHECK_SC_FAILED(reg) CHECK_NEZ(reg)

RVT_CODE_BEGIN(U)
    la s0, lrbuf            /* s0: reserved word/doubleword */
    la s1, lrbuf + 256      /* s1: a different address, well outside any reservation granule */

    /* 1: lr.d / sc.d success */
    li TESTNUM, 1
    li a1, 0x1122334455667788
    sd a1, 0(s0)
    lr.d a4, (s0)
    CHECK_EQ(a4, 0x1122334455667788)
    li a2, 0x0102030405060708
    sc.d a5, a2, (s0)
    CHECK_EQ(a5, 0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x0102030405060708)

    /* 2: a second sc.d without a new lr fails (the reservation was consumed) */
    li TESTNUM, 2
    li a2, 0x5a5a
    sc.d a5, a2, (s0)
    CHECK_SC_FAILED(a5)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x0102030405060708)

    /* 3: lr.w sign-extends, sc.w writes 32 bits only */
    li TESTNUM, 3
    li a1, 0x7777777780000001
    sd a1, 0(s0)
    lr.w a4, (s0)
    CHECK_EQ(a4, 0xffffffff80000001)
    li a2, 0xaaaaaaaa12345678
    sc.w a5, a2, (s0)
    CHECK_EQ(a5, 0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x7777777712345678)

    /* 4: lr.w on the upper word */
    li TESTNUM, 4
    addi a3, s0, 4
    lr.w a4, (a3)
    CHECK_EQ(a4, 0x77777777)
    li a2, -1
    sc.w a5, a2, (a3)
    CHECK_EQ(a5, 0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0xffffffff12345678)

    /* 5: sc to an address other than the reserved one fails and does not write */
    li TESTNUM, 5
    li a1, 0x1111
    sd a1, 0(s0)
    li a1, 0x2222
    sd a1, 0(s1)
    lr.d a4, (s0)
    li a2, 0x3333
    sc.d a5, a2, (s1)
    CHECK_SC_FAILED(a5)
    ld a4, 0(s1)
    CHECK_EQ(a4, 0x2222)

    /* 6: ... and that failed sc also invalidated the reservation on s0 */
    li TESTNUM, 6
    sc.d a5, a2, (s0)
    CHECK_SC_FAILED(a5)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x1111)

    /* 7: sc.w without any lr */
    li TESTNUM, 7
    li a2, 0x4444
    sc.w a5, a2, (s1)
    CHECK_SC_FAILED(a5)
    ld a4, 0(s1)
    CHECK_EQ(a4, 0x2222)

    /* 8: a newer lr replaces the older reservation: lr s0, lr s1, sc s0 fails, (new lr) sc s1 ok */
    li TESTNUM, 8
    lr.d a4, (s0)
    lr.d a4, (s1)
    CHECK_EQ(a4, 0x2222)
    li a2, 0x5555
    sc.d a5, a2, (s0)
    CHECK_SC_FAILED(a5)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x1111)
    lr.d a4, (s1)
    sc.d a5, a2, (s1)
    CHECK_EQ(a5, 0)
    ld a4, 0(s1)
    CHECK_EQ(a4, 0x5555)

    /* 9..12: ordering bits do not change the semantics */
    li TESTNUM, 9
    lr.d.aq a4, (s0)
    addi a4, a4, 1
    sc.d.rl a5, a4, (s0)
    CHECK_EQ(a5, 0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x1112)
    li TESTNUM, 10
    lr.d.aqrl a4, (s0)
    addi a4, a4, 1
    sc.d.aqrl a5, a4, (s0)
    CHECK_EQ(a5, 0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x1113)
    li TESTNUM, 11
    lr.w.aq a4, (s0)
    addi a4, a4, 1
    sc.w.rl a5, a4, (s0)
    CHECK_EQ(a5, 0)
    lw a4, 0(s0)
    CHECK_EQ(a4, 0x1114)
    li TESTNUM, 12
    lr.w.aqrl a4, (s0)
    addi a4, a4, 1
    sc.w.aqrl a5, a4, (s0)
    CHECK_EQ(a5, 0)
    lw a4, 0(s0)
    CHECK_EQ(a4, 0x1115)

    /* 13: sc with rd = x0 still stores on success */
    li TESTNUM, 13
    lr.d a4, (s0)
    li a2, 0x6666
    sc.d x0, a2, (s0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0x6666)

    /* 14: the usual retry loop: atomic increment 100 times */
    li TESTNUM, 14
    sd zero, 0(s0)
    li a3, 100
1:  lr.d a4, (s0)
    addi a4, a4, 1
    sc.d a5, a4, (s0)
    bnez a5, 1b
    addi a3, a3, -1
    bnez a3, 1b
    ld a4, 0(s0)
    CHECK_EQ(a4, 100)

    /* 15: lr.w/sc.w compare-and-swap loop on a word */
    li TESTNUM, 15
    li a1, 41
    sw a1, 0(s0)
2:  lr.w a4, (s0)
    li t0, 41
    bne a4, t0, 3f
    li a2, 42
    sc.w a5, a2, (s0)
    bnez a5, 2b
3:  lw a4, 0(s0)
    CHECK_EQ(a4, 42)

    /* 16: lr with rd == rs1 */
    li TESTNUM, 16
    li a1, 0x0abc
    sd a1, 0(s0)
    mv a3, s0
    lr.d a3, (a3)
    CHECK_EQ(a3, 0x0abc)
    li a2, 0xdef
    sc.d a5, a2, (s0)
    CHECK_EQ(a5, 0)
    ld a4, 0(s0)
    CHECK_EQ(a4, 0xdef)
RVT_CODE_END

RVT_DATA_BEGIN
    .balign 64
lrbuf: .fill 512, 1, 0
RVT_DATA_END
