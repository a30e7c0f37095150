/*
 * Layout cases of objdump's output rather than instruction text: object symbols dumped as
 * bytes, data ($d) inside code, zero runs (`...`), 48/64/80-bit encodings, a label inside an
 * instruction (out-of-bounds read), absolute symbols, sections whose first symbol comes late
 * or that have no symbol at all.
 */
    .option norelax
    .section .text.init, "ax"
    /* An object first: nothing was disassembled yet, so bytes are dumped one per chunk. */
    .type first_obj, @object
first_obj:
    .ascii  "Hi!\0\x7f~ \t"
    .size first_obj, . - first_obj

    .globl _start
    .type _start, @function
_start:
    c.li    a0, 1
    /* data words in code: .word / .short / .byte, cut at the next mapping symbol */
    .word   0xdeadbeef
    .half   0x1234
    .byte   0x56
    c.nop
    .byte   1, 2, 3
    nop
    .word   0, 0, 0           /* zeros as data: more than 8 bytes -> ... */
    .word   7
    /* zeros as code */
    .insn   0x0000
    .insn   0x0000
    .insn   0x0000
    .insn   0x0000
    .insn   0x0000
    .insn   0x0000            /* 12 zero bytes, then an instruction: `...` then c.unimp */
    .insn   0x4505
    .insn   0x0000
    .insn   0x0000            /* 4 zero bytes: disassembled, fewer than 8 */
    .insn   0x4505
    /* longer encodings */
    .insn   0x00000000001f                    /* 48-bit */
    .insn   0x000000000000103f                /* 64-bit */
    .insn   0x0000000000000000007f            /* 80-bit: two lines of bytes */
    .insn   0x707f                            /* 0x7f with all-ones bits 14:12: length 2 */
    /* a function that is an object in disguise, and an odd-sized object */
    .type   table, @object
table:
    .byte   0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 'A', 'B', 'C', 'D', 'E', 'F', 'x', 'y', 'z'
    .size   table, . - table
    .type   odd5, @object
odd5:
    .byte   0x61, 0x62, 0x63, 0x64, 0x65
    .size   odd5, 5
    .balign 2
    .type   after_objects, @function
after_objects:
    auipc   a0, 0
    ld      a1, 8(a0)
    /* a label in the middle of the next instruction: reading it runs past the label */
    .globl  inside
    .set    inside, . + 2
    .option norvc
    addi    a0, a0, 1
    .option rvc
    c.addi  a0, 1
    /* absolute symbols: one inside .text, one far below */
    .globl  abs_in_text, abs_low
    .set    abs_in_text, 0x80000010
    .set    abs_low, 0x1000
    lui     a2, 0x1
    lw      a2, 4(a2)
    c.j     abs_target
    .weak   weak_sym
weak_sym:
    .local  local_sym
local_sym:
abs_target:
    c.jr    ra
    .word   0x11111111        /* data up to the end of the section */
    .half   0

    /* third section: the first symbol comes 4 bytes after its start */
    .section .third, "ax"
    nop
    .globl  late_label
late_label:
    c.j     late_label
    c.nop
    /* labels inside a data word and one byte into an instruction: reads cross them */
    .globl  in_data, odd_label
    .set    in_data, . + 2
    .word   0x22222222
    .set    odd_label, . + 1
    c.nop
    c.li    a0, 5

    /* bare section: no symbol at all */
    .section .bare, "ax"
    c.nop
    jal     ra, late_label
    c.j     .
