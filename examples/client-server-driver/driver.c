/* NS16550A driver: polls LSR.THRE and writes each byte to THR of the UART mapped at uart_base. */
#include <microkit.h>
#include <example.h>
#include "protocol.h"

#define SERVER 1

#define UART_THR 0
#define UART_IER 1
#define UART_LCR 3
#define UART_LSR 5
#define LSR_THRE 0x20
#define LCR_8N1 0x03

/* Patched by the loader with the vaddr of the "uart" mapping (setvar_vaddr). */
uintptr_t uart_base;

static inline volatile uint8_t *reg(unsigned off)
{
    return (volatile uint8_t *)(uart_base + off);
}

void init(void)
{
    *reg(UART_LCR) = LCR_8N1;
    *reg(UART_IER) = 0; /* polled: no interrupts */
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    seL4_Word len = microkit_mr_get(0);
    if (ch != SERVER || microkit_msginfo_get_label(msginfo) != UART_WRITE || len > MAX_UART_WRITE) {
        return microkit_msginfo_new(1, 0);
    }
    char buf[MAX_UART_WRITE];
    unpack_mrs(1, buf, len);
    for (seL4_Word i = 0; i < len; i++) {
        while ((*reg(UART_LSR) & LSR_THRE) == 0) {
        }
        *reg(UART_THR) = (uint8_t)buf[i];
    }
    microkit_mr_set(0, len);
    return microkit_msginfo_new(0, 1);
}
