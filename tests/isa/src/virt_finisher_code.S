// @rvt machine: virt
// @rvt exit: 42
// @rvt desc: harness check: a program that stops through the test finisher with a failure code ((42 << 16) | 0x3333) must be reported as exit code 42
#include "rvt.h"

RVT_CODE_BEGIN(M)
    li TESTNUM, 42
    j rvt_fail
RVT_CODE_END
