/*
 * Messages of this system. Text travels packed 8 bytes per MR, little-endian.
 *   client -> server  label WRITE_LINE, MR0 = length (<= 32), MR1.. = text; reply MR0 = bytes written
 *   server -> driver  label UART_WRITE, MR0 = length (<= 48), MR1.. = bytes; reply MR0 = bytes written
 * A reply label other than 0 is an error.
 */
#ifndef PROTOCOL_H
#define PROTOCOL_H

#define WRITE_LINE 1
#define UART_WRITE 2
#define MAX_LINE 32
#define MAX_UART_WRITE 48

#endif
