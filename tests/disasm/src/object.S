/*
 * An object file as `gcc -c` leaves it, for `seltrace disasm foo.o` (objdump disassembles
 * objects): every section starts at address 0, so an address inside .text is named only by
 * .text's symbols (objdump prefers them in a file with relocations), never by the data symbols
 * at the same offsets; gas names the local labels of `1:` `.L1^B1` (a 0x02 byte, printed by
 * objdump as ^B); calls and loads carry unapplied relocations (auipc 0 / jalr 0).
 */
    .option norelax
    .data
    .word 1, 2, 3, 4
    .globl  datum
datum:                      /* .data offset 0x10: the same value as code in .text */
    .dword 5
    .section .rodata
    .zero 0x20
table:                      /* .rodata offset 0x20 */
    .word 7

    .text
    .globl  f
    .type   f, @function
f:
    li      t0, 3
1:  addi    t0, t0, -1
    bnez    t0, 1b          /* a target named by a local label with a control character */
    la      a0, datum
    lla     a1, table
    call    g
    call    external
    ret
    .size   f, . - f
    .type   g, @function
g:                          /* a local function: .text offset 0x2c or so */
    beqz    a0, 2f
    addi    a0, a0, 1
2:  ret
    .size   g, . - g
