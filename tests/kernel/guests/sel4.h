/* seL4 MCS (riscv64) numbers for the kernel-model test guests: raw ecalls, no libsel4. */
#define SYS_CALL          (-1)
#define SYS_REPLY_RECV    (-2)
#define SYS_NB_SEND_RECV  (-3)
#define SYS_NB_SEND_WAIT  (-4)
#define SYS_SEND          (-5)
#define SYS_NB_SEND       (-6)
#define SYS_RECV          (-7)
#define SYS_NB_RECV       (-8)
#define SYS_WAIT          (-9)
#define SYS_NB_WAIT       (-10)
#define SYS_YIELD         (-11)
#define SYS_PUTCHAR       (-12)
#define SYS_HALT          (-14)
#define SYS_CAP_IDENTIFY  (-15)
#define SYS_NAME_THREAD   (-17)

/* Invocation labels (MCS >= 15.0). */
#define L_UNTYPED_RETYPE        1
#define L_TCB_WRITE_REGISTERS   3
#define L_TCB_SET_PRIORITY      6
#define L_TCB_SUSPEND           12
#define L_TCB_RESUME            13
#define L_CNODE_REVOKE          18
#define L_CNODE_DELETE          19
#define L_CNODE_COPY            21
#define L_CNODE_MINT            22
#define L_CNODE_MOVE            23
#define L_IRQ_ACK               27
#define L_SC_UNBIND             35
#define L_SC_CONSUMED           37

#define IPCBUF 0x3fffffe000
#define MR(i)     (8 + 8 * (i))         /* msg[i] in the IPC buffer */
#define CAPS(i)   (0x3d0 + 8 * (i))     /* caps_or_badges[i] */

#define MSGINFO(label, extra, len) (((label) << 12) | ((extra) << 7) | (len))

/* Test-harness conventions: own TCB cap in slot 30 (see tests/kernel/helpers.ts). */
#define SELF_TCB 30

/* sys n: a7 = n; ecall */
#define SYS(n) li a7, n; ecall

/* Print a register as hex then a space (clobbers a0, a7, t0-t3, ra). */
#define PHEX(r) mv a0, r; call puthex; li a0, ' '; call putc
#define PCHR(c) li a0, c; call putc
#define PSTR(label) la a0, label; call puts
