// @rvt exit: 7
// @rvt desc: harness check: a failing HTIF test (tohost = (7 << 1) | 1) must be reported as exit code 7, after the tests before it passed
#include "rvt.h"

RVT_CODE_BEGIN(U)
    TEST_RR_OP(1, add, 3, 1, 2)
    TEST_RR_OP(7, add, 4, 1, 2)         /* wrong on purpose */
    TEST_RR_OP(8, add, 3, 1, 2)
RVT_CODE_END
