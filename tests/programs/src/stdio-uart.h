/*
 * picolibc's printf on the NS16550A for the tests/programs guests that print with stdio (its
 * tinystdio takes stdout from the program), waiting for the transmit register like rt.h.
 */
#ifndef PROGRAMS_STDIO_UART_H
#define PROGRAMS_STDIO_UART_H
#include <stdio.h>
#include "rt.h"

static int uart_putc(char c, FILE *f)
{
    (void)f;
    put_char(c);
    return (unsigned char)c;
}
static FILE uart_file = FDEV_SETUP_STREAM(uart_putc, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdout = &uart_file;
FILE *const stderr = &uart_file;
#endif
