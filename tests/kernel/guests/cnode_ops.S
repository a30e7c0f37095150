/* CNode invocations on its own CSpace (slot 2, depth 64): mint/copy/send/errors/revoke/delete/move.
   Prints the reply label (and some MRs) of each step. Endpoint at slot 1, receiver elsewhere. */
#include "sel4.h"
    .text
    .globl _start

/* cnode op: a0 = 2, info in a1, MR0..MR3 in a2..a5, MR4/MR5 in the IPC buffer, caps[0] = 2 */
#define CNODE_OP(label, len, d, s, mr4, mr5) \
    li t0, IPCBUF; li t1, 2; sd t1, CAPS(0)(t0); li t1, mr4; sd t1, MR(4)(t0); li t1, mr5; sd t1, MR(5)(t0); \
    li a2, d; li a3, 64; li a4, s; li a5, 64; li a1, MSGINFO(label, 1, len); li a0, 2; SYS(SYS_CALL)

#define PRINT_LABEL srli s1, a1, 12; PHEX(s1)

_start:
    /* 1. Mint slot 1 -> 10 with badge 0x42. */
    CNODE_OP(L_CNODE_MINT, 6, 10, 1, 15, 0x42)
    PRINT_LABEL
    /* 2. Copy 10 -> 11 (write right only). */
    CNODE_OP(L_CNODE_COPY, 5, 11, 10, 1, 0)
    PRINT_LABEL
    /* 3. Send through 11: the receiver sees badge 0x42. */
    li a2, 0x99
    li a1, MSGINFO(0, 0, 1)
    li a0, 11
    SYS(SYS_SEND)
    /* 4. Copy into the occupied slot 11: DeleteFirst (8). */
    CNODE_OP(L_CNODE_COPY, 5, 11, 10, 15, 0)
    PRINT_LABEL
    /* 5. Copy from a source with depth 60: FailedLookup (6), source, DepthMismatch (3). */
    li t0, IPCBUF; li t1, 2; sd t1, CAPS(0)(t0); li t1, 15; sd t1, MR(4)(t0)
    li a2, 12; li a3, 64; li a4, 1; li a5, 60; li a1, MSGINFO(L_CNODE_COPY, 1, 5); li a0, 2
    SYS(SYS_CALL)
    mv s3, a2
    mv s4, a3
    PRINT_LABEL
    PHEX(s3)
    PHEX(s4)
    /* 6. Revoke 10 (removes its copy in 11), then Call 11: InvalidCapability (2), cap 0. */
    li a2, 10; li a3, 64; li a1, MSGINFO(L_CNODE_REVOKE, 0, 2); li a0, 2
    SYS(SYS_CALL)
    PRINT_LABEL
    li a1, 0
    li a0, 11
    SYS(SYS_CALL)
    mv s3, a2
    PRINT_LABEL
    PHEX(s3)
    /* 7. Delete 10, then Call 10: InvalidCapability. */
    li a2, 10; li a3, 64; li a1, MSGINFO(L_CNODE_DELETE, 0, 2); li a0, 2
    SYS(SYS_CALL)
    PRINT_LABEL
    li a1, 0
    li a0, 10
    SYS(SYS_CALL)
    PRINT_LABEL
    /* 8. Move 1 -> 12; Send via 12 (badge 0); Call 1 is now InvalidCapability. */
    CNODE_OP(L_CNODE_MOVE, 4, 12, 1, 0, 0)
    PRINT_LABEL
    li a2, 0x77
    li a1, MSGINFO(0, 0, 1)
    li a0, 12
    SYS(SYS_SEND)
    li a1, 0
    li a0, 1
    SYS(SYS_CALL)
    PRINT_LABEL
    PCHR('\n')
    j exit
