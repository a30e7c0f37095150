/*
 * IRQ-driven sampler on the Goldfish RTC (IRQ 11, channel 0): an alarm every 1 ms; each alarm
 * is one job of 100 us (clear the interrupt, re-arm, sample, ack). Halts after 10 samples.
 */
#include <microkit.h>
#include <example.h>

#define RTC_IRQ 0
#define PERIOD_NS 1000000ull
#define SAMPLES 10

#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_INTERRUPT 0x1c

uintptr_t rtc_base;

static seL4_Uint64 next_alarm;
static seL4_Uint32 samples;

static inline volatile seL4_Uint32 *rtc(unsigned off)
{
    return (volatile seL4_Uint32 *)(rtc_base + off);
}

static void rtc_arm(seL4_Uint64 at)
{
    *rtc(RTC_ALARM_HIGH) = (seL4_Uint32)(at >> 32);
    *rtc(RTC_ALARM_LOW) = (seL4_Uint32)at;
}

void init(void)
{
    *rtc(RTC_IRQ_ENABLED) = 1;
    seL4_Uint32 lo = *rtc(RTC_TIME_LOW);
    seL4_Uint32 hi = *rtc(RTC_TIME_HIGH);
    next_alarm = (((seL4_Uint64)hi << 32) | lo) + PERIOD_NS;
    rtc_arm(next_alarm);
}

void notified(microkit_channel ch)
{
    if (ch != RTC_IRQ) return;
    *rtc(RTC_CLEAR_INTERRUPT) = 1;
    next_alarm += PERIOD_NS;
    rtc_arm(next_alarm);
    spin_us(100); /* the sample */
    microkit_irq_ack(ch);
    if (++samples == SAMPLES) {
        microkit_dbg_puts("sensor: 10 samples\n");
        microkit_dbg_halt();
    }
}
