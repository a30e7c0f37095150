/* SchedControl_ConfigureFlags (slot 7) on the SC in slot 6: first an invalid budget (5 µs,
   RangeError), then budget 100 µs / period 1000 µs, badge 0x33, sporadic. Prints the labels. */
#include "sel4.h"
    .text
    .globl _start
#define CONFIGURE(budget, period) \
    li t0, IPCBUF; li t1, 6; sd t1, CAPS(0)(t0); li t1, 1; sd t1, MR(4)(t0); \
    li a2, budget; li a3, period; li a4, 0; li a5, 0x33; li a1, MSGINFO(33, 1, 5); li a0, 7; SYS(SYS_CALL)
_start:
    CONFIGURE(5, 1000)
    mv s2, a2
    mv s3, a3
    srli s1, a1, 12
    PHEX(s1)
    PHEX(s2)
    PHEX(s3)
    CONFIGURE(100, 1000)
    srli s1, a1, 12
    PHEX(s1)
    PCHR('\n')
    j exit
