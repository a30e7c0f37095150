/*
 * seltrace SDK runtime: the patchable symbols and the Microkit event loop.
 *
 * main: constructors, init(), ack the PD's IRQs, then loop forever receiving on the input cap
 * (slot 1) with the reply object in slot 4. A pending PPC reply goes out with ReplyRecv; a
 * deferred signal rides on NBSendRecv; otherwise Recv. The badge says what arrived:
 * bit 63 = protected procedure call (channel = low 6 bits), bit 62 = child fault (child = low
 * 8 bits), else one notification bit per channel, delivered lowest first.
 */
#include <microkit.h>

/*
 * Explicit .data placement: zero-initialised globals would land in .bss (no file bytes), and the
 * loader patches these words in the ELF image.
 */
__attribute__((section(".data"))) char microkit_name[64] = { 0 };
__attribute__((section(".data"))) seL4_Bool microkit_passive = 0;
__attribute__((section(".data"))) seL4_Word microkit_irqs = 0;
__attribute__((section(".data"))) seL4_Word microkit_notifications = 0;
__attribute__((section(".data"))) seL4_Word microkit_pps = 0;
__attribute__((section(".data"))) seL4_IPCBuffer *__sel4_ipc_buffer = (seL4_IPCBuffer *)SELTRACE_IPC_BUFFER_VADDR;

seL4_Bool microkit_have_signal = seL4_False;
seL4_CPtr microkit_signal_cap;
microkit_msginfo microkit_signal_msg;

typedef void (*ctor_fn)(void);
extern ctor_fn __init_array_start[];
extern ctor_fn __init_array_end[];

__attribute__((weak)) microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)msginfo;
    microkit_internal_bad_channel("protected (no handler in this PD)", ch);
    return seL4_MessageInfo_new(0, 0, 0, 0);
}

__attribute__((weak)) seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo)
{
    (void)msginfo;
    (void)reply_msginfo;
    microkit_internal_bad_channel("fault (no handler in this PD)", child);
    return seL4_False;
}

static void dispatch(seL4_Word badge, microkit_msginfo tag, seL4_Bool *have_reply, microkit_msginfo *reply_tag)
{
    if (badge >> 63) {
        *reply_tag = protected((microkit_channel)(badge & 0x3f), tag);
        *have_reply = seL4_True;
    } else if ((badge >> 62) & 1) {
        *have_reply = fault((microkit_child)(badge & 0xff), tag, reply_tag);
    } else {
        for (microkit_channel ch = 0; badge != 0; ch++, badge >>= 1) {
            if (badge & 1) notified(ch);
        }
    }
}

static void handler_loop(void)
{
    seL4_Bool have_reply = seL4_False;
    microkit_msginfo reply_tag = seL4_MessageInfo_new(0, 0, 0, 0);
    for (;;) {
        seL4_Word badge;
        microkit_msginfo tag;
        if (have_reply) {
            if (microkit_have_signal) {
                seL4_Send(microkit_signal_cap, microkit_signal_msg);
                microkit_have_signal = seL4_False;
            }
            tag = seL4_ReplyRecv(MICROKIT_INPUT_CAP, reply_tag, &badge, MICROKIT_REPLY_CAP);
        } else if (microkit_have_signal) {
            microkit_have_signal = seL4_False;
            tag = seL4_NBSendRecv(microkit_signal_cap, microkit_signal_msg, MICROKIT_INPUT_CAP, &badge,
                                  MICROKIT_REPLY_CAP);
        } else {
            tag = seL4_Recv(MICROKIT_INPUT_CAP, &badge, MICROKIT_REPLY_CAP);
        }
        have_reply = seL4_False;
        dispatch(badge, tag, &have_reply, &reply_tag);
    }
}

void main(void)
{
    for (ctor_fn *f = __init_array_start; f < __init_array_end; f++) (*f)();
    init();
    for (microkit_channel ch = 0; ch <= MICROKIT_MAX_CHANNEL_ID; ch++) {
        if ((microkit_irqs >> ch) & 1) seL4_IRQHandler_Ack(MICROKIT_BASE_IRQ_CAP + ch);
    }
    /*
     * A passive PD asks the monitor (empty message on slot 5) to move its scheduling context to
     * its notification; the request is deferred so it goes out with the first receive.
     */
    if (microkit_passive) {
        microkit_have_signal = seL4_True;
        microkit_signal_msg = seL4_MessageInfo_new(0, 0, 0, 0);
        microkit_signal_cap = MICROKIT_MONITOR_EP_CAP;
    }
    handler_loop();
}
