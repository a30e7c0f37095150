/* Floating-point conversions and flags in every static rounding mode: fcvt.{l,lu,w,wu}.d of NaN,
 * infinities, subnormals, halves and values just past the integer ranges; float narrowing, sqrt,
 * division and fma with their fflags; fmin/fmax of signalling NaNs and signed zeros; NaN boxing;
 * libm; int-to-float conversions of big integers in each rounding mode. */
#include "stdio-uart.h"
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <fenv.h>
#define O(x) ({ __auto_type o_ = (x); __asm__ volatile("" : "+r"(o_)); o_; })
static uint64_t d2u(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double u2d(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static uint32_t f2u(float d) { uint32_t u; memcpy(&u, &d, 4); return u; }
static float u2f(uint32_t u) { float d; memcpy(&d, &u, 4); return d; }
static unsigned flags(void) { unsigned f; __asm__ volatile("csrrw %0, fflags, zero" : "=r"(f)); return f; }
int main(void) {
  double dv[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 1e308, -1e308, INFINITY, -INFINITY, NAN, u2d(0x7ff0000000000001ull), u2d(1), u2d(0x000fffffffffffffull), 4294967295.5, 4294967296.0, -2147483648.5, 2147483647.5, 9.3e18, 1.8446744073709552e19, -9.3e18, 0.49999999999999994 };
  int nd = sizeof dv / sizeof dv[0];
  int modes[] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    for (int i = 0; i < nd; i++) {
      double x = O(dv[i]); long w; unsigned long wu; int ww; unsigned wwu;
      flags();
      __asm__ volatile("fcvt.l.d %0,%1,dyn" : "=r"(w) : "f"(x));
      __asm__ volatile("fcvt.lu.d %0,%1,dyn" : "=r"(wu) : "f"(x));
      __asm__ volatile("fcvt.w.d %0,%1,dyn" : "=r"(ww) : "f"(x));
      __asm__ volatile("fcvt.wu.d %0,%1,dyn" : "=r"(wwu) : "f"(x));
      unsigned f1 = flags();
      float s = (float)x; unsigned f2 = flags();
      double sq = sqrt(x); unsigned f3 = flags();
      double q = x / O(3.0); unsigned f4 = flags();
      double fm = fma(x, O(1.0000000000000002), O(-1e-300)); unsigned f5 = flags();
      long cl; __asm__ volatile("fclass.d %0,%1" : "=r"(cl) : "f"(x));
      printf("m%d %016llx: l=%lx lu=%lx w=%x wu=%x f%x s=%08x f%x sq=%016llx f%x q=%016llx f%x fma=%016llx f%x c=%lx\n", m, (unsigned long long)d2u(x), w, wu, (unsigned)ww, wwu, f1, (unsigned)f2u(s), f2, (unsigned long long)d2u(sq), f3, (unsigned long long)d2u(q), f4, (unsigned long long)d2u(fm), f5, cl);
    }
  }
  fesetround(FE_TONEAREST);
  /* fmin/fmax with sNaN / qNaN / signed zeros, NaN boxing */
  float sn = u2f(0x7f800001), qn = u2f(0x7fc00000);
  float r1, r2, r3, r4; flags();
  __asm__ volatile("fmin.s %0,%1,%2" : "=f"(r1) : "f"(sn), "f"(O(1.0f)));
  __asm__ volatile("fmax.s %0,%1,%2" : "=f"(r2) : "f"(qn), "f"(qn));
  __asm__ volatile("fmin.s %0,%1,%2" : "=f"(r3) : "f"(O(-0.0f)), "f"(O(0.0f)));
  __asm__ volatile("fmax.s %0,%1,%2" : "=f"(r4) : "f"(O(-0.0f)), "f"(O(0.0f)));
  printf("minmax %08x %08x %08x %08x f%x\n", (unsigned)f2u(r1), (unsigned)f2u(r2), (unsigned)f2u(r3), (unsigned)f2u(r4), flags());
  double boxed; __asm__ volatile("fmv.w.x %0,%1" : "=f"(boxed) : "r"(0x3f800000));
  uint64_t bx; __asm__ volatile("fmv.x.d %0,%1" : "=r"(bx) : "f"(boxed));
  float unb; __asm__ volatile("fmv.d.x %0,%1" : "=f"(unb) : "r"(0x123456783f800000ull));
  float add1; __asm__ volatile("fadd.s %0,%1,%1" : "=f"(add1) : "f"(unb));
  printf("box %016llx unboxed-add %08x\n", (unsigned long long)bx, (unsigned)f2u(add1));
  /* subnormal arithmetic, underflow flags */
  double tiny = O(u2d(0x0010000000000000ull)); flags();
  double t2 = tiny * O(0.5); unsigned fa = flags();
  double t3 = tiny * O(0.49999999999); unsigned fb = flags();
  float ft = O(u2f(0x00800000)) * O(0.5f); unsigned fc = flags();
  printf("sub %016llx f%x %016llx f%x %08x f%x\n", (unsigned long long)d2u(t2), fa, (unsigned long long)d2u(t3), fb, (unsigned)f2u(ft), fc);
  /* libm */
  double xs[] = { 0.1, 1.0, 2.0, 10.0, 100.5, -3.7, 1e-10, 700.0, 710.0 };
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) printf("%g: exp=%.17g log=%.17g sin=%.17g cos=%.17g pow=%.17g atan2=%.17g\n", xs[i], exp(xs[i]), log(xs[i]), sin(xs[i]), cos(xs[i]), pow(xs[i], 1.5), atan2(xs[i], 3.0));
  printf("frm=%d fcsr=%x\n", fegetround(), (unsigned)({unsigned v; __asm__ volatile("csrr %0, fcsr" : "=r"(v)); v;}));
  /* fcvt.s.l of big ints with rounding */
  long big[] = { 0x7fffffffffffffffL, (long)0x8000000000000000UL, 0x1000001, 0x1000003, 0x20000000000001L, -0x20000000000001L };
  for (int m = 0; m < 4; m++) { fesetround(modes[m]); for (unsigned i = 0; i < 6; i++) { float f = (float)O(big[i]); double d = (double)O(big[i]); double du = (double)(unsigned long)O(big[i]); printf("cv m%d %08x %016llx %016llx f%x\n", m, (unsigned)f2u(f), (unsigned long long)d2u(d), (unsigned long long)d2u(du), flags()); } }
  return 0;
}
