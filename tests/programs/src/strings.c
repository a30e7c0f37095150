/* String functions (libc): strlen, strcmp, strncmp, strcpy, strcat, strchr, strrchr, strstr,
 * memmove with overlap, memcmp, memset, strtoul, and a word-frequency count over a text. */
#include "rt.h"
#include <stdlib.h>
#include <string.h>

static const char TEXT[] =
    "the quick brown fox jumps over the lazy dog; the dog sleeps, the fox runs. "
    "pack my box with five dozen liquor jugs! how vexingly quick daft zebras jump. "
    "0x1f 077 12345 -99 4294967295 18446744073709551615 0b101 the end";

static char buf[1024];
static char words[64][24];
static int counts[64];

int main(void)
{
    put_str("strings\n");
    show("len", strlen(TEXT));
    strcpy(buf, TEXT);
    strcat(buf, " | appended");
    show("len2", strlen(buf));
    show("chr", (uint64_t)(strchr(buf, 'z') - buf));
    show("rchr", (uint64_t)(strrchr(buf, 'q') - buf));
    show("str", (uint64_t)(strstr(buf, "zebras") - buf));
    show("cmp", (uint64_t)(int64_t)((strcmp("abc", "abd") < 0) | (strcmp("b", "a") > 0) << 1 | (strncmp("hello", "help", 3) == 0) << 2 |
                                     (memcmp("\x80", "\x7f", 1) > 0) << 3));
    /* overlapping moves, at every small offset */
    for (int k = 0; k < 40; k++) {
        memmove(buf + k + 1, buf + k, 200);
        memmove(buf + 300, buf + 300 + k % 7, 100);
        memset(buf + 500 + k, 'a' + k % 26, (size_t)k);
    }
    uint64_t h = 0;
    for (int i = 0; i < 600; i++) h = h * 131 + (uint8_t)buf[i];
    show("moved", h);
    /* words */
    int nw = 0;
    const char *p = TEXT;
    while (*p) {
        while (*p && strchr(" ;,.!|", *p)) p++;
        if (!*p) break;
        size_t len = strcspn(p, " ;,.!|");
        char w[24];
        size_t cl = len < 23 ? len : 23;
        memcpy(w, p, cl);
        w[cl] = 0;
        int found = -1;
        for (int i = 0; i < nw; i++)
            if (strcmp(words[i], w) == 0) { found = i; break; }
        if (found < 0 && nw < 64) { strcpy(words[nw], w); found = nw++; }
        if (found >= 0) counts[found]++;
        p += len;
    }
    for (int i = 0; i < nw; i++)
        if (counts[i] > 1) { put_str(words[i]); put_char('='); put_dec(counts[i]); put_char(' '); }
    put_char('\n');
    const char *nums[] = {"0x1f", "077", "12345", "-99", "4294967295", "18446744073709551615", "  42xyz", "-9223372036854775808"};
    for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char *end;
        unsigned long long v = strtoull(nums[i], &end, 0);
        long long sv = i == 5 ? 0 : strtoll(nums[i], NULL, 10); /* no overflow: errno is thread-local */
        fold(v); fold((uint64_t)sv); fold((uint64_t)(end - nums[i]));
    }
    show("checksum", sum_state);
    return 0;
}
