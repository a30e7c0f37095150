/* Debug console output through seL4_DebugPutChar (syscall -12), one character per call. */
#include <microkit.h>

void microkit_dbg_putc(int c)
{
    seL4_DebugPutChar((char)c);
}

void microkit_dbg_puts(const char *s)
{
    while (*s) seL4_DebugPutChar(*s++);
}

/* Decimal, no padding. */
void microkit_dbg_put32(seL4_Uint32 x)
{
    char buf[10];
    int n = 0;
    do {
        buf[n++] = (char)('0' + x % 10);
        x /= 10;
    } while (x != 0);
    while (n > 0) seL4_DebugPutChar(buf[--n]);
}

void microkit_dbg_put8(seL4_Uint8 x)
{
    microkit_dbg_put32(x);
}

void microkit_internal_bad_channel(const char *func, microkit_channel ch)
{
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts(": ");
    microkit_dbg_puts(func);
    microkit_dbg_puts(": invalid channel ");
    microkit_dbg_put32(ch);
    microkit_dbg_putc('\n');
}
