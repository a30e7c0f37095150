/* Code spread over several pages: 96 distinct functions called directly and through a table in
 * hot loops (calls and returns across page boundaries), and a loop in assembly whose 32-bit
 * instruction straddles a page boundary (straddle.S). */
#include "rt.h"

uint64_t straddle_loop(uint64_t n);

#define F(n)                                                                                   \
    __attribute__((noinline)) static uint64_t f##n(uint64_t x)                               \
    {                                                                                          \
        uint64_t y = x * (2 * n + 1) + (x >> (n % 13 + 1));                                    \
        if (y & (1u << (n % 7))) y ^= 0x9e3779b97f4a7c15ull >> (n % 5);                        \
        else y += (uint64_t)(int64_t)(int32_t)(y * n);                                         \
        for (int i = 0; i < n % 4; i++) y = (y << 7 | y >> 57) + (uint64_t)n;                  \
        return y;                                                                              \
    }
#define F8(a) F(a##0) F(a##1) F(a##2) F(a##3) F(a##4) F(a##5) F(a##6) F(a##7)
F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7) F8(8) F8(9) F8(10) F8(11) F8(12)
#define R8(a) f##a##0, f##a##1, f##a##2, f##a##3, f##a##4, f##a##5, f##a##6, f##a##7
static uint64_t (*const TABLE[])(uint64_t) = {R8(1), R8(2), R8(3), R8(4), R8(5), R8(6), R8(7), R8(8), R8(9), R8(10), R8(11), R8(12)};
#define NF (int)(sizeof TABLE / sizeof TABLE[0])

int main(void)
{
    put_str("bigcode\n");
    uint64_t acc = 1;
    for (int r = 0; r < 300; r++)
        for (int i = 0; i < NF; i++) acc = TABLE[(i * 37 + r) % NF](acc) + (uint64_t)i;
    show("table", acc);
    for (int r = 0; r < 200; r++) acc = f10(f127(f64(f33(acc)))) ^ f95(acc) ^ f120(acc + (uint64_t)r);
    show("direct", acc);
    uint64_t s = 0;
    for (int r = 1; r < 40; r++) s = s * 3 + straddle_loop((uint64_t)r * 50);
    show("straddle", s);
    return 0;
}
