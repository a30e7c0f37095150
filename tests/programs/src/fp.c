/* Double and float math printed as bits: arithmetic, sqrt, fma, conversions at the integer
 * boundaries, compares with NaN, rounding of int<->float, a small numeric loop (Newton, series). */
#include "rt.h"
#include <string.h>

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static const double D[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e308, -1e-308, 2.5, 0.1,
                           9007199254740993.0, 4294967295.5, -2147483648.75, 1e19, -9.3e18};

int main(void)
{
    put_str("fp\n");
    int n = (int)(sizeof D / sizeof D[0]);
    for (int i = 0; i < n; i++) {
        double a = OPAQUE(D[i]);
        fold(bits(a * 3.0 + 0.5));
        fold(bits(__builtin_sqrt(a < 0 ? -a : a)));
        fold(bits(__builtin_fma(a, 1.0000001, -a)));
        fold(fbits((float)a));
        fold((uint64_t)(int64_t)a);      /* saturating on RISC-V: same on both only if exact */
        fold((uint64_t)(int32_t)a);
        fold((uint64_t)a);
        fold((uint64_t)(uint32_t)a);
        for (int j = 0; j < n; j++) {
            double b = OPAQUE(D[j]);
            fold(bits(a + b)); fold(bits(a - b)); fold(bits(a * b)); fold(bits(a / b));
            fold((uint64_t)((a < b) | (a <= b) << 1 | (a == b) << 2));
            fold(bits(__builtin_fmin(a, b))); fold(bits(__builtin_fmax(a, b)));
            fold(fbits((float)a / (float)b));
        }
    }
    show("table", sum_state);
    double nan = OPAQUE(0.0) / OPAQUE(0.0);
    show("nan", bits(nan));
    show("nancmp", (uint64_t)((nan < 1.0) | (nan == nan) << 1 | (nan != nan) << 2));
    /* Newton square roots and a series, converted through integers */
    double x = 2.0;
    for (int k = 0; k < 200; k++) {
        double g = x;
        for (int it = 0; it < 20; it++) g = 0.5 * (g + x / g);
        fold(bits(g));
        x = x * 1.37 + 0.25;
        if (x > 1e6) x = x / 1e6;
    }
    double s = 0;
    for (int k = 1; k < 20000; k++) s += (k & 1 ? 1.0 : -1.0) / (double)(2 * k - 1);
    show("pi/4", bits(s));
    int64_t iv = 0;
    for (int k = -1000; k < 1000; k++) iv += (int64_t)((double)k * 0.7 + 0.5) + (int64_t)(float)(k * 3);
    show("conv", (uint64_t)iv);
    show("checksum", sum_state);
    return 0;
}
