/* Byte/half/word loads with sign and zero extension, and misaligned loads and stores: through
 * packed structs (memcpy) and through misaligned pointers into a byte buffer. */
#include "rt.h"
#include <string.h>

struct __attribute__((packed)) rec {
    uint8_t tag;
    uint64_t big;
    int16_t half;
    uint32_t word;
    int8_t small;
    int32_t sword;
};

static uint8_t buf[256];
static struct rec recs[13];

int main(void)
{
    put_str("loads\n");
    for (int i = 0; i < 256; i++)
        buf[i] = (uint8_t)(i * 37 + 0x80);
    /* sign/zero extension of every width at every offset */
    for (int off = 0; off < 64; off++) {
        volatile uint8_t *p = buf + off;
        fold((uint64_t)(int64_t)(int8_t)p[0]);
        fold((uint64_t)p[0]);
        int16_t h; uint16_t uh; int32_t w; uint32_t uw; uint64_t d;
        memcpy(&h, buf + off, 2); memcpy(&uh, buf + off, 2);
        memcpy(&w, buf + off, 4); memcpy(&uw, buf + off, 4);
        memcpy(&d, buf + off, 8);
        fold((uint64_t)(int64_t)h); fold(uh); fold((uint64_t)(int64_t)w); fold(uw); fold(d);
    }
    show("ext", sum_state);
    /* misaligned accesses through real lh/lw/ld/sh/sw/sd (unaligned pointers) */
    for (int off = 0; off < 16; off++) {
        volatile int16_t *ph = (volatile int16_t *)(void *)(buf + 100 + off);
        volatile int32_t *pw = (volatile int32_t *)(void *)(buf + 120 + off);
        volatile uint64_t *pd = (volatile uint64_t *)(void *)(buf + 140 + off);
        fold((uint64_t)(int64_t)*ph);
        fold((uint64_t)(int64_t)*pw);
        fold(*pd);
        *ph = (int16_t)(0x8001 + off);
        *pw = (int32_t)(0x80000001u + (uint32_t)off);
        *pd = 0xfedcba9876543210ull ^ (uint64_t)off;
        fold((uint64_t)(int64_t)*ph);
        fold((uint64_t)(int64_t)*pw);
        fold(*pd);
        fold((uint64_t)*(volatile uint32_t *)(void *)(buf + 121 + off));
    }
    show("misaligned", sum_state);
    /* packed structs */
    for (int i = 0; i < 13; i++) {
        struct rec r = {(uint8_t)i, 0x8000000000000000ull >> i, (int16_t)(-300 * i), 0xf0000000u + (uint32_t)i,
                        (int8_t)(-i * 10), -(int32_t)(i << 24)};
        recs[i] = r;
    }
    int64_t acc = 0;
    for (int k = 0; k < 20; k++)
        for (int i = 0; i < 13; i++) {
            struct rec *r = &recs[(i * 5 + k) % 13];
            acc += r->half + r->small + r->sword;
            acc ^= (int64_t)r->big + r->word + r->tag;
            r->half = (int16_t)(r->half + 1234);
            r->big = r->big * 3 + 1;
        }
    show("packed", (uint64_t)acc);
    uint8_t raw[sizeof recs];
    memcpy(raw, recs, sizeof recs);
    for (unsigned i = 0; i < sizeof raw; i++)
        fold(raw[i]);
    show("checksum", sum_state);
    return 0;
}
