/* Server: Recv(ep=1, reply=2), then ReplyRecv forever answering MR0 + 1 (label 0, 1 MR). */
#include "sel4.h"
    .text
    .globl _start
_start:
    li a0, 1
    li a6, 2
    SYS(SYS_RECV)
1:  addi a2, a2, 1
    li a1, MSGINFO(0, 0, 1)
    li a0, 1
    li a6, 2
    SYS(SYS_REPLY_RECV)
    j 1b
