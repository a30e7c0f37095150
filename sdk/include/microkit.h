/*
 * seltrace SDK: a Microkit-compatible PD API (Microkit 2.x names and semantics), written for
 * seltrace's RV64IMAC machine from the API list in the ABI facts sheet. A PD provides init() and
 * notified(); protected() and fault() are optional. The runtime (libmicrokit.a + crt0.o) supplies
 * _start, main and the event loop.
 */
#ifndef SELTRACE_MICROKIT_H
#define SELTRACE_MICROKIT_H

#include <sel4/sel4.h>

typedef unsigned int microkit_channel;
typedef unsigned int microkit_child;
typedef seL4_MessageInfo_t microkit_msginfo;

/* CSpace slots the loader fills (same numbers as Microkit 1.4 .. 2.3). */
#define MICROKIT_INPUT_CAP 1
#define MICROKIT_FAULT_EP_CAP 2
#define MICROKIT_VSPACE_CAP 3
#define MICROKIT_REPLY_CAP 4
#define MICROKIT_MONITOR_EP_CAP 5
#define MICROKIT_BASE_OUTPUT_NOTIFICATION_CAP 10
#define MICROKIT_BASE_ENDPOINT_CAP 74
#define MICROKIT_BASE_IRQ_CAP 138
#define MICROKIT_MAX_CHANNEL_ID 61

/* Entry points written by the PD. */
void init(void);
void notified(microkit_channel ch);
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo);
seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo);

/* Patched by the loader (kept in .data so the ELF has bytes to patch). */
extern char microkit_name[64];
extern seL4_Bool microkit_passive;
extern seL4_Word microkit_irqs;
extern seL4_Word microkit_notifications;
extern seL4_Word microkit_pps;

/* One deferred signal (notify or IRQ ack), sent by the event loop's next NBSendRecv. */
extern seL4_Bool microkit_have_signal;
extern seL4_CPtr microkit_signal_cap;
extern microkit_msginfo microkit_signal_msg;

void microkit_dbg_putc(int c);
void microkit_dbg_puts(const char *s);
void microkit_dbg_put8(seL4_Uint8 x);
void microkit_dbg_put32(seL4_Uint32 x);

/* Reports a call on a channel the PD does not own (not in the patched masks). */
void microkit_internal_bad_channel(const char *func, microkit_channel ch);

static inline seL4_Bool microkit_internal_has(seL4_Word mask, microkit_channel ch)
{
    return ch <= MICROKIT_MAX_CHANNEL_ID && ((mask >> ch) & 1) != 0;
}

static inline void microkit_notify(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_notifications, ch)) {
        microkit_internal_bad_channel("microkit_notify", ch);
        return;
    }
    seL4_Signal(MICROKIT_BASE_OUTPUT_NOTIFICATION_CAP + ch);
}

static inline void microkit_irq_ack(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_irqs, ch)) {
        microkit_internal_bad_channel("microkit_irq_ack", ch);
        return;
    }
    seL4_IRQHandler_Ack(MICROKIT_BASE_IRQ_CAP + ch);
}

static inline microkit_msginfo microkit_ppcall(microkit_channel ch, microkit_msginfo msginfo)
{
    if (!microkit_internal_has(microkit_pps, ch)) {
        microkit_internal_bad_channel("microkit_ppcall", ch);
        return seL4_MessageInfo_new(0, 0, 0, 0);
    }
    return seL4_Call(MICROKIT_BASE_ENDPOINT_CAP + ch, msginfo);
}

static inline microkit_msginfo microkit_msginfo_new(seL4_Word label, seL4_Uint16 count)
{
    return seL4_MessageInfo_new(label, 0, 0, count);
}
static inline seL4_Word microkit_msginfo_get_label(microkit_msginfo msginfo)
{
    return seL4_MessageInfo_get_label(msginfo);
}
static inline seL4_Word microkit_msginfo_get_count(microkit_msginfo msginfo)
{
    return seL4_MessageInfo_get_length(msginfo);
}

static inline void microkit_mr_set(seL4_Uint8 mr, seL4_Word value) { seL4_SetMR(mr, value); }
static inline seL4_Word microkit_mr_get(seL4_Uint8 mr) { return seL4_GetMR(mr); }

static inline void microkit_deferred_notify(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_notifications, ch)) {
        microkit_internal_bad_channel("microkit_deferred_notify", ch);
        return;
    }
    microkit_have_signal = seL4_True;
    microkit_signal_msg = seL4_MessageInfo_new(0, 0, 0, 0);
    microkit_signal_cap = MICROKIT_BASE_OUTPUT_NOTIFICATION_CAP + ch;
}

static inline void microkit_deferred_irq_ack(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_irqs, ch)) {
        microkit_internal_bad_channel("microkit_deferred_irq_ack", ch);
        return;
    }
    microkit_have_signal = seL4_True;
    microkit_signal_msg = seL4_MessageInfo_new(seL4_IRQAckIRQ, 0, 0, 0);
    microkit_signal_cap = MICROKIT_BASE_IRQ_CAP + ch;
}

/* ---- seltrace extensions (not in Microkit) -------------------------------------------------- */

/* Stop the whole machine (seL4_DebugHalt): lets example systems end by themselves. */
static inline void microkit_dbg_halt(void) { seL4_DebugHalt(); }

/*
 * MCS seL4_Yield: gives up the rest of the current budget, so a PD with budget < period sleeps
 * until its scheduling context's next replenishment (the start of its next period).
 */
static inline void microkit_yield(void) { seL4_Yield(); }

#endif
