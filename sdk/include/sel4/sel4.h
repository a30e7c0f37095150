/*
 * seltrace SDK: the small slice of the seL4 (MCS, riscv64) user ABI that Microkit-style PDs need.
 * Written from the seltrace ABI facts sheet, not from libsel4. Syscalls are raw `ecall`s with the
 * MCS register convention: a7 = syscall number, a0 = cap / badge, a1 = message info,
 * a2..a5 = MR0..MR3, a6 = reply object, t0 = NBSendRecv destination. MRs >= 4 live in the IPC buffer.
 */
#ifndef SELTRACE_SEL4_H
#define SELTRACE_SEL4_H

#include <stdint.h>
#include <stddef.h>

typedef uint64_t seL4_Word;
typedef uint64_t seL4_CPtr;
typedef uint8_t seL4_Bool;
typedef uint8_t seL4_Uint8;
typedef uint16_t seL4_Uint16;
typedef uint32_t seL4_Uint32;
typedef uint64_t seL4_Uint64;

#define seL4_False ((seL4_Bool)0)
#define seL4_True ((seL4_Bool)1)

/* Syscall numbers (MCS). */
enum {
    seL4_SysCall = -1,
    seL4_SysReplyRecv = -2,
    seL4_SysNBSendRecv = -3,
    seL4_SysNBSendWait = -4,
    seL4_SysSend = -5,
    seL4_SysNBSend = -6,
    seL4_SysRecv = -7,
    seL4_SysNBRecv = -8,
    seL4_SysWait = -9,
    seL4_SysNBWait = -10,
    seL4_SysYield = -11,
    seL4_SysDebugPutChar = -12,
    seL4_SysDebugDumpScheduler = -13,
    seL4_SysDebugHalt = -14,
};

/* Invocation label used by the SDK (MCS, seL4 >= 15 numbering as in Microkit 2.3). */
#define seL4_IRQAckIRQ 27

#define seL4_MsgMaxLength 120

/* label 63..12 | capsUnwrapped 11..9 | extraCaps 8..7 | length 6..0 */
typedef struct seL4_MessageInfo {
    seL4_Word words[1];
} seL4_MessageInfo_t;

static inline seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Word label, seL4_Word caps_unwrapped,
                                                      seL4_Word extra_caps, seL4_Word length)
{
    seL4_MessageInfo_t m;
    m.words[0] = (label << 12) | ((caps_unwrapped & 0x7) << 9) | ((extra_caps & 0x3) << 7) | (length & 0x7f);
    return m;
}
static inline seL4_Word seL4_MessageInfo_get_label(seL4_MessageInfo_t m) { return m.words[0] >> 12; }
static inline seL4_Word seL4_MessageInfo_get_length(seL4_MessageInfo_t m) { return m.words[0] & 0x7f; }
static inline seL4_Word seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t m) { return (m.words[0] >> 7) & 0x3; }
static inline seL4_Word seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t m) { return (m.words[0] >> 9) & 0x7; }

/* IPC buffer layout (1 KiB): tag, msg[120], userData, caps_or_badges[3], receive cap path. */
typedef struct seL4_IPCBuffer {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;
    seL4_Word caps_or_badges[3];
    seL4_CPtr receiveCNode;
    seL4_CPtr receiveIndex;
    seL4_Word receiveDepth;
} seL4_IPCBuffer;

_Static_assert(sizeof(seL4_IPCBuffer) == 1024, "IPC buffer is 1 KiB");

/* Microkit 2.3 puts the IPC buffer in the top user page; the runtime keeps a patchable pointer. */
#define SELTRACE_IPC_BUFFER_VADDR 0x3fffffe000UL
extern seL4_IPCBuffer *__sel4_ipc_buffer;

static inline seL4_Word seL4_GetMR(int i) { return __sel4_ipc_buffer->msg[i]; }
static inline void seL4_SetMR(int i, seL4_Word v) { __sel4_ipc_buffer->msg[i] = v; }

/* ---- raw syscalls: registers only, no IPC-buffer traffic ---------------------------------- */

/* Send-like: nothing comes back. */
static inline void seltrace_sys_send(seL4_Word sys, seL4_CPtr dest, seL4_Word info, seL4_Word mr0,
                                     seL4_Word mr1, seL4_Word mr2, seL4_Word mr3)
{
    register seL4_Word a0 __asm__("a0") = dest;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = mr0;
    register seL4_Word a3 __asm__("a3") = mr1;
    register seL4_Word a4 __asm__("a4") = mr2;
    register seL4_Word a5 __asm__("a5") = mr3;
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
}

/*
 * Everything that receives (Call, Recv, ReplyRecv, NBSendRecv, Wait): the message in a1..a5 and
 * a0 go in and come back; a6 is the reply object and t0 the NBSendRecv destination.
 */
static inline seL4_Word seltrace_sys_recv(seL4_Word sys, seL4_Word t0_dest, seL4_CPtr src, seL4_Word *info,
                                          seL4_Word mr[4], seL4_CPtr reply)
{
    register seL4_Word a0 __asm__("a0") = src;
    register seL4_Word a1 __asm__("a1") = *info;
    register seL4_Word a2 __asm__("a2") = mr[0];
    register seL4_Word a3 __asm__("a3") = mr[1];
    register seL4_Word a4 __asm__("a4") = mr[2];
    register seL4_Word a5 __asm__("a5") = mr[3];
    register seL4_Word a6 __asm__("a6") = reply;
    register seL4_Word a7 __asm__("a7") = sys;
    register seL4_Word t0 __asm__("t0") = t0_dest;
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : "r"(a6), "r"(a7), "r"(t0)
                     : "memory");
    *info = a1;
    mr[0] = a2;
    mr[1] = a3;
    mr[2] = a4;
    mr[3] = a5;
    return a0;
}

static inline void seltrace_sys_null(seL4_Word sys)
{
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ volatile("ecall" : : "r"(a7) : "memory");
}

/* ---- libsel4-style calls: MR0..MR3 move between the IPC buffer and a2..a5 ------------------ */

static inline void seltrace_load_mrs(seL4_Word mr[4])
{
    for (int i = 0; i < 4; i++) mr[i] = __sel4_ipc_buffer->msg[i];
}
static inline void seltrace_store_mrs(const seL4_Word mr[4])
{
    for (int i = 0; i < 4; i++) __sel4_ipc_buffer->msg[i] = mr[i];
}

static inline void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    seltrace_sys_send(seL4_SysSend, dest, info.words[0], seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3));
}
static inline void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    seltrace_sys_send(seL4_SysNBSend, dest, info.words[0], seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3));
}
/* Signal = Send with an empty message; no MRs are read. */
static inline void seL4_Signal(seL4_CPtr dest)
{
    seltrace_sys_send(seL4_SysSend, dest, 0, 0, 0, 0, 0);
}

static inline seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    seL4_Word mr[4];
    seltrace_load_mrs(mr);
    seltrace_sys_recv(seL4_SysCall, 0, dest, &info.words[0], mr, 0);
    seltrace_store_mrs(mr);
    return info;
}

static inline seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *badge, seL4_CPtr reply)
{
    seL4_MessageInfo_t info = { { 0 } };
    seL4_Word mr[4] = { 0, 0, 0, 0 };
    seL4_Word b = seltrace_sys_recv(seL4_SysRecv, 0, src, &info.words[0], mr, reply);
    seltrace_store_mrs(mr);
    if (badge) *badge = b;
    return info;
}

static inline seL4_MessageInfo_t seL4_Wait(seL4_CPtr src, seL4_Word *badge)
{
    seL4_MessageInfo_t info = { { 0 } };
    seL4_Word mr[4] = { 0, 0, 0, 0 };
    seL4_Word b = seltrace_sys_recv(seL4_SysWait, 0, src, &info.words[0], mr, 0);
    seltrace_store_mrs(mr);
    if (badge) *badge = b;
    return info;
}

static inline seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t info, seL4_Word *badge,
                                                seL4_CPtr reply)
{
    seL4_Word mr[4];
    seltrace_load_mrs(mr);
    seL4_Word b = seltrace_sys_recv(seL4_SysReplyRecv, 0, src, &info.words[0], mr, reply);
    seltrace_store_mrs(mr);
    if (badge) *badge = b;
    return info;
}

static inline seL4_MessageInfo_t seL4_NBSendRecv(seL4_CPtr dest, seL4_MessageInfo_t info, seL4_CPtr src,
                                                 seL4_Word *badge, seL4_CPtr reply)
{
    seL4_Word mr[4];
    seltrace_load_mrs(mr);
    seL4_Word b = seltrace_sys_recv(seL4_SysNBSendRecv, dest, src, &info.words[0], mr, reply);
    seltrace_store_mrs(mr);
    if (badge) *badge = b;
    return info;
}

static inline void seL4_Yield(void) { seltrace_sys_null(seL4_SysYield); }

static inline void seL4_DebugPutChar(char c)
{
    register seL4_Word a0 __asm__("a0") = (uint8_t)c;
    register seL4_Word a7 __asm__("a7") = (seL4_Word)seL4_SysDebugPutChar;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
}

static inline void seL4_DebugHalt(void) { seltrace_sys_null(seL4_SysDebugHalt); }

/* IRQHandler_Ack is a Call with label IRQAckIRQ; registers only, the IPC buffer is untouched. */
static inline seL4_Word seL4_IRQHandler_Ack(seL4_CPtr handler)
{
    seL4_Word info = seL4_MessageInfo_new(seL4_IRQAckIRQ, 0, 0, 0).words[0];
    seL4_Word mr[4] = { 0, 0, 0, 0 };
    seltrace_sys_recv(seL4_SysCall, 0, handler, &info, mr, 0);
    return info >> 12; /* seL4_Error */
}

#endif
