/*
 * PID position controller in single precision, released every millisecond by the timer driver.
 * Each job: read the plant's position, compute the force (proportional + integral with
 * anti-windup clamping + derivative on the measurement, output saturated), publish it and notify
 * the plant. The setpoint steps from 0 to 1 m at the start and to 0.25 m at job 150. Every 25
 * jobs one line: job, position and force (three decimals). After 300 jobs: the highest position
 * reached during the first step and the plant's step count, and halt.
 */
#include <microkit.h>
#include <example.h>
#include "loop.h"

#define TIMER 0
#define PLANT 1
#define JOBS 300

#define KP 40.0f
#define KI 30.0f
#define KD 1.5f
#define FORCE_MAX 25.0f
#define INTEG_MAX 2.0f

uintptr_t loop_vaddr;

static seL4_Uint32 job;
static float integ, prev_y, peak;

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Print v as a signed decimal with three decimals (v rounded to thousandths). */
static void put_milli(float v)
{
    int m = (int)(v * 1000.0f + (v < 0 ? -0.5f : 0.5f));
    if (m < 0) {
        microkit_dbg_putc('-');
        m = -m;
    }
    microkit_dbg_put32((seL4_Uint32)m / 1000);
    microkit_dbg_putc('.');
    microkit_dbg_putc('0' + (m / 100) % 10);
    microkit_dbg_putc('0' + (m / 10) % 10);
    microkit_dbg_putc('0' + m % 10);
}

void init(void)
{
    microkit_dbg_puts("controller: PID kp=40 ki=30 kd=1.5, 1 kHz\n");
}

void notified(microkit_channel ch)
{
    if (ch != TIMER) return;
    volatile struct loop *l = (volatile struct loop *)loop_vaddr;
    float setpoint = job < 150 ? 1.0f : 0.25f;
    float y = (float)l->position;
    float e = setpoint - y;
    integ = clampf(integ + e * DT, -INTEG_MAX, INTEG_MAX);
    float deriv = job == 0 ? 0.0f : (y - prev_y) / DT;
    prev_y = y;
    float u = clampf(KP * e + KI * integ - KD * deriv, -FORCE_MAX, FORCE_MAX);
    l->force = u;
    microkit_notify(PLANT);
    if (job < 150 && y > peak) peak = y;
    job++;
    if (job % 25 == 0) {
        microkit_dbg_puts("controller: job ");
        microkit_dbg_put32(job);
        microkit_dbg_puts(" y=");
        put_milli(y);
        microkit_dbg_puts(" u=");
        put_milli(u);
        microkit_dbg_putc('\n');
    }
    if (job == JOBS) {
        microkit_dbg_puts("controller: peak ");
        put_milli(peak);
        microkit_dbg_puts(" m, plant steps ");
        microkit_dbg_put32(l->steps);
        microkit_dbg_putc('\n');
        microkit_dbg_halt();
    }
}
