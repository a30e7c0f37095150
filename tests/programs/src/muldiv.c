/* Integer multiply/divide corner cases as the instructions compute them (asm, so the compiler folds
 * nothing): division by zero, INT64_MIN / -1, the W forms sign-extending, shifts by out-of-range
 * amounts; a table sample printed and every result hashed. */
#include "stdio-uart.h"
#include <stdint.h>
#define O(x) ({ __auto_type o_ = (x); __asm__ volatile("" : "+r"(o_)); o_; })
#define R(op, a, b) ({ int64_t r_; __asm__ volatile(op " %0,%1,%2" : "=r"(r_) : "r"(O(a)), "r"(O(b))); r_; })
static const int64_t V[] = { 0, 1, -1, 2, -2, 3, 7, -7, INT64_MIN, INT64_MAX, INT32_MIN, INT32_MAX, (int64_t)0xffffffff, (int64_t)0x80000000, 0x123456789abcdefLL, -0x123456789abcdefLL, (int64_t)0x8000000000000001ULL, 0x100000000LL };
#define N (sizeof V / sizeof V[0])
int main(void) {
  static const char *ops[] = {"mul","mulh","mulhsu","mulhu","div","divu","rem","remu","mulw","divw","divuw","remw","remuw","addw","subw","sllw","srlw","sraw","sll","srl","sra"};
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned i = 0; i < N; i++) for (unsigned j = 0; j < N; j++) {
    int64_t a = V[i], b = V[j], r[21];
    r[0]=R("mul",a,b); r[1]=R("mulh",a,b); r[2]=R("mulhsu",a,b); r[3]=R("mulhu",a,b);
    r[4]=R("div",a,b); r[5]=R("divu",a,b); r[6]=R("rem",a,b); r[7]=R("remu",a,b);
    r[8]=R("mulw",a,b); r[9]=R("divw",a,b); r[10]=R("divuw",a,b); r[11]=R("remw",a,b); r[12]=R("remuw",a,b);
    r[13]=R("addw",a,b); r[14]=R("subw",a,b); r[15]=R("sllw",a,b); r[16]=R("srlw",a,b); r[17]=R("sraw",a,b);
    r[18]=R("sll",a,b); r[19]=R("srl",a,b); r[20]=R("sra",a,b);
    for (int k = 0; k < 21; k++) { h = (h ^ (uint64_t)r[k]) * 0x100000001b3ull; if ((i*N+j) % 37 == 0) printf("%s(%llx,%llx)=%llx\n", ops[k], (unsigned long long)a, (unsigned long long)b, (unsigned long long)r[k]); }
  }
  printf("div0: %lld %lld %lld %lld\n", (long long)R("div", 5, 0), (long long)R("rem", 5, 0), (long long)R("divu", -5, 0), (long long)R("remuw", -5, 0));
  printf("min/-1: %lld %lld %lld %lld\n", (long long)R("div", INT64_MIN, -1), (long long)R("rem", INT64_MIN, -1), (long long)R("divw", INT32_MIN, -1), (long long)R("remw", INT32_MIN, -1));
  /* C-level division too */
  volatile int64_t m = INT64_MIN, n1 = -1; volatile uint64_t um = 0xffffffffffffffffull, u3 = 3;
  printf("C: %llu %llu\n", (unsigned long long)(um / u3), (unsigned long long)(um % 10));
  (void)m; (void)n1;
  printf("hash %llx\n", (unsigned long long)h);
  return 0;
}
