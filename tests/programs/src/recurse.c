/* Deep recursion and mutual recursion: stack frames thousands deep, returns through many
 * levels, Ackermann, and a recursive-descent expression parser over a generated string. */
#include "rt.h"

static uint64_t depth_sum(uint32_t n, uint64_t acc)
{
    volatile uint8_t pad[24];
    pad[n % 24] = (uint8_t)n;
    if (n == 0) return acc;
    uint64_t r = depth_sum(n - 1, acc * 3 + n) + pad[n % 24];
    return r ^ (r >> 7);
}

static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int is_odd(uint32_t n);
static int is_even(uint32_t n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(uint32_t n) { return n == 0 ? 0 : is_even(n - 1); }

static const char *src;
static int64_t expr(void);
static int64_t atom(void)
{
    if (*src == '(') {
        src++;
        int64_t v = expr();
        src++; /* ')' */
        return v;
    }
    if (*src == '-') { src++; return -atom(); }
    int64_t v = 0;
    while (*src >= '0' && *src <= '9') v = v * 10 + (*src++ - '0');
    return v;
}
static int64_t term(void)
{
    int64_t v = atom();
    while (*src == '*' || *src == '/' || *src == '%') {
        char op = *src++;
        int64_t r = atom();
        if (op == '*') v *= r;
        else if (r != 0) v = op == '/' ? v / r : v % r;
    }
    return v;
}
static int64_t expr(void)
{
    int64_t v = term();
    while (*src == '+' || *src == '-') {
        char op = *src++;
        int64_t r = term();
        v = op == '+' ? v + r : v - r;
    }
    return v;
}

static char text[4096];
static uint32_t seed = 99;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }
static int gen(int pos, int depth)
{
    if (depth > 12 || (rnd() % 3 == 0)) {
        uint32_t v = rnd() % 1000;
        if (v == 0) v = 7;
        char d[12]; int n = 0;
        do { d[n++] = (char)('0' + v % 10); v /= 10; } while (v);
        while (n) text[pos++] = d[--n];
        return pos;
    }
    text[pos++] = '(';
    pos = gen(pos, depth + 1);
    text[pos++] = "+-*/%"[rnd() % 5];
    pos = gen(pos, depth + 1);
    text[pos++] = ')';
    return pos;
}

int main(void)
{
    put_str("recurse\n");
    show("depth", depth_sum(400, 1));
    show("ack", ack(2, 60) + ack(3, 5));
    show("parity", (uint64_t)(is_even(801) << 1 | is_odd(333)));
    for (int k = 0; k < 8; k++) {
        int end = gen(0, 0);
        text[end] = 0;
        src = text;
        show("expr", (uint64_t)expr());
    }
    return 0;
}
