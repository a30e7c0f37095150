/*
 * The driver's PPC interface (several MRs each way, so MRs >= 4 travel in the IPC buffer):
 *   SPI_CONFIGURE  MR0 = clock divisor, MR1 = flags (SPI_LOOPBACK)
 *                  -> MR0 = LCR, MR1 = LSR as read back, MR2 = 1 if transfers loop back
 *   SPI_TRANSFER   MR0 = length (<= SPI_MAX), MR1..MR5 = bytes out, packed 8 per MR
 *                  -> MR0 = bytes in, MR1..MR5 = bytes in, MR6 = final LSR
 * Reply label 0 = ok, SPI_EINVAL = bad request.
 */
#ifndef SPI_H
#define SPI_H

#define SPI_CONFIGURE 1
#define SPI_TRANSFER 2
#define SPI_LOOPBACK 1
#define SPI_MAX 40
#define SPI_EINVAL 22

#endif
