/*
 * UART receive driver (QEMU virt NS16550A at uart_base, PLIC IRQ 10 on channel 3). init() enables
 * the receive interrupt and then prints, so input already waiting raises the IRQ while the driver
 * is still in init(): the signal is left pending and its first receive takes it. Echoes each byte;
 * 'q' halts the system.
 */
#include <microkit.h>

#define UART_IRQ 3
#define RBR 0 /* receive buffer */
#define IER 1 /* interrupt enable: bit 0 = data ready */
#define LSR 5 /* line status: bit 0 = data ready */

uintptr_t uart_base; /* setvar_vaddr of the "uart" mapping */

static volatile unsigned char *reg(int off) { return (volatile unsigned char *)(uart_base + off); }

void init(void)
{
    *reg(IER) = 1;
    microkit_dbg_puts("uart: receive interrupt on\n");
}

void notified(microkit_channel ch)
{
    if (ch != UART_IRQ) return;
    while (*reg(LSR) & 1) {
        char c = (char)*reg(RBR);
        microkit_dbg_puts("uart: got ");
        microkit_dbg_putc(c);
        microkit_dbg_putc('\n');
        if (c == 'q') microkit_dbg_halt();
    }
    microkit_irq_ack(UART_IRQ);
}
