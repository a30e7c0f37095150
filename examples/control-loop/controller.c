/*
 * Controller: on each new estimate, compute the command (50 us), send it to the actuator by a
 * protected procedure call, and hand a record to the logger.
 */
#include <microkit.h>
#include <example.h>
#include "ring.h"

#define FILTER 0
#define ACTUATOR 1
#define LOGGER 2

uintptr_t estimate_base;

static int32_t integral;

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch != FILTER) return;
    struct estimate *e = (struct estimate *)estimate_base;
    int32_t err = 512 - e->value;
    integral += err;
    spin_us(50);
    microkit_mr_set(0, (seL4_Word)(seL4_Uint32)(err * 3 + integral / 64));
    microkit_ppcall(ACTUATOR, microkit_msginfo_new(0, 1));
    microkit_notify(LOGGER);
}
