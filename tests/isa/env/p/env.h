/*
 * env.h for the `p` environment: physical addressing (satp = 0), reset in M-mode, the test body
 * entered in U, S or M mode. PASS/FAIL write tohost directly (or the virt test finisher when built
 * with -DRVT_VIRT) from whatever mode the test is in: PMP entry 0 grants S/U access to everything.
 */
#ifndef RVT_ENV_H
#define RVT_ENV_H

#define RVT_ENV_P 1

#define RVT_ENTER_M
#define RVT_ENTER_S RVT_MRET_TO(PRV_S, 9951f); 9951:
#define RVT_ENTER_U RVT_MRET_TO(PRV_U, 9951f); 9951:

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
