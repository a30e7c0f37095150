/*
 * env.h for the `v` environment: an S-mode kernel (env/v/start.S) maps the whole image at a user
 * virtual address (RVT_USER_VA + offset) with 4 KiB Sv39 pages whose A/D bits start clear, and
 * enters the test body in U-mode. PASS/FAIL = ecall with a7 = 93, a0 = 0 / TESTNUM; the kernel
 * writes tohost. Only unprivileged (mode U) test bodies can be built for this environment.
 */
#ifndef RVT_ENV_H
#define RVT_ENV_H

#define RVT_ENV_V 1
#define RVT_USER_VA 0x400000

#define RVT_ENTER_U
#define RVT_CODE_BEGIN(mode)          \
    .text;                            \
    .globl rvt_test_entry;            \
rvt_test_entry:                       \
    RVT_ENTER_##mode

#define RVT_PASS j rvt_pass
#define RVT_FAIL j rvt_fail

#define RVT_CODE_END                  \
    RVT_PASS

#define RVT_DATA_BEGIN .data; .balign 64;
#define RVT_DATA_END

#endif
