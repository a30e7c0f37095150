// @rvt machine: virt
// @rvt uart: seltrace isa: hello from the NS16550A\nline 2: 0123456789 ~!@#$%^&*()\n
// @rvt desc: NS16550A UART on the virt machine: LSR reports THR empty/idle, SCR and LCR/DLL (DLAB) are read/write, text written to THR appears on the console, exit through the sifive test finisher
#include "rvt.h"

#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_LCR 3
#define UART_LSR 5
#define UART_SCR 7

RVT_CODE_BEGIN(M)
    li s0, UART0_BASE
    /* 1: transmitter idle: LSR.THRE (bit 5) and LSR.TEMT (bit 6) */
    li TESTNUM, 1
    lbu a4, UART_LSR(s0)
    andi a4, a4, 0x60
    CHECK_EQ(a4, 0x60)
    /* 2: scratch register */
    TEST_CASE(2, a4, 0x5a, li a2, 0x5a; sb a2, UART_SCR(s0); lbu a4, UART_SCR(s0))
    TEST_CASE(3, a4, 0xa5, li a2, 0xa5; sb a2, UART_SCR(s0); lbu a4, UART_SCR(s0))
    /* 4-6: 8N1 with the divisor latch: DLAB = 1 exposes DLL at offset 0 */
    TEST_CASE(4, a4, 0x83, li a2, 0x83; sb a2, UART_LCR(s0); lbu a4, UART_LCR(s0))
    TEST_CASE(5, a4, 0x01, li a2, 0x01; sb a2, UART_DLL(s0); lbu a4, UART_DLL(s0))
    TEST_CASE(6, a4, 0x03, li a2, 0x03; sb a2, UART_LCR(s0); lbu a4, UART_LCR(s0))
    /* 7: IER holds its low bits (no interrupts are wired up here: mie = 0) */
    TEST_CASE(7, a4, 0x00, sb zero, UART_IER(s0); lbu a4, UART_IER(s0))
    /* 8: print */
    li TESTNUM, 8
    la a1, message
1:  lbu a2, 0(a1)
    beqz a2, 3f
    li a5, 1000000
2:  lbu a4, UART_LSR(s0)
    andi a4, a4, 0x20
    bnez a4, 4f
    addi a5, a5, -1
    bnez a5, 2b
    j rvt_fail
4:  sb a2, UART_THR(s0)
    addi a1, a1, 1
    j 1b
3:
RVT_CODE_END

RVT_DATA_BEGIN
message: .asciz "seltrace isa: hello from the NS16550A\nline 2: 0123456789 ~!@#$%^&*()\n"
RVT_DATA_END
