/* Function pointers and indirect calls: libc qsort with several comparators, bsearch, and a
 * table of operations called through pointers in a data-dependent order. */
#include "rt.h"
#include <stdlib.h>

struct item { int32_t key; uint16_t id; int8_t pri; };

static int32_t words[700];
static struct item items[300];
static uint32_t seed = 1;

static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

static int cmp_i32(const void *a, const void *b) { int32_t x = *(const int32_t *)a, y = *(const int32_t *)b; return (x > y) - (x < y); }
static int cmp_i32_desc(const void *a, const void *b) { return cmp_i32(b, a); }
static int cmp_u32(const void *a, const void *b) { uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b; return (x > y) - (x < y); }
static int cmp_item(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->pri != y->pri) return x->pri - y->pri;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (int)x->id - (int)y->id;
}

static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }
static int64_t op_shr(int64_t a, int64_t b) { return a >> (b & 63); }
static int64_t op_min(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t (*const OPS[])(int64_t, int64_t) = {op_add, op_sub, op_mul, op_xor, op_shr, op_min};

static uint64_t digest(const int32_t *w, int n)
{
    uint64_t h = 0;
    for (int i = 0; i < n; i++)
        h = h * 1000003u + (uint32_t)w[i];
    return h;
}

int main(void)
{
    put_str("sort\n");
    int (*const cmps[])(const void *, const void *) = {cmp_i32, cmp_i32_desc, cmp_u32};
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 700; i++)
            words[i] = (int32_t)(rnd() ^ (rnd() << 16)) >> (round & 7);
        qsort(words, 700, sizeof words[0], cmps[round % 3]);
        int ok = 1;
        for (int i = 1; i < 700; i++)
            if (cmps[round % 3](&words[i - 1], &words[i]) > 0) ok = 0;
        put_str(ok ? "sorted " : "UNSORTED ");
        put_hex(digest(words, 700));
        put_char('\n');
        int32_t key = words[rnd() % 700];
        int32_t *hit = bsearch(&key, words, 700, sizeof words[0], cmps[round % 3]);
        put_str(hit != NULL && *hit == key ? "found\n" : "MISSING\n");
    }
    for (int i = 0; i < 300; i++) {
        items[i].key = (int32_t)(rnd() % 50) - 25;
        items[i].id = (uint16_t)i;
        items[i].pri = (int8_t)(rnd() % 7) - 3;
    }
    qsort(items, 300, sizeof items[0], cmp_item);
    uint64_t h = 0;
    for (int i = 0; i < 300; i++)
        h = h * 31 + (uint64_t)(items[i].id ^ (uint32_t)items[i].key << 8) + (uint64_t)(uint8_t)items[i].pri;
    show("items", h);
    int64_t acc = 7;
    for (int i = 0; i < 2000; i++) {
        uint32_t r = rnd();
        acc = OPS[r % 6](acc, (int64_t)r * 0x9e3779b9ll);
    }
    show("ops", (uint64_t)acc);
    return 0;
}
