/*
 * common.S — pieces shared by the p and v environments (included by env/<env>/start.S):
 *   tohost/fromhost, M-mode reset initialisation, the record-and-resume trap handlers,
 *   console output (HTIF putchar, or the NS16550A UART with -DRVT_VIRT), exit.
 */

/* ---------------------------------------------------------------- HTIF mailbox */
    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost:   .dword 0
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0

/* ---------------------------------------------------------------- reset: M-mode machine state
 * Zero every register, install rvt_mtrap, open PMP for S/U if PMP exists, clear delegation,
 * interrupt enables and pending software bits, park the CLINT timer, set up scratch areas.    */
.macro RVT_RESET_M
    .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    li x\r, 0
    .endr
    la t0, rvt_mtrap
    csrw mtvec, t0
    /* PMP entry 0 = NAPOT over everything, RWX. If the CSRs are absent the write traps to 1f. */
    la t0, 1f
    csrw mtvec, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    .balign 4
1:  la t0, rvt_mtrap
    csrw mtvec, t0
    csrw satp, zero
    csrw medeleg, zero
    csrw mideleg, zero
    csrw mie, zero
    csrw mip, zero
    csrw mstatus, zero
    csrw mcounteren, zero
    csrw scounteren, zero
    la t0, rvt_mscratch_area
    csrw mscratch, t0
    la t0, rvt_sscratch_area
    csrw sscratch, t0
    la t0, rvt_strap
    csrw stvec, t0
    /* CLINT: no timer interrupt until a test asks for one, no software interrupt */
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    la sp, rvt_stack_top
    li t0, 0
    li t1, 0
.endm

/* ---------------------------------------------------------------- trap handlers
 * If xcause equals rvt_trap.expect: record cause/epc/tval/status/level, count it, disarm, then
 * resume at rvt_trap.resume (or, when that is 0 — interrupts — at xepc after clearing the
 * interrupt's enable bit in xie), in privilege rvt_trap.mode (or the trapping one if -1).
 * Otherwise: print a diagnostic and exit with TESTNUM (gp), or 255 if gp is 0.                 */
.macro RVT_TRAP_HANDLER x
    csrrw t0, \x\()scratch, t0
    sd t1, 8(t0)
    sd t2, 16(t0)
    sd t3, 24(t0)
    csrr t1, \x\()scratch
    sd t1, 0(t0)
    csrw \x\()scratch, t0
    la t1, rvt_trap
    ld t2, TR_EXPECT(t1)
    csrr t3, \x\()cause
    bne t2, t3, rvt_\x\()_unexpected
    sd t3, TR_CAUSE(t1)
    csrr t3, \x\()epc
    sd t3, TR_EPC(t1)
    csrr t3, \x\()tval
    sd t3, TR_TVAL(t1)
    csrr t3, \x\()status
    sd t3, TR_STATUS(t1)
.ifc \x,m
    li t3, PRV_M
.else
    li t3, PRV_S
.endif
    sd t3, TR_LEVEL(t1)
    ld t3, TR_COUNT(t1)
    addi t3, t3, 1
    sd t3, TR_COUNT(t1)
    li t3, -1
    sd t3, TR_EXPECT(t1)
    ld t3, TR_RESUME(t1)
    beqz t3, 1f
    csrw \x\()epc, t3
    j 2f
1:  csrr t3, \x\()cause
    bgez t3, rvt_\x\()_unexpected
    andi t3, t3, 63
    li t2, 1
    sll t2, t2, t3
    csrc \x\()ie, t2
2:  ld t3, TR_MODE(t1)
    bltz t3, 3f
.ifc \x,m
    li t2, MSTATUS_MPP
    csrc mstatus, t2
    slli t3, t3, 11
    csrs mstatus, t3
.else
    li t2, MSTATUS_SPP
    csrc sstatus, t2
    andi t3, t3, 1
    slli t3, t3, 8
    csrs sstatus, t3
.endif
3:  ld t3, 24(t0)
    ld t2, 16(t0)
    ld t1, 8(t0)
    ld t0, 0(t0)
    \x\()ret
.endm

/* Print "rvt: unexpected trap (<who>) cause=.. epc=.. tval=.. gp=..", exit with gp or 255. */
.macro RVT_UNEXPECTED x
    la a1, rvt_str_unexp
    jal rvt_puts
.ifc \x,m
    la a1, rvt_str_m
.else
    la a1, rvt_str_s
.endif
    jal rvt_puts
    la a1, rvt_str_cause
    jal rvt_puts
    csrr a1, \x\()cause
    jal rvt_puthex
    la a1, rvt_str_epc
    jal rvt_puts
    csrr a1, \x\()epc
    jal rvt_puthex
    la a1, rvt_str_tval
    jal rvt_puts
    csrr a1, \x\()tval
    jal rvt_puthex
    la a1, rvt_str_gp
    jal rvt_puts
    mv a1, gp
    jal rvt_puthex
    li a0, 10
    jal rvt_putc
    mv a0, gp
    bnez a0, 1f
    li a0, 255
1:  j rvt_exit
.endm

    .text
    .balign 64
    .globl rvt_mtrap
rvt_mtrap:
    RVT_TRAP_HANDLER m

    .balign 64
    .globl rvt_strap
rvt_strap:
    RVT_TRAP_HANDLER s

    .globl rvt_m_unexpected
rvt_m_unexpected:
    RVT_UNEXPECTED m

    .globl rvt_s_unexpected
rvt_s_unexpected:
    RVT_UNEXPECTED s

/* ---------------------------------------------------------------- console (M or S mode)
 * rvt_putc: a0 = byte. Clobbers t0-t2. Waits a bounded time for the device.                  */
#ifndef RVT_PUTC_SPIN
#define RVT_PUTC_SPIN 100000
#endif
    .globl rvt_putc
rvt_putc:
#ifdef RVT_VIRT
    li t0, UART0_BASE
    li t2, RVT_PUTC_SPIN
1:  lbu t1, 5(t0)
    andi t1, t1, 0x20
    bnez t1, 2f
    addi t2, t2, -1
    bnez t2, 1b
2:  sb a0, 0(t0)
    ret
#else
    la t0, tohost
    li t1, 0x0101000000000000
    or t1, t1, a0
    sd t1, 0(t0)
    li t2, 100000
1:  ld t1, 0(t0)
    beqz t1, 2f
    addi t2, t2, -1
    bnez t2, 1b
2:  la t0, fromhost
    sd zero, 0(t0)
    ret
#endif

/* rvt_puts: a1 = NUL-terminated string. Clobbers a0, a1, a4, t0-t2. */
    .globl rvt_puts
rvt_puts:
    mv a4, ra
1:  lbu a0, 0(a1)
    beqz a0, 2f
    jal rvt_putc
    addi a1, a1, 1
    j 1b
2:  mv ra, a4
    ret

/* rvt_puthex: a1 = value, printed as 16 hex digits. Clobbers a0, a2, a3, t0-t2. */
    .globl rvt_puthex
rvt_puthex:
    mv a3, ra
    li a2, 60
1:  srl a0, a1, a2
    andi a0, a0, 15
    addi a0, a0, 48            /* '0' */
    li t0, 58                  /* '9' + 1 */
    blt a0, t0, 2f
    addi a0, a0, 39            /* 'a' - '0' - 10 */
2:  jal rvt_putc
    addi a2, a2, -4
    bgez a2, 1b
    mv ra, a3
    ret

/* ---------------------------------------------------------------- exit
 * rvt_exit: a0 = 0 (pass) or a failing test number. Never returns.
 * HTIF: tohost = (a0 << 1) | 1 with one 64-bit store. virt: test finisher.                  */
    .globl rvt_exit
rvt_exit:
#ifdef RVT_VIRT
    li t0, FINISHER_BASE
    li t1, 0x5555
    beqz a0, 1f
    slli t1, a0, 16
    li t2, 0x3333
    or t1, t1, t2
1:  sw t1, 0(t0)
2:  j 2b
#else
    slli t1, a0, 1
    ori t1, t1, 1
    la t0, tohost
1:  sd t1, 0(t0)
    j 1b
#endif

/* ---------------------------------------------------------------- data */
    .section .rodata
rvt_str_unexp: .asciz "\nrvt: unexpected trap in "
rvt_str_m:     .asciz "M"
rvt_str_s:     .asciz "S"
rvt_str_cause: .asciz ": cause="
rvt_str_epc:   .asciz " epc="
rvt_str_tval:  .asciz " tval="
rvt_str_gp:    .asciz " gp="

    .data
    .balign 64
    .globl rvt_trap
rvt_trap:
    .dword -1       /* TR_EXPECT */
    .dword 0        /* TR_RESUME */
    .dword -1       /* TR_MODE   */
    .dword 0        /* TR_COUNT  */
    .dword 0        /* TR_CAUSE  */
    .dword 0        /* TR_EPC    */
    .dword 0        /* TR_TVAL   */
    .dword 0        /* TR_STATUS */
    .dword 0        /* TR_LEVEL  */

    .bss
    .balign 64
    .globl rvt_mscratch_area
rvt_mscratch_area: .skip 64
    .globl rvt_sscratch_area
rvt_sscratch_area: .skip 64
    .balign 4096
    .globl rvt_stack
rvt_stack: .skip 4096
    .globl rvt_stack_top
rvt_stack_top:
