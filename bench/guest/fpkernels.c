/*
 * seltrace benchmark guest: floating-point kernels (same interface as kernels.c, see kernels.h).
 * Portable C whose every result is exactly defined by IEEE 754 (-ffp-contract=off; the fused
 * multiply-adds are explicit fma() calls, fmadd.d on RISC-V, the C library's exact fma() on the
 * host), so the host build gives the expected checksum bit for bit.
 *
 * - matmul: 24x24 double matrix product, fma accumulation
 * - biquad: single-precision IIR filter (two cascaded biquads) over a 512-sample signal
 * - normalize: 3-vectors normalised with sqrt and division (double)
 * - convert: float <-> int and double -> float conversions, min/max/abs
 */
#include <stdint.h>
#include <stddef.h>

#include "kernels.h"

#ifdef __riscv
#define FMA(a, b, c) __builtin_fma(a, b, c)
#define SQRT(a) __builtin_sqrt(a)
#else
#include <math.h>
#define FMA(a, b, c) fma(a, b, c)
#define SQRT(a) sqrt(a)
#endif

#define N 24
#define SAMPLES 512
#define VECS 128

static double ma[N][N], mb[N][N], mc[N][N];
static float signal_in[SAMPLES], signal_out[SAMPLES];
static double vec[VECS][3];
static uint32_t crc32_table[256];

static uint32_t rng(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s;
}

static uint32_t crc32_word(uint32_t crc, uint32_t w)
{
    for (int i = 0; i < 4; i++) {
        crc = crc32_table[(crc ^ w) & 0xff] ^ (crc >> 8);
        w >>= 8;
    }
    return crc;
}

static uint32_t crc_double(uint32_t crc, double d)
{
    uint64_t u;
    __builtin_memcpy(&u, &d, 8);
    return crc32_word(crc32_word(crc, (uint32_t)u), (uint32_t)(u >> 32));
}

static uint32_t crc_float(uint32_t crc, float f)
{
    uint32_t u;
    __builtin_memcpy(&u, &f, 4);
    return crc32_word(crc, u);
}

void bench_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc32_table[i] = c;
    }
    uint32_t s = 12345;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (double)(int32_t)(rng(&s) >> 8) / 8388608.0;
            mb[i][j] = (double)(int32_t)(rng(&s) >> 8) / 16777216.0;
        }
    for (int i = 0; i < SAMPLES; i++) signal_in[i] = (float)(int32_t)(rng(&s) >> 16) / 32768.0f - 1.0f;
    for (int i = 0; i < VECS; i++)
        for (int k = 0; k < 3; k++) vec[i][k] = (double)(int32_t)rng(&s) / 65536.0;
}

static uint32_t matmul(uint32_t crc)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double acc = 0.0;
            for (int k = 0; k < N; k++) acc = FMA(ma[i][k], mb[k][j], acc);
            mc[i][j] = acc;
        }
    /* feed back so iterations differ */
    for (int i = 0; i < N; i++) ma[i][(i * 7) % N] = mc[i][i] * 0.5;
    for (int i = 0; i < N; i++) crc = crc_double(crc, mc[i][(i * 5) % N]);
    return crc;
}

static uint32_t biquad(uint32_t crc)
{
    static const float b0 = 0.2066f, b1 = 0.4131f, b2 = 0.2066f, a1 = -0.3695f, a2 = 0.1958f;
    float x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0, w1 = 0, w2 = 0;
    for (int i = 0; i < SAMPLES; i++) {
        float x = signal_in[i];
        float y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1; x1 = x; y2 = y1; y1 = y;
        float w = b0 * y + b1 * z1 + b2 * z2 - a1 * w1 - a2 * w2;
        z2 = z1; z1 = y; w2 = w1; w1 = w;
        signal_out[i] = w;
    }
    for (int i = 0; i < SAMPLES; i++) signal_in[i] = signal_out[(i + 1) % SAMPLES] * 0.98f + 0.01f;
    for (int i = 0; i < SAMPLES; i += 16) crc = crc_float(crc, signal_out[i]);
    return crc;
}

static uint32_t normalize(uint32_t crc)
{
    for (int i = 0; i < VECS; i++) {
        double x = vec[i][0], y = vec[i][1], z = vec[i][2];
        double len = SQRT(FMA(x, x, FMA(y, y, z * z)));
        if (len == 0.0) len = 1.0;
        vec[i][0] = x / len + 0.25;
        vec[i][1] = y / len - 0.125;
        vec[i][2] = z / len * 3.0;
        crc = crc_double(crc, len);
    }
    return crc;
}

static uint32_t convert(uint32_t crc)
{
    int32_t acc = 0;
    for (int i = 0; i < SAMPLES; i++) {
        float f = signal_out[i] * 1000.0f;
        int32_t v = (int32_t)f;                  /* fcvt.w.s, rtz */
        acc += v;
        float g = (float)(v + acc) / 3.0f;       /* fcvt.s.w, fdiv.s */
        double d = (double)g * 1e-3;             /* fcvt.d.s */
        float back = (float)d;                   /* fcvt.s.d */
        float m = back < f ? back : f;           /* flt.s */
        crc = crc_float(crc, m < 0 ? -m : m);    /* fsgnjx.s */
    }
    return crc32_word(crc, (uint32_t)acc);
}

uint32_t bench_run(uint32_t iterations)
{
    uint32_t crc = 0xffffffffu;
    for (uint32_t it = 0; it < iterations; it++) {
        crc = matmul(crc);
        crc = biquad(crc);
        crc = normalize(crc);
        crc = convert(crc);
    }
    return ~crc;
}
