/*
 * Timer driver for QEMU virt's Goldfish RTC (MMIO at rtc_base, PLIC IRQ 11 on channel RTC_IRQ).
 * It programs a periodic alarm: every PERIOD_NS the RTC raises its (level) interrupt, and the
 * handler clears it, arms the next alarm, acknowledges the IRQ and notifies the periodic task.
 *
 * Deadlines advance by exactly PERIOD_NS from the first one (no drift from handler latency). The
 * alarm is a 64-bit value: ALARM_HIGH is written first, ALARM_LOW second because writing it arms.
 */
#include <microkit.h>
#include <example.h>

#define RTC_IRQ 0  /* channel of IRQ 11 (the <irq id="0"/> in realtime.system) */
#define PERIODIC 1 /* channel to the periodic task */

#define PERIOD_NS 1000000ull /* 1 ms */

/* Goldfish RTC registers (32-bit). */
#define RTC_TIME_LOW 0x00        /* read: time in ns, low word; latches TIME_HIGH */
#define RTC_TIME_HIGH 0x04       /* read: high word latched by the TIME_LOW read */
#define RTC_ALARM_LOW 0x08       /* write: low word of the alarm, arms it */
#define RTC_ALARM_HIGH 0x0c      /* write: high word of the alarm */
#define RTC_IRQ_ENABLED 0x10     /* bit 0: the alarm raises the interrupt */
#define RTC_CLEAR_INTERRUPT 0x1c /* write: drop the interrupt */

/* Patched by the loader with the vaddr of the "rtc" mapping (setvar_vaddr). */
uintptr_t rtc_base;

static seL4_Uint64 deadline;

static inline volatile seL4_Uint32 *rtc(unsigned off)
{
    return (volatile seL4_Uint32 *)(rtc_base + off);
}

static seL4_Uint64 rtc_now(void)
{
    seL4_Uint32 lo = *rtc(RTC_TIME_LOW);
    seL4_Uint32 hi = *rtc(RTC_TIME_HIGH);
    return ((seL4_Uint64)hi << 32) | lo;
}

static void rtc_arm(seL4_Uint64 at)
{
    *rtc(RTC_ALARM_HIGH) = (seL4_Uint32)(at >> 32);
    *rtc(RTC_ALARM_LOW) = (seL4_Uint32)at;
}

void init(void)
{
    microkit_dbg_puts("timer: RTC alarm every 1000 us on IRQ 11\n");
    *rtc(RTC_IRQ_ENABLED) = 1;
    deadline = rtc_now() + PERIOD_NS;
    rtc_arm(deadline);
}

void notified(microkit_channel ch)
{
    if (ch != RTC_IRQ) return;
    *rtc(RTC_CLEAR_INTERRUPT) = 1;
    deadline += PERIOD_NS;
    rtc_arm(deadline); /* a deadline already past fires at once: no tick is lost */
    microkit_irq_ack(ch);
    microkit_notify(PERIODIC);
    microkit_notify(2);
}
