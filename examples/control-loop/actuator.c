/*
 * Actuator driver (passive, runs on the controller's scheduling context): writes each command to
 * a device register over MMIO (the UART's scratch register stands in for the actuator), 20 us.
 * Every 103rd command it recalibrates first (400 us).
 */
#include <microkit.h>
#include <example.h>

#define RECALIBRATE_EVERY 103
#define SCR 7

uintptr_t uart_base;

static seL4_Uint32 commands;

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    (void)msginfo;
    commands++;
    if (commands % RECALIBRATE_EVERY == 0) spin_us(400);
    *(volatile seL4_Uint8 *)(uart_base + SCR) = (seL4_Uint8)microkit_mr_get(0);
    spin_us(20);
    return microkit_msginfo_new(0, 0);
}

void init(void)
{
}

void notified(microkit_channel ch)
{
    (void)ch;
}
