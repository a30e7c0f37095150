/*
 * Job marks for seltrace's deadline analysis, for tasks whose jobs are neither periodic-SC jobs
 * nor notification/IRQ-released ones: call seltrace_job_begin() where a job is released and
 * seltrace_job_end() where it completes. A thread that uses them has exactly these jobs.
 *
 * Each mark is seL4_DebugCapIdentify on a cap pointer no CSpace holds (the answer, "null cap",
 * is ignored): harmless on a real seL4 debug kernel (CONFIG_DEBUG_BUILD). For a release kernel,
 * where the debug syscalls do not exist, build with -DSELTRACE_NO_JOB_MARKS and they compile to
 * nothing. seltrace recognises the two cap-pointer values in the recorded syscall events.
 */
#ifndef SELTRACE_H
#define SELTRACE_H

#include <sel4/sel4.h>

#define SELTRACE_JOB_BEGIN 0x5e17ace000000001ul
#define SELTRACE_JOB_END 0x5e17ace000000002ul

static inline void seltrace_job_mark(seL4_Word which)
{
#ifndef SELTRACE_NO_JOB_MARKS
    register seL4_Word a0 __asm__("a0") = which;
    register seL4_Word a7 __asm__("a7") = (seL4_Word)-15; /* seL4_SysDebugCapIdentify */
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
#else
    (void)which;
#endif
}

static inline void seltrace_job_begin(void) { seltrace_job_mark(SELTRACE_JOB_BEGIN); }
static inline void seltrace_job_end(void) { seltrace_job_mark(SELTRACE_JOB_END); }

#endif
