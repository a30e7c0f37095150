/* A hot loop whose 32-bit instruction straddles a 4 KiB page boundary (at offset 0xffe, after
 * RVC instructions), and a call from there into the next page. straddle_loop(n) -> checksum. */
    .file   "straddle.S"
    .section .text.straddle, "ax"
    .balign 4096
page0:
    .skip 0xfe0
    .option push
    .option norvc
    .globl straddle_loop
straddle_loop:              /* 0xfe0 */
    li      a1, 0
1:  add     a1, a1, a0      /* 0xfe4 */
    slli    a2, a1, 3
    xor     a1, a1, a2
    .option rvc
    c.nop                   /* 0xff0 */
    .option norvc
    addi    a1, a1, 7       /* 0xff2 */
    srli    a2, a1, 11
    add     a1, a1, a2      /* 0xffa */
    addi    a0, a0, -1      /* 0xffe: straddles the boundary */
    .if (. - page0) != 0x1002
    .error "straddling instruction not at 0xffe"
    .endif
    bnez    a0, 1b
    mv      t0, ra
    mv      a0, a1
    call    next_page
    mv      ra, t0
    ret
next_page:
    xori    a0, a0, 0x5a5
    ret
    .option pop
