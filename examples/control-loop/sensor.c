/*
 * Sensor driver: the Goldfish RTC raises IRQ 11 every 1 ms; each alarm is one sample (20 us):
 * clear and re-arm the alarm, read the "sensor" (a deterministic pseudo-random signal), push it
 * into the ring, ack, notify the filter. After 10,100 samples the run ends.
 */
#include <microkit.h>
#include <example.h>
#include "ring.h"

#define RTC_IRQ 0
#define FILTER 1
#define PERIOD_NS 1000000ull
#define SAMPLES 10100

#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_INTERRUPT 0x1c

uintptr_t rtc_base;
uintptr_t ring_base;

static seL4_Uint64 next_alarm;
static seL4_Uint32 samples;
static seL4_Uint32 lcg = 12345;

static inline volatile seL4_Uint32 *rtc(unsigned off) { return (volatile seL4_Uint32 *)(rtc_base + off); }

static void rtc_arm(seL4_Uint64 at)
{
    *rtc(RTC_ALARM_HIGH) = (seL4_Uint32)(at >> 32);
    *rtc(RTC_ALARM_LOW) = (seL4_Uint32)at;
}

void init(void)
{
    microkit_dbg_puts("sensor: 1 kHz on IRQ 11\n");
    *rtc(RTC_IRQ_ENABLED) = 1;
    seL4_Uint32 lo = *rtc(RTC_TIME_LOW);
    seL4_Uint32 hi = *rtc(RTC_TIME_HIGH);
    next_alarm = (((seL4_Uint64)hi << 32) | lo) + PERIOD_NS;
    rtc_arm(next_alarm);
}

void notified(microkit_channel ch)
{
    if (ch != RTC_IRQ) return;
    struct ring *r = (struct ring *)ring_base;
    *rtc(RTC_CLEAR_INTERRUPT) = 1;
    next_alarm += PERIOD_NS;
    rtc_arm(next_alarm);
    lcg = lcg * 1103515245u + 12345u;
    spin_us(20);
    r->sample[r->head % RING_SLOTS] = (lcg >> 16) & 0x3ff;
    r->head = r->head + 1;
    microkit_irq_ack(ch);
    microkit_notify(FILTER);
    if (++samples == SAMPLES) {
        microkit_dbg_puts("sensor: 10100 samples, stopping\n");
        microkit_dbg_halt();
    }
}
