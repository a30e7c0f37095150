// @rvt machine: virt
// @rvt desc: Zicntr: cycle/time/instret readable in M and increasing, mcycle/minstret writable, time CSR follows CLINT mtime; mcounteren gates S and U, scounteren additionally gates U, bit by bit (illegal instruction with tval = the csrr)
#include "rvt.h"

#define TEST_READABLE(n, csr)   TEST_CASE(n, x0, 0, csrr a4, csr)

RVT_CODE_BEGIN(M)
    /* 1-3: counters increase */
    li TESTNUM, 1
    rdcycle a1
    li a5, 100
1:  addi a5, a5, -1
    bnez a5, 1b
    rdcycle a2
    bgeu a1, a2, rvt_fail
    li TESTNUM, 2
    rdinstret a1
    li a5, 100
2:  addi a5, a5, -1
    bnez a5, 2b
    rdinstret a2
    bgeu a1, a2, rvt_fail
    li TESTNUM, 3
    rdtime a1
    li a5, 5000000
3:  rdtime a2
    bne a2, a1, 4f
    addi a5, a5, -1
    bnez a5, 3b
    j rvt_fail
4:  bltu a2, a1, rvt_fail

    /* 4: time CSR vs mtime: read mtime, then time >= it and not more than 1 s (10^7 ticks) on */
    li TESTNUM, 4
    li t0, CLINT_MTIME
    ld a1, 0(t0)
    rdtime a2
    bltu a2, a1, rvt_fail
    sub a3, a2, a1
    li t0, 10000000
    bgeu a3, t0, rvt_fail

    /* 5-6: minstret / mcycle are writable and keep counting from the written value */
    li TESTNUM, 5
    li a1, 0x0000100000000000
    csrw minstret, a1
    rdinstret a2
    bltu a2, a1, rvt_fail
    sub a3, a2, a1
    li t0, 1000000000
    bgeu a3, t0, rvt_fail
    li TESTNUM, 6
    li a1, 0x0000200000000000
    csrw mcycle, a1
    csrr a2, mcycle
    bltu a2, a1, rvt_fail
    rdcycle a3
    bltu a3, a2, rvt_fail
    sub a3, a3, a1
    li t0, 1000000000
    bgeu a3, t0, rvt_fail

    /* 7-12: S with mcounteren = 0, then each bit alone */
    csrw mcounteren, zero
    csrw scounteren, zero
    RVT_MRET_TO(PRV_S, s1)
s1: TEST_ILLEGAL32(7, rdcycle a4)
    TEST_ILLEGAL32(8, rdtime a4)
    TEST_ILLEGAL32(9, rdinstret a4)
    RVT_S_TO_M(m1)
m1: li a1, 1                                  /* CY */
    csrw mcounteren, a1
    RVT_MRET_TO(PRV_S, s2)
s2: TEST_READABLE(10, cycle)
    TEST_ILLEGAL32(11, rdtime a4)
    TEST_ILLEGAL32(12, rdinstret a4)
    RVT_S_TO_M(m2)
m2: li a1, 2                                  /* TM */
    csrw mcounteren, a1
    RVT_MRET_TO(PRV_S, s3)
s3: TEST_ILLEGAL32(13, rdcycle a4)
    TEST_READABLE(14, time)
    TEST_ILLEGAL32(15, rdinstret a4)
    RVT_S_TO_M(m3)
m3: li a1, 4                                  /* IR */
    csrw mcounteren, a1
    RVT_MRET_TO(PRV_S, s4)
s4: TEST_ILLEGAL32(16, rdcycle a4)
    TEST_ILLEGAL32(17, rdtime a4)
    TEST_READABLE(18, instret)
    RVT_S_TO_M(m4)

    /* 19-27: U needs both mcounteren and scounteren */
m4: li a1, 7
    csrw mcounteren, a1
    csrw scounteren, zero
    RVT_MRET_TO(PRV_U, u1)
u1: TEST_ILLEGAL32(19, rdcycle a4)
    TEST_ILLEGAL32(20, rdtime a4)
    TEST_ILLEGAL32(21, rdinstret a4)
    RVT_U_TO_M(m5)
m5: li a1, 7
    csrw scounteren, a1
    RVT_MRET_TO(PRV_U, u2)
u2: TEST_READABLE(22, cycle)
    TEST_READABLE(23, time)
    TEST_READABLE(24, instret)
    li TESTNUM, 25                          /* the U view of time still follows mtime */
    li t0, CLINT_MTIME
    ld a1, 0(t0)
    rdtime a2
    bltu a2, a1, rvt_fail
    RVT_U_TO_M(m6)
m6: csrw mcounteren, zero
    RVT_MRET_TO(PRV_U, u3)
u3: TEST_ILLEGAL32(26, rdcycle a4)
    TEST_ILLEGAL32(27, rdinstret a4)
    RVT_U_TO_M(m7)
m7: li a1, 2                                 /* M allows TM only, S allows all */
    csrw mcounteren, a1
    RVT_MRET_TO(PRV_U, u4)
u4: TEST_ILLEGAL32(28, rdcycle a4)
    TEST_READABLE(29, time)
    RVT_U_TO_M(m8)
m8: li a1, 7                                 /* scounteren masks: S allows CY only */
    csrw mcounteren, a1
    li a1, 1
    csrw scounteren, a1
    RVT_MRET_TO(PRV_U, u5)
u5: TEST_READABLE(30, cycle)
    TEST_ILLEGAL32(31, rdtime a4)
    TEST_ILLEGAL32(32, rdinstret a4)
    RVT_U_TO_M(m9)
m9: csrw mcounteren, zero
    csrw scounteren, zero
RVT_CODE_END
