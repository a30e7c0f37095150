/* Console helpers shared by the test guests (linked into every guest). */
#include "sel4.h"
    .text
    .globl putc, puts, puthex, exit, halt

/* putc(a0 = char): seL4_DebugPutChar. Clobbers a7. */
putc:
    SYS(SYS_PUTCHAR)
    ret

/* puts(a0 = NUL-terminated string). Clobbers t0, a0, a7. */
puts:
    mv t0, a0
1:  lbu a0, 0(t0)
    beqz a0, 2f
    SYS(SYS_PUTCHAR)
    addi t0, t0, 1
    j 1b
2:  ret

/* puthex(a0): lowercase hex, no leading zeros. Clobbers t0-t3, a0, a7. */
puthex:
    mv t0, a0
    li t1, 60
    li t2, 0
1:  srl t3, t0, t1
    andi t3, t3, 15
    or t2, t2, t3
    bnez t2, 2f
    bnez t1, 4f
2:  li a0, 10
    blt t3, a0, 3f
    addi a0, t3, 87
    j 5f
3:  addi a0, t3, 48
5:  SYS(SYS_PUTCHAR)
4:  addi t1, t1, -4
    bgez t1, 1b
    ret

/* exit: suspend this thread (TCB_Suspend on its own TCB cap). */
exit:
    li a0, SELF_TCB
    li a1, MSGINFO(L_TCB_SUSPEND, 0, 0)
    SYS(SYS_CALL)
    j exit

/* halt: stop the whole machine (seL4_DebugHalt). */
halt:
    SYS(SYS_HALT)
    j halt
