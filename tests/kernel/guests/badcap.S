/* Call on an empty slot (error reply), then Send on a CPtr whose guard does not match
   (a cap fault, delivered to the fault endpoint). */
#include "sel4.h"
    .text
    .globl _start
_start:
    li a1, MSGINFO(5, 0, 0)
    li a0, 50
    SYS(SYS_CALL)
    srli s1, a1, 12
    andi s2, a1, 0x7f
    mv s3, a2
    PSTR(tag)
    PHEX(s1)
    PHEX(s2)
    PHEX(s3)
    PCHR('\n')
    li a1, 0
    li a0, 0x100000000000001
    SYS(SYS_SEND)
    PSTR(bad)
    j exit
    .section .rodata
tag: .asciz "E:"
bad: .asciz "not reached\n"
