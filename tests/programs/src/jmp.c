/* setjmp/longjmp (libc): unwinding out of deep recursion, re-entering the same setjmp many
 * times from a hot loop, and callee-saved values surviving the jump. */
#include "rt.h"
#include <setjmp.h>

static jmp_buf env;
static volatile int hops;

static void dive(int n, int limit)
{
    volatile int local = n * 3;
    if (n >= limit) longjmp(env, local + 1);
    if (n < 1000) dive(n + 1, limit);
    hops += local; /* never reached */
}

int main(void)
{
    put_str("jmp\n");
    volatile uint64_t acc = 0;
    for (volatile int i = 0; i < 400; i++) {
        volatile uint64_t kept = acc * 31 + (uint64_t)i;
        int v = setjmp(env);
        if (v == 0) {
            dive(0, i % 50);
        } else {
            acc = kept ^ (uint64_t)v;
        }
    }
    show("acc", acc);
    show("hops", (uint64_t)hops);
    volatile int count = 0;
    volatile int n = 0;
    if (setjmp(env) < 100) {
        count++;
        n = n + 1;
        if (n < 60) longjmp(env, n);
    }
    show("count", (uint64_t)count);
    return 0;
}
