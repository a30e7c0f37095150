/*
 * seltrace benchmark guest: bare-metal start-up (M-mode, QEMU virt memory map).
 * Entered at 0x80000000 with a0 = hartid (qemu -bios none) on hart 0.
 */
    .file   "start.S"
    .section .text.start, "ax"
    .globl _start
_start:
    /* Only hart 0 runs the benchmark; any other hart parks. */
    csrr    t0, mhartid
    bnez    t0, park

    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop

    la      sp, __stack_top

#ifdef BENCH_FPU
    /* The FP benchmark: mstatus.FS = Initial (the FPU is off at reset). */
    li      t0, 0x2000
    csrs    mstatus, t0
#endif

    /* A trap is a bug in the guest (or the emulator): report it as failure. */
    la      t0, trap_entry
    csrw    mtvec, t0

    /* Zero .bss (8-byte aligned by the linker script). */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    call    main
    /* fall through: a0 = main's return value */
    .globl  guest_exit
guest_exit:
    li      t0, 0x100000            /* sifive test finisher */
    bnez    a0, 3f
    li      t1, 0x5555              /* pass */
    sw      t1, 0(t0)
    j       park
3:  slli    t1, a0, 16
    li      t2, 0x3333              /* fail, code in bits 31:16 */
    or      t1, t1, t2
    sw      t1, 0(t0)
park:
    wfi
    j       park

    .align  2
trap_entry:
    /* exit code 0x100 + mcause (low 8 bits): distinct from the checksum failure (1) */
    csrr    a0, mcause
    andi    a0, a0, 0xff
    addi    a0, a0, 0x100
    j       guest_exit
