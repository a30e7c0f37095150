/* 64-bit corner arithmetic: mulh/mulhsu/mulhu, div/rem by zero and MIN/-1, W-op sign
 * extension, shifts at 31/32/63, signed/unsigned compares at the boundaries. */
#include "rt.h"

static const int64_t V[] = {
    0, 1, -1, 2, -2, 31, 32, 63, 64, 0x7fffffff, -0x7fffffff - 1, 0xffffffffll, 0x80000000ll,
    0x7fffffffffffffffll, -0x7fffffffffffffffll - 1, 0x123456789abcdefll, -0x123456789abcdefll,
    0x100000000ll, 0xfffffffe00000001ll,
};
#define N (int)(sizeof V / sizeof V[0])

static int64_t mulh(int64_t a, int64_t b) { return (int64_t)(((__int128)a * b) >> 64); }
static uint64_t mulhu(uint64_t a, uint64_t b) { return (uint64_t)(((unsigned __int128)a * b) >> 64); }
static int64_t mulhsu(int64_t a, uint64_t b) { return (int64_t)(((__int128)a * (__int128)b) >> 64); }

static int64_t rdiv(int64_t a, int64_t b) { int64_t r; __asm__ volatile("div %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t rrem(int64_t a, int64_t b) { int64_t r; __asm__ volatile("rem %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t rdivu(uint64_t a, uint64_t b) { uint64_t r; __asm__ volatile("divu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t rremu(uint64_t a, uint64_t b) { uint64_t r; __asm__ volatile("remu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t rdivw(int64_t a, int64_t b) { int64_t r; __asm__ volatile("divw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t rremw(int64_t a, int64_t b) { int64_t r; __asm__ volatile("remw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t rdivuw(int64_t a, int64_t b) { int64_t r; __asm__ volatile("divuw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t rremuw(int64_t a, int64_t b) { int64_t r; __asm__ volatile("remuw %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }

int main(void)
{
    put_str("arith\n");
    for (int i = 0; i < N; i++) {
        uint64_t row = 0;
        for (int j = 0; j < N; j++) {
            int64_t a = OPAQUE(V[i]), b = OPAQUE(V[j]);
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            int32_t a32 = (int32_t)a, b32 = (int32_t)b;
            fold((uint64_t)(a * b));
            fold((uint64_t)mulh(a, b));
            fold(mulhu(ua, ub));
            fold((uint64_t)mulhsu(a, ub));
            fold((uint64_t)rdiv(a, b));
            fold((uint64_t)rrem(a, b));
            fold(rdivu(ua, ub));
            fold(rremu(ua, ub));
            fold((uint64_t)rdivw(a, b));
            fold((uint64_t)rremw(a, b));
            fold((uint64_t)rdivuw(a, b));
            fold((uint64_t)rremuw(a, b));
            /* W ops: results sign-extended from bit 31 */
            fold((uint64_t)(int64_t)(int32_t)((uint32_t)a32 + (uint32_t)b32));
            fold((uint64_t)(int64_t)(int32_t)((uint32_t)a32 - (uint32_t)b32));
            fold((uint64_t)(int64_t)(int32_t)((uint32_t)a32 * (uint32_t)b32));
            unsigned s = (unsigned)b & 63, s32 = (unsigned)b & 31;
            fold(ua << s);
            fold(ua >> s);
            fold((uint64_t)(a >> s));
            fold((uint64_t)(int64_t)(int32_t)((uint32_t)a32 << s32));
            fold((uint64_t)(int64_t)(int32_t)((uint32_t)a32 >> s32));
            fold((uint64_t)(int64_t)(a32 >> s32));
            /* compares at the boundaries */
            uint64_t c = (uint64_t)(a < b) | (uint64_t)(ua < ub) << 1 | (uint64_t)(a <= b) << 2 |
                         (uint64_t)(ua >= ub) << 3 | (uint64_t)(a32 < b32) << 4 | (uint64_t)((uint32_t)a32 < (uint32_t)b32) << 5 |
                         (uint64_t)(a == b) << 6;
            fold(c);
            row = row * 131 + c + (uint64_t)mulh(a, b);
        }
        put_dec(i);
        put_char(' ');
        put_hex(row);
        put_char('\n');
    }
    /* constant shifts by 31/32/63 on opaque values */
    for (int i = 0; i < N; i++) {
        int64_t a = OPAQUE(V[i]);
        int32_t a32 = (int32_t)a;
        fold((uint64_t)a << 31); fold((uint64_t)a << 32); fold((uint64_t)a << 63);
        fold((uint64_t)a >> 31); fold((uint64_t)a >> 32); fold((uint64_t)a >> 63);
        fold((uint64_t)(a >> 31)); fold((uint64_t)(a >> 32)); fold((uint64_t)(a >> 63));
        fold((uint64_t)(int64_t)(a32 >> 31)); fold((uint64_t)(int64_t)(int32_t)((uint32_t)a32 << 31));
        fold((uint64_t)(int64_t)(int32_t)((uint32_t)a32 >> 31));
    }
    show("checksum", sum_state);
    return 0;
}
