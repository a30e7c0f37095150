/* Switch jump tables: a small bytecode machine (dense switch over 16 opcodes) running programs
 * whose branches depend on data, plus a sparse switch the compiler lowers to compare trees. */
#include "rt.h"

enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, XOR, SHL, SHR, LOAD, STORE, OVER, DROP, HALT };

static int64_t mem[16];

static int64_t run(const uint8_t *code, int64_t arg, uint32_t *steps)
{
    int64_t st[32];
    int sp = 0, pc = 0;
    st[sp++] = arg;
    for (;;) {
        uint8_t op = code[pc++];
        (*steps)++;
        switch (op) {
        case PUSH: st[sp++] = (int8_t)code[pc++]; break;
        case ADD: sp--; st[sp - 1] += st[sp]; break;
        case SUB: sp--; st[sp - 1] -= st[sp]; break;
        case MUL: sp--; st[sp - 1] *= st[sp]; break;
        case DUP: st[sp] = st[sp - 1]; sp++; break;
        case SWAP: { int64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
        case JNZ: { int8_t off = (int8_t)code[pc++]; if (st[--sp] != 0) pc += off; break; }
        case DEC: st[sp - 1]--; break;
        case XOR: sp--; st[sp - 1] ^= st[sp]; break;
        case SHL: st[sp - 1] = (int64_t)((uint64_t)st[sp - 1] << 1); break;
        case SHR: st[sp - 1] = (int64_t)((uint64_t)st[sp - 1] >> 3); break;
        case LOAD: st[sp - 1] = mem[st[sp - 1] & 15]; break;
        case STORE: sp -= 2; mem[st[sp + 1] & 15] = st[sp]; break;
        case OVER: st[sp] = st[sp - 2]; sp++; break;
        case DROP: sp--; break;
        case HALT: return st[sp - 1];
        default: return -1;
        }
    }
}

/* acc = 1; n = arg; loop: acc = acc*3 ^ n; n--; while n */
static const uint8_t prog_a[] = {
    PUSH, 1, SWAP,           /* acc n */
    /* loop @3 */ SWAP, PUSH, 3, MUL, OVER, XOR, SWAP, /* acc' n */
    DEC, DUP, JNZ, (uint8_t)-11, DROP, HALT,
};
/* collatz-like: n; count steps with data-dependent path via memory */
static const uint8_t prog_b[] = {
    DUP, PUSH, 5, STORE,     /* mem[5] = n */
    /* loop @4 */ PUSH, 5, LOAD, SHR, DUP, PUSH, 5, STORE, /* n >>= 3 */
    PUSH, 6, LOAD, PUSH, 1, ADD, PUSH, 6, STORE, DROP, /* mem[6]++ */
    PUSH, 5, LOAD, JNZ, (uint8_t)-23,
    PUSH, 6, LOAD, HALT,
};

static const char *sparse(uint32_t v)
{
    switch (v) {
    case 1: return "one";
    case 7: return "seven";
    case 100: return "hundred";
    case 1000: return "thousand";
    case 65535: return "ffff";
    case 0x80000000u: return "top";
    case 0xffffffffu: return "all";
    default: return "other";
    }
}

static int dense(int v)
{
    switch (v) {
    case 0: return 11; case 1: return 13; case 2: return 17; case 3: return 19; case 4: return 23;
    case 5: return 29; case 6: return 31; case 7: return 37; case 8: return 41; case 9: return 43;
    case 10: return 47; case 11: return 53;
    default: return -v;
    }
}

int main(void)
{
    put_str("vm\n");
    uint32_t steps = 0;
    int64_t acc = 0;
    for (int i = 0; i < 120; i++) {
        acc = acc * 7 + run(prog_a, i % 37 + 1, &steps);
        acc ^= run(prog_b, (int64_t)i * 0x12345 + 1, &steps);
    }
    show("vm", (uint64_t)acc);
    show("steps", steps);
    static const uint32_t keys[] = {0, 1, 7, 8, 100, 1000, 65535, 65536, 0x80000000u, 0xffffffffu, 0x7fffffff};
    for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        put_str(sparse(OPAQUE(keys[i])));
        put_char(' ');
    }
    put_char('\n');
    int64_t d = 0;
    for (int i = -3; i < 3000; i++)
        d = d * 5 + dense(OPAQUE(i % 15 - 1));
    show("dense", (uint64_t)d);
    return 0;
}
