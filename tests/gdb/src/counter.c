/* Guest for the gdb stub tests: a global written at known places, small calls to step over. */
#ifndef SPIN
#define SPIN 0
#endif

volatile long total;
long history[8];

static long __attribute__((noinline)) square(long x) {
  return x * x;
}

static void __attribute__((noinline)) add(long v) {
  total += v; /* ADD_WRITE */
}

/* A long stretch with no write to `total` (the reverse-continue benchmark). */
static void __attribute__((noinline)) spin(long n) {
  for (volatile long i = 0; i < n; i++) {
  }
}

int main(void) {
  for (long i = 1; i <= 5; i++) {
    long s = square(i);
    add(s);
    history[i] = total;
  }
  total = 1000; /* LAST_WRITE */
  spin(SPIN);
  history[0] = total; /* AFTER_SPIN */
  return 0;
}
