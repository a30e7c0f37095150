/*
 * UART receive handler (NS16550A, IRQ 10, channel 0): drains the received bytes, then spends
 * 1200 us "processing the line" before acknowledging the interrupt.
 */
#include <microkit.h>
#include <example.h>

#define UART_IRQ 0
#define RBR 0 /* receive buffer */
#define IER 1 /* interrupt enable: bit 0 = received data available */
#define LSR 5 /* line status: bit 0 = data ready */

uintptr_t uart_base;

static inline volatile seL4_Uint8 *uart(unsigned off)
{
    return (volatile seL4_Uint8 *)(uart_base + off);
}

void init(void)
{
    *uart(IER) = 1;
}

void notified(microkit_channel ch)
{
    if (ch != UART_IRQ) return;
    while (*uart(LSR) & 1) (void)*uart(RBR);
    spin_us(1200);
    microkit_irq_ack(ch);
}
