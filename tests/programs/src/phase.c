/* A hot loop whose behaviour changes mid-run: the branch pattern inside the loop body depends on
 * data that flips between phases, so code translated while one path was hot must take the other
 * paths correctly later; plus a loop whose trip count and exit path change per call. */
#include "rt.h"

static uint32_t data[4096];

static uint64_t body(uint32_t n, uint32_t mode)
{
    uint64_t a = 0, b = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t x = data[i & 4095];
        if (x & mode) {
            a += x;
            if (a & 0x100) b ^= a;
        } else if (x > 0x80000000u) {
            b = b * 3 + x;
        } else {
            a ^= (uint64_t)x << (i & 31);
            if ((int32_t)x < 0) break;
        }
        if (i == mode * 7) continue;
        b += a >> 3;
    }
    return a * 31 + b;
}

static int find(const uint32_t *p, int n, uint32_t key)
{
    for (int i = 0; i < n; i++)
        if (p[i] == key) return i;
    return -1;
}

int main(void)
{
    put_str("phase\n");
    uint32_t s = 12345;
    for (int i = 0; i < 4096; i++) {
        s = s * 1664525u + 1013904223u;
        data[i] = s;
    }
    uint64_t acc = 0;
    /* phase 1: mostly the first path */
    for (int r = 0; r < 6; r++) acc = acc * 17 + body(2000, 0x1);
    show("phase1", acc);
    /* phase 2: the data changes (all small, positive), the middle and last paths */
    for (int i = 0; i < 4096; i++) data[i] = (data[i] >> 1) & ~1u;
    for (int r = 0; r < 6; r++) acc = acc * 17 + body(2000, 0x1);
    show("phase2", acc);
    /* phase 3: negatives appear: early breaks */
    for (int i = 0; i < 4096; i += 97) data[i] |= 0x80000000u;
    for (int r = 0; r < 8; r++) acc = acc * 17 + body(3000, (uint32_t)r);
    show("phase3", acc);
    int64_t f = 0;
    for (int r = 0; r < 200; r++) f = f * 3 + find(data, 4096, data[(r * 131) % 4096 + 0] + (r & 1));
    show("find", (uint64_t)f);
    return 0;
}
