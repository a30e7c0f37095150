/*
 * An ordinary hosted-style C program built the standard picolibc way for QEMU virt
 * (--oslib=semihost --crt0=semihost): stdio, stderr, malloc, a failed fopen, exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct node { long key; struct node *left, *right; };

static struct node *insert(struct node *t, long key) {
    if (t == NULL) {
        t = malloc(sizeof *t);
        if (t == NULL) { fputs("out of memory\n", stderr); exit(2); }
        t->key = key; t->left = t->right = NULL;
        return t;
    }
    if (key < t->key) t->left = insert(t->left, key); else t->right = insert(t->right, key);
    return t;
}

static long sum(const struct node *t, int *depth, int d) {
    if (t == NULL) { if (d > *depth) *depth = d; return 0; }
    return t->key + sum(t->left, depth, d + 1) + sum(t->right, depth, d + 1);
}

int main(void) {
    struct node *tree = NULL;
    unsigned s = 12345;
    for (int i = 0; i < 5000; i++) { s = s * 1103515245u + 12345u; tree = insert(tree, (long)(s >> 8) % 100000); }
    int depth = 0;
    long total = sum(tree, &depth, 0);
    printf("sum=%ld depth=%d\n", total, depth);
    printf("%-8s|%8.3f|%#x|%lld|%c\n", "fmt", 3.14159, 0xbeefu, -1234567890123LL, 'z');
    char buf[32];
    snprintf(buf, sizeof buf, "%05d/%s", 42, "ok");
    puts(buf);
    fputs("to stderr\n", stderr);
    FILE *f = fopen("/no/such/file/for/seltrace", "r");
    printf("fopen of a host file: %s\n", f == NULL ? "refused" : "opened");
    printf("clock %s\n", clock() != (clock_t)-1 ? "runs" : "fails");
    fflush(stdout);
    return (int)(total % 7) + 3;
}
