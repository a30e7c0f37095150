/*
 * One PD per fault kind; FAULT selects which init() takes (tests/systems/fault-kinds.test.ts).
 * Nothing runs after the fault: the monitor reports it and leaves the PD stopped.
 */
#include <microkit.h>

/* A volatile pointer so gcc does not see a constant null dereference. */
static volatile seL4_Word *volatile nowhere = (volatile seL4_Word *)0;
static void (*volatile bad_target)(void) = (void (*)(void))0x12345678;

void init(void)
{
#if FAULT == 0
    (void)*nowhere; /* VMFault: load at 0 */
#elif FAULT == 1
    __asm__ volatile(".word 0"); /* UserException: illegal instruction */
#elif FAULT == 2
    bad_target(); /* VMFault: fetch at 0x12345678 */
#elif FAULT == 3
    seL4_Signal(0xdead00000000ul); /* CapFault: the cptr fails the CNode guard (an empty slot would not fault) */
#elif FAULT == 4
    register seL4_Word a7 __asm__("a7") = 77; /* UnknownSyscall 77 */
    __asm__ volatile("ecall" : "+r"(a7) : : "memory");
#endif
    microkit_dbg_puts("faulter: survived\n");
}

void notified(microkit_channel ch) { (void)ch; }
