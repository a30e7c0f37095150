/*
 * Every instruction of the ISA table (emulator/cpu/isa.ts) with varied operands, every
 * compressed form, boundary immediates, and the lui/auipc + use sequences objdump annotates
 * with `# addr <sym>`. Compared line for line with objdump by tests/disasm/objdump.test.ts.
 * 32-bit forms are written under .option norvc so gas does not compress them.
 */
    .option norelax
    .section .text.init, "ax"
    .globl _start
    .type _start, @function
_start:
    .option norvc
    /* ---- RV64I: upper immediates and jumps */
    lui     zero, 0
    lui     a0, 1
    lui     t6, 0xfffff
    lui     s11, 0x80000
    lui     sp, 0x7ffff
    auipc   t0, 0
    auipc   a5, 0x12345
    auipc   s1, 0xfffff
    jal     ra, forward
    jal     zero, _start
    jal     t1, forward + 8
    jalr    ra, 0(ra)
    jalr    zero, -2048(t0)
    jalr    s5, 2047(a1)
    /* ---- branches, both directions */
    beq     a0, a1, forward
    bne     zero, t2, _start
    blt     s0, s1, forward
    bge     t3, t4, _start
    bltu    a6, a7, forward
    bgeu    s10, s11, _start
    /* ---- loads and stores */
    lb      a0, 0(a1)
    lh      t0, -1(sp)
    lw      s2, 2047(s3)
    ld      a4, -2048(a5)
    lbu     t5, 1(t6)
    lhu     ra, -100(gp)
    lwu     s7, 64(s8)
    sb      a0, 0(a1)
    sh      t0, -1(sp)
    sw      s2, 2047(s3)
    sd      a4, -2048(a5)
    /* ---- immediate arithmetic */
    addi    a0, a1, -2048
    addi    zero, zero, 0
    addi    t0, zero, 2047
    slti    a2, a3, -1
    sltiu   a4, a5, 1
    xori    s0, s1, -1
    ori     s2, s3, 0x7ff
    andi    s4, s5, 255
    slli    a0, a0, 0
    slli    t1, t2, 63
    srli    a6, a7, 32
    srai    s6, s7, 1
    srai    t3, t4, 63
    /* ---- register arithmetic */
    add     a0, a1, a2
    sub     t0, t1, t2
    sll     s0, s1, s2
    slt     a3, a4, a5
    sltu    t3, t4, t5
    xor     zero, ra, sp
    srl     gp, tp, t6
    sra     s8, s9, s10
    or      s11, a6, a7
    and     a0, zero, zero
    /* ---- RV64 word forms */
    addiw   a0, a1, -1
    addiw   t0, t0, 2047
    slliw   a2, a3, 0
    slliw   a4, a5, 31
    srliw   s0, s1, 17
    sraiw   s2, s3, 31
    addw    a0, a1, a2
    subw    t0, t1, t2
    sllw    s0, s1, s2
    srlw    a3, a4, a5
    sraw    t3, t4, t5
    /* ---- fences and system */
    fence   iorw, iorw
    fence   r, w
    fence   i, o
    fence   rw, rw
    fence   ir, ow
    fence.tso
    fence.i
    ecall
    ebreak
    sret
    mret
    wfi
    sfence.vma zero, zero
    sfence.vma a0, zero
    sfence.vma t0, t1
    /* ---- Zicsr: named and unnamed CSRs */
    csrrw   a0, mstatus, a1
    csrrs   t0, mhartid, zero
    csrrc   zero, mie, s0
    csrrw   ra, satp, sp
    csrrs   s1, cycle, zero
    csrrs   s2, 0x7c0, zero
    csrrc   a2, 0xfff, a3
    csrrwi  a0, mscratch, 0
    csrrsi  zero, sstatus, 31
    csrrci  t6, 0x123, 17
    csrrw   a0, fcsr, a0
    csrrs   a1, hpmcounter31, zero
    csrrs   a1, pmpaddr63, zero
    /* ---- M */
    mul     a0, a1, a2
    mulh    t0, t1, t2
    mulhsu  s0, s1, s2
    mulhu   a3, a4, a5
    div     t3, t4, t5
    divu    s3, s4, s5
    rem     a6, a7, s6
    remu    zero, ra, sp
    mulw    gp, tp, t6
    divw    s7, s8, s9
    divuw   s10, s11, a0
    remw    a1, a2, a3
    remuw   t0, t1, t2
    /* ---- A, every aq/rl combination */
    lr.w        a0, (a1)
    lr.w.aq     t0, (sp)
    lr.w.rl     s0, (s1)
    lr.w.aqrl   zero, (zero)
    sc.w        a0, a2, (a1)
    sc.w.aq     t0, t1, (t2)
    sc.w.rl     s0, s1, (s2)
    sc.w.aqrl   a3, a4, (a5)
    amoswap.w   a0, a1, (a2)
    amoadd.w.aq a0, a1, (a2)
    amoxor.w.rl a0, a1, (a2)
    amoand.w.aqrl t0, t1, (t2)
    amoor.w     s0, s1, (s2)
    amomin.w.aq s3, s4, (s5)
    amomax.w    s6, s7, (s8)
    amominu.w.rl s9, s10, (s11)
    amomaxu.w.aqrl t3, t4, (t5)
    lr.d        a0, (a1)
    lr.d.aqrl   t6, (ra)
    sc.d        a0, a2, (a1)
    sc.d.rl     gp, tp, (sp)
    amoswap.d.aq a0, a1, (a2)
    amoadd.d    a0, a1, (a2)
    amoxor.d.aqrl a0, a1, (a2)
    amoand.d.rl t0, t1, (t2)
    amoor.d.aq  s0, s1, (s2)
    amomin.d    s3, s4, (s5)
    amomax.d.aqrl s6, s7, (s8)
    amominu.d   s9, s10, (s11)
    amomaxu.d.rl t3, t4, (t5)

    /* ---- lui/auipc pairing: objdump adds `# addr <sym>` to the use of the register */
    auipc   a0, 0
    addi    a0, a0, 16            /* -> forward-ish address */
    auipc   t0, 0
    ld      t1, 8(t0)
    auipc   t0, 0
    sd      t1, -8(t0)
    auipc   ra, 0
    jalr    ra, 12(ra)
    lui     a1, 0x80001
    addiw   a1, a1, -4            /* sign-extended 32-bit address */
    lui     a2, 0x10000
    sb      zero, 0(a2)
    lui     a3, 0x10000
    addi    a4, a3, 5             /* consumes a3 */
    addi    a5, a3, 6             /* a3 already consumed: no comment */
    lui     s0, 0x12
    addi    s0, zero, 1           /* s0 overwritten, objdump still remembers it */
    lw      s1, 4(s0)
    ld      a0, 16(tp)            /* tp-relative */
    ld      a0, -2048(gp)         /* gp-relative (__global_pointer$) */
    lbu     a0, 100(zero)         /* zero-based */
    lui     gp, 0x80002
    jalr    zero, 0(gp)           /* gp base consulted three times */
    lui     zero, 5
    lw      a0, 8(zero)
    ld      a0, -1(zero)          /* address 0xffffffffffffffff */
    .option rvc
    c.lui   a0, 0x10
    c.addi  a0, 4
    c.lui   a1, 0xfffff
    c.addiw a1, -1
    .option norvc

    .type forward, @function
forward:
    nop
    nop
    nop
    .size forward, . - forward

    /* ---- C, quadrant 0 */
    .option rvc
compressed:
    c.addi4spn a0, sp, 4
    c.addi4spn s1, sp, 1020
    c.lw    a0, 0(a1)
    c.lw    s0, 124(a5)
    c.ld    a2, 0(s1)
    c.ld    a3, 248(a4)
    c.sw    a0, 0(a1)
    c.sw    s0, 124(a5)
    c.sd    a2, 8(s1)
    c.sd    a3, 248(a4)
    /* quadrant 1 */
    c.nop
    c.addi  a0, 1
    c.addi  sp, -32
    c.addi  t6, 31
    c.addiw a0, -32
    c.addiw s11, 0
    c.li    a0, 0
    c.li    ra, -32
    c.li    t6, 31
    c.addi16sp sp, -512
    c.addi16sp sp, 496
    c.addi16sp sp, 16
    c.lui   a0, 1
    c.lui   t6, 31
    c.lui   s0, 0xfffe0
    c.lui   ra, 0xfffff
    c.srli  a0, 1
    c.srli  s1, 63
    c.srai  a5, 32
    c.srai  s0, 1
    c.andi  a0, -32
    c.andi  a1, 31
    c.andi  s0, 0
    c.sub   a0, a1
    c.xor   s0, s1
    c.or    a2, a3
    c.and   a4, a5
    c.subw  s1, a0
    c.addw  a5, s0
    c.j     compressed
    c.j     forward
    c.j     .+2046
    c.beqz  a0, compressed
    c.bnez  s1, .+254
    c.beqz  a5, .-256
    /* quadrant 2 */
    c.slli  a0, 1
    c.slli  t6, 63
    c.slli  sp, 32
    c.lwsp  a0, 0(sp)
    c.lwsp  t6, 252(sp)
    c.ldsp  ra, 0(sp)
    c.ldsp  s11, 504(sp)
    c.jr    ra
    c.jr    t6
    c.mv    a0, a1
    c.mv    t6, ra
    c.ebreak
    c.jalr  a0
    c.jalr  ra
    c.add   a0, a1
    c.add   sp, t6
    c.swsp  a0, 0(sp)
    c.swsp  t6, 252(sp)
    c.sdsp  ra, 0(sp)
    c.sdsp  s11, 504(sp)
    /* hints and reserved encodings objdump still names (or dumps) */
    .insn   0x0001                /* c.addi zero,0 (c.nop) */
    .insn   0x0005                /* c.addi zero,1: hint */
    .insn   0x0501                /* c.addi a0,0: hint */
    .insn   0x4001                /* c.li zero,0: hint */
    .insn   0x6005                /* c.lui zero,1: hint */
    .insn   0x0002                /* c.slli64 zero */
    .insn   0x0502                /* c.slli64 a0 */
    .insn   0x8001                /* c.srli64 s0 */
    .insn   0x8401                /* c.srai64 s0 */
    .insn   0x8006                /* c.mv zero,ra: hint */
    .insn   0x9006                /* c.add zero,ra: hint */
    .insn   0x0000                /* c.unimp */
    .insn   0x6101                /* c.addi16sp sp,0: reserved */
    .insn   0x6001                /* c.lui zero,0: reserved */
    .insn   0x8002                /* c.jr zero: reserved */
    .insn   0x2001                /* c.addiw zero: reserved */
    .insn   0x4002                /* c.lwsp zero: reserved */
    .insn   0x2000                /* c.fld: not in rv64imac */
    .insn   0x9c41                /* reserved CA-format funct */
    .option norvc
    /* 32-bit encodings outside the table, or named by objdump only */
    .insn   0xc0001073            /* unimp */
    .insn   0x7b200073            /* dret */
    .insn   0x00200073            /* uret */
    .insn   0x20200073            /* hret */
    .insn   0x10400073            /* sfence.vm */
    .insn   0x10450073            /* sfence.vm a0 */
    .insn   0x0000000f            /* fence with empty sets */
    .insn   0x0100000f            /* fence 0,w */
    .insn   0x0ff0050f            /* fence with rd != 0 */
    .insn   0x8ff0000f            /* fm = 1000, not .tso */
    .insn   0x0000200f            /* fence.i with imm */
    .insn   0x00000007            /* flw: not in rv64imac */
    .insn   0x02000053            /* fadd.d */
    .insn   0x0000005b            /* custom-2 major opcode */
    .insn   0xffffffe3            /* bgeu t6,t6 backwards */
    .insn   0x00100013 | (1 << 25)  /* addi with high imm bits: still addi */
    .insn   0x4000d013            /* srai by 0 */
    .insn   0x0200101b            /* slliw with shamt[5] set: illegal */
    .insn   0x0400102f            /* amoadd.w with unused funct3 */
    .insn   0x1015202f            /* lr.w with rs2 != 0 */
    .insn   0x12000f73            /* sfence.vma with rd != 0 */
    .insn   0x4505                /* c.li a0,1 where C is off: objdump dumps it */
    /* objdump decodes only the extensions of the current $xrv mapping symbol */
    .option push
    .option arch, rv64i_zicsr_zmmul
    .insn   0x02b50533            /* mul: zmmul */
    .insn   0x02b54533            /* div: needs m */
    .insn   0x00b5252f            /* amoadd.w: needs a */
    .insn   0x0000100f            /* fence.i: needs zifencei */
    .insn   0x30002573            /* csrrs: zicsr */
    .insn   0x0000                /* c.unimp: needs c */
    .insn   0x0505                /* c.addi: needs c */
    .option pop
    ret

    /* ---- a second executable section with its own labels */
    .section .second, "ax"
    .globl second_entry
    .type second_entry, @function
second_entry:
    .option rvc
    c.j     second_entry
    jal     ra, _start
    beq     a0, a1, far_label
    .option norvc
far_label:
    auipc   a0, 0
    addi    a0, a0, -4
    ecall

    .data
    .globl data_word
data_word:
    .dword  0x1122334455667788
