/*
 * FPU context switching: put values derived from `letter` (patched per thread) into fs0, fa5
 * (a single, NaN-boxed) and frm/fflags, then four times: seL4_Yield and check that all of them
 * survived the other thread's turn; print the letter if so, '!' if not. Built for rv64gc.
 */
#include "sel4.h"
    .text
    .globl _start
_start:
    la t0, letter
    lbu s1, 0(t0)
    fcvt.d.wu fs0, s1            /* fs0 = letter as a double */
    fcvt.s.wu fa5, s1            /* fa5 = letter as a single */
    li t0, 3
    fcvt.s.w ft0, t0
    fdiv.s fa5, fa5, ft0         /* inexact: sets NX */
    andi t0, s1, 3
    csrw frm, t0                 /* frm = letter & 3 */
    csrr s3, fcsr                /* the whole fcsr this thread expects */
    fmv.x.d s4, fs0
    fmv.x.d s5, fa5
    li s0, 4
1:  SYS(SYS_YIELD)
    mv a0, s1
    csrr t0, fcsr
    bne t0, s3, 2f
    fmv.x.d t0, fs0
    bne t0, s4, 2f
    fmv.x.d t0, fa5
    bne t0, s5, 2f
    /* clobber everything FP the other thread might see if state leaked */
    fcvt.d.w fs0, zero
    fcvt.s.w fa5, zero
    csrw fcsr, zero
    fmv.d.x fs0, s4
    fmv.d.x fa5, s5
    csrw fcsr, s3
    j 3f
2:  li a0, '!'
3:  call putc
    addi s0, s0, -1
    bnez s0, 1b
    j exit
    .data
    .globl letter
letter: .byte 'f'
