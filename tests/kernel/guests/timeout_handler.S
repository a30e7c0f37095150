/* Timeout fault handler: Recv(ep=1, reply=2); print "T:label badge consumed-us\n"; reply
   (label 0, no MRs: the thread restarts when it next has budget); loop with ReplyRecv. */
#include "sel4.h"
    .text
    .globl _start
_start:
    li a0, 1
    li a6, 2
    SYS(SYS_RECV)
1:  mv s1, a1
    mv s2, a2
    mv s3, a3
    PSTR(tag)
    srli s1, s1, 12
    PHEX(s1)
    PHEX(s2)
    PHEX(s3)
    PCHR('\n')
    li a1, 0
    li a0, 1
    li a6, 2
    SYS(SYS_REPLY_RECV)
    j 1b
    .section .rodata
tag: .asciz "T:"
