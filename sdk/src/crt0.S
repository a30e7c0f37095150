/*
 * PD entry. The kernel starts the thread at the ELF entry with sp = stack top and every other
 * register zero, so only gp (for linker relaxation against __global_pointer$) needs setting.
 */
    .section .text.start, "ax"
    .globl _start
    .type _start, @function
_start:
.option push
.option norelax
    la gp, __global_pointer$
.option pop
    call main
    /* main never returns; if it does, fault (illegal instruction) so the monitor reports it. */
    unimp
    .size _start, . - _start
