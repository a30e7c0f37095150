// @rvt exit: 3
// @rvt desc: harness check: HTIF exit written as two 32-bit stores, low word ((3 << 1) | 1) then high word 0, as the official p environment does: exit code 3
#include "rvt.h"

RVT_CODE_BEGIN(M)
    la t0, tohost
    li t1, (3 << 1) | 1
    sw t1, 0(t0)
    sw zero, 4(t0)
1:  j 1b
RVT_CODE_END
