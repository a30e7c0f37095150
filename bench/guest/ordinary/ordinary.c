/*
 * seltrace "ordinary code" benchmark: plain -O2 C of the kind real programs are made of,
 * not loops shaped for a translator. One kernel per ELF (KERNEL selects it at build time,
 * so the bench can time each kernel as a whole process), or all of them (KERNEL_ALL).
 *
 *   crc     table-driven CRC-32 over a 4 KiB buffer that changes every round
 *   qsort   recursive quicksort (median of three, insertion sort below 16) of 2048 words
 *   matmul  32x32 int32 matrix product with a 64-bit accumulator
 *   sieve   sieve of Eratosthenes up to 32768 over a byte array, then a prime count
 *   hash    FNV-1a strings into an open-addressing table (insert, look up, delete)
 *   div     64-bit division/remainder: base-10 formatting, gcd, mixed-sign quotients
 *   calls   recursion and calls through pointers: Ackermann-style recursion, a tiny
 *           expression-tree evaluator, fib with memo-less recursion
 *
 * Portable C with fixed-width types and no undefined behaviour: the host build of the same
 * file gives the expected checksum (see build.sh).
 */
#include "../kernels.h"

#include <stddef.h>

#define K_CRC 0
#define K_QSORT 1
#define K_MATMUL 2
#define K_SIEVE 3
#define K_HASH 4
#define K_DIV 5
#define K_CALLS 6

static uint32_t rng_state = 0x12345678u;

static uint32_t rng(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

/* ------------------------------------------------------------------ crc */

static uint32_t crc_table[256];
static uint8_t crc_buf[4096];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : (c >> 1);
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t k_crc(void)
{
    for (size_t i = 0; i < sizeof crc_buf; i += 4) {
        uint32_t r = rng();
        crc_buf[i] = (uint8_t)r;
        crc_buf[i + 1] = (uint8_t)(r >> 8);
        crc_buf[i + 2] = (uint8_t)(r >> 16);
        crc_buf[i + 3] = (uint8_t)(r >> 24);
    }
    uint32_t s = 0;
    for (int k = 0; k < 4; k++)
        s = s * 31 + crc32(crc_buf + k * 7, sizeof crc_buf - k * 7);
    return s;
}

/* ---------------------------------------------------------------- qsort */

#define QN 2048
static int32_t qarr[QN];

static void isort(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void swap32(int32_t *a, int32_t *b)
{
    int32_t t = *a;
    *a = *b;
    *b = t;
}

static void quicksort(int32_t *a, int n)
{
    while (n > 16) {
        int m = n / 2;
        if (a[m] < a[0]) swap32(&a[m], &a[0]);
        if (a[n - 1] < a[0]) swap32(&a[n - 1], &a[0]);
        if (a[n - 1] < a[m]) swap32(&a[n - 1], &a[m]);
        int32_t p = a[m];
        int i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            swap32(&a[i], &a[j]);
            i++;
            j--;
        }
        /* recurse into the smaller part, loop on the larger */
        if (j + 1 < n - j - 1) {
            quicksort(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            quicksort(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    isort(a, n);
}

static uint32_t k_qsort(void)
{
    for (int i = 0; i < QN; i++)
        qarr[i] = (int32_t)(rng() % 100000u) - 50000;
    quicksort(qarr, QN);
    uint32_t s = 0;
    for (int i = 0; i < QN; i++) {
        if (i > 0 && qarr[i - 1] > qarr[i])
            return 0xdeadu;
        s = s * 33u + (uint32_t)qarr[i];
    }
    return s;
}

/* --------------------------------------------------------------- matmul */

#define MN 32
static int32_t ma[MN][MN], mb[MN][MN];
static int64_t mc[MN][MN];

static uint32_t k_matmul(void)
{
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++) {
            ma[i][j] = (int32_t)(rng() & 0xffff) - 0x8000;
            mb[i][j] = (int32_t)(rng() & 0xffff) - 0x8000;
        }
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++) {
            int64_t acc = 0;
            for (int k = 0; k < MN; k++)
                acc += (int64_t)ma[i][k] * mb[k][j];
            mc[i][j] = acc;
        }
    uint64_t s = 0;
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++)
            s = s * 1099511628211ull + (uint64_t)mc[i][j];
    return (uint32_t)(s ^ (s >> 32));
}

/* ---------------------------------------------------------------- sieve */

#define SN 32768
static uint8_t composite[SN];

static uint32_t k_sieve(void)
{
    uint32_t limit = SN - (rng() & 255);
    for (uint32_t i = 0; i < limit; i++)
        composite[i] = 0;
    for (uint32_t i = 2; i * i < limit; i++)
        if (!composite[i])
            for (uint32_t j = i * i; j < limit; j += i)
                composite[j] = 1;
    uint32_t count = 0, last = 0;
    for (uint32_t i = 2; i < limit; i++)
        if (!composite[i]) {
            count++;
            last = i;
        }
    return count * 65599u + last;
}

/* ----------------------------------------------------------------- hash */

#define HSLOTS 1024
#define HKEYLEN 12
typedef struct {
    char key[HKEYLEN];
    uint32_t value;
    uint8_t used;
} hslot_t;
static hslot_t htab[HSLOTS];
static char hkeys[600][HKEYLEN];

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) {
        h ^= (uint8_t)*s++;
        h *= 16777619u;
    }
    return h;
}

static int keyeq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void keycpy(char *d, const char *s)
{
    while ((*d++ = *s++) != 0) {
    }
}

static hslot_t *hfind(const char *k, int insert)
{
    uint32_t i = fnv1a(k) & (HSLOTS - 1);
    for (;;) {
        hslot_t *e = &htab[i];
        if (!e->used)
            return insert ? e : NULL;
        if (keyeq(e->key, k))
            return e;
        i = (i + 1) & (HSLOTS - 1);
    }
}

static uint32_t k_hash(void)
{
    for (int i = 0; i < HSLOTS; i++)
        htab[i].used = 0;
    for (int i = 0; i < 600; i++) {
        uint32_t r = rng();
        int len = 3 + (int)(r % 8);
        for (int c = 0; c < len; c++) {
            hkeys[i][c] = (char)('a' + (r % 26));
            r = r / 26 + (uint32_t)c * 7919u;
        }
        hkeys[i][len] = 0;
    }
    uint32_t s = 0;
    for (int i = 0; i < 600; i++) {
        hslot_t *e = hfind(hkeys[i], 1);
        if (!e->used) {
            e->used = 1;
            keycpy(e->key, hkeys[i]);
            e->value = 0;
        }
        e->value += (uint32_t)i;
    }
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 600; i += 1 + round) {
            hslot_t *e = hfind(hkeys[i], 0);
            s = s * 31u + (e ? e->value : 7u);
        }
    return s;
}

/* ------------------------------------------------------------------ div */

static int fmt_u64(uint64_t v, char *out)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = 0;
    return n;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint32_t k_div(void)
{
    char buf[24];
    uint64_t s = 0;
    for (int i = 0; i < 200; i++) {
        uint64_t a = ((uint64_t)rng() << 32) | rng();
        uint64_t b = (rng() >> (rng() & 31)) | 1;
        s += (uint64_t)fmt_u64(a, buf) + (uint8_t)buf[0];
        s ^= gcd64(a, b);
        int64_t sa = (int64_t)(a >> 1) * ((i & 1) ? -1 : 1);
        int64_t sb = (int64_t)b * ((i & 2) ? -1 : 1);
        s += (uint64_t)(sa / sb) ^ (uint64_t)(sa % sb);
        s += (a / 1000003u) % 65521u;
    }
    return (uint32_t)(s ^ (s >> 32));
}

/* ---------------------------------------------------------------- calls */

typedef struct node {
    uint8_t op; /* 0 leaf, 1 add, 2 sub, 3 mul, 4 xor */
    int32_t value;
    struct node *l, *r;
} node_t;

static node_t pool[512];
static int pool_used;

static node_t *build(int depth)
{
    node_t *n = &pool[pool_used++];
    uint32_t r = rng();
    if (depth == 0 || (r & 7) == 0) {
        n->op = 0;
        n->value = (int32_t)(r >> 16) & 1023;
        n->l = n->r = NULL;
    } else {
        n->op = (uint8_t)(1 + (r >> 3) % 4);
        n->l = build(depth - 1);
        n->r = build(depth - 1);
    }
    return n;
}

typedef int32_t (*binop_fn)(int32_t, int32_t);
static int32_t op_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static int32_t op_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static int32_t op_mul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
static int32_t op_xor(int32_t a, int32_t b) { return a ^ b; }
static binop_fn const ops[5] = { NULL, op_add, op_sub, op_mul, op_xor };

static int32_t eval(const node_t *n)
{
    if (n->op == 0)
        return n->value;
    return ops[n->op](eval(n->l), eval(n->r));
}

static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static uint32_t k_calls(void)
{
    pool_used = 0;
    node_t *root = build(7);
    uint32_t s = (uint32_t)eval(root);
    s = s * 31u + fib(16 + (rng() & 1));
    s = s * 31u + ack(2, 40 + (rng() & 7));
    return s;
}

/* ------------------------------------------------------------- driver */

typedef uint32_t (*kernel_fn)(void);
static kernel_fn const kernels[7] = { k_crc, k_qsort, k_matmul, k_sieve, k_hash, k_div, k_calls };

void bench_init(void)
{
    crc_init();
}

uint32_t bench_run(uint32_t iterations)
{
    uint32_t sum = 0;
    for (uint32_t it = 0; it < iterations; it++) {
#ifdef KERNEL
        sum = sum * 2654435761u + kernels[KERNEL]();
#else
        for (int k = 0; k < 7; k++)
            sum = sum * 2654435761u + kernels[k]();
#endif
    }
    return sum;
}
