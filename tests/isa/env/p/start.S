/*
 * start.S — `p` environment: reset in M-mode, physical memory, jump to rvt_test_entry (which
 * drops to U or S itself when the test asks for it, see env.h).
 */
#include "rvt.h"
#include "../common.S"

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    RVT_RESET_M
    j rvt_test_entry

    .text
/* PASS/FAIL: usable from any mode (tohost / finisher are physical, PMP is open). */
    .globl rvt_pass
rvt_pass:
    li a0, 0
    j rvt_exit

    .globl rvt_fail
rvt_fail:
    mv a0, TESTNUM
    bnez a0, rvt_exit
    li a0, 255
    j rvt_exit
