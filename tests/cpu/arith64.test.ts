import { describe, expect, it } from 'vitest';
import {
  assembleArith64Wasm,
  div,
  divu,
  divuw,
  divw,
  impls,
  mul,
  mulh,
  mulhsu,
  mulhu,
  mulhu32,
  out,
  rem,
  remu,
  remuw,
  remw,
  type Arith64Impl,
  type Op32,
  type Op64,
} from '../../emulator/cpu/arith64.js';

// ---------------------------------------------------------------------------
// BigInt reference (RISC-V unprivileged spec, M extension)
// ---------------------------------------------------------------------------

const MIN64 = -(1n << 63n);
const MAX64 = (1n << 63n) - 1n;
const MIN32 = -(2 ** 31);

const s64 = (lo: number, hi: number): bigint => (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
const u64 = (lo: number, hi: number): bigint => BigInt.asUintN(64, s64(lo, hi));
const halves = (x: bigint): [number, number] => [
  Number(BigInt.asIntN(32, x)),
  Number(BigInt.asIntN(32, x >> 32n)),
];

type Ref64 = (a: [number, number], b: [number, number]) => bigint;
const REF64: Record<keyof Arith64Impl, Ref64> = {
  mul: ([al, ah], [bl, bh]) => s64(al, ah) * s64(bl, bh),
  mulh: ([al, ah], [bl, bh]) => (s64(al, ah) * s64(bl, bh)) >> 64n,
  mulhsu: ([al, ah], [bl, bh]) => (s64(al, ah) * u64(bl, bh)) >> 64n,
  mulhu: ([al, ah], [bl, bh]) => (u64(al, ah) * u64(bl, bh)) >> 64n,
  div: ([al, ah], [bl, bh]) => {
    const a = s64(al, ah);
    const b = s64(bl, bh);
    if (b === 0n) return -1n;
    if (a === MIN64 && b === -1n) return MIN64;
    return a / b; // BigInt division truncates toward zero
  },
  divu: ([al, ah], [bl, bh]) => {
    const b = u64(bl, bh);
    return b === 0n ? -1n : u64(al, ah) / b;
  },
  rem: ([al, ah], [bl, bh]) => {
    const a = s64(al, ah);
    const b = s64(bl, bh);
    return b === 0n ? a : a % b; // remainder has the sign of the dividend
  },
  remu: ([al, ah], [bl, bh]) => {
    const a = u64(al, ah);
    const b = u64(bl, bh);
    return b === 0n ? a : a % b;
  },
};

const OPS64 = Object.keys(REF64) as (keyof Arith64Impl)[];

type Ref32 = (a: number, b: number) => bigint;
const REF32 = {
  divw: (a: number, b: number) => {
    if (b === 0) return -1n;
    if (a === MIN32 && b === -1) return BigInt(MIN32);
    return BigInt(a) / BigInt(b);
  },
  divuw: (a: number, b: number) => (b === 0 ? -1n : BigInt(a >>> 0) / BigInt(b >>> 0)),
  remw: (a: number, b: number) => (b === 0 ? BigInt(a) : BigInt(a) % BigInt(b)),
  remuw: (a: number, b: number) => (b === 0 ? BigInt(a >>> 0) : BigInt(a >>> 0) % BigInt(b >>> 0)),
  mulhu32: (a: number, b: number) => (BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n,
} satisfies Record<string, Ref32>;
const sext32 = (x: bigint): number => Number(BigInt.asIntN(32, x));

// ---------------------------------------------------------------------------
// Operands
// ---------------------------------------------------------------------------

/** Deterministic xorshift32; returns int32. */
function xorshift32(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x;
  };
}

const SPECIAL64: bigint[] = (() => {
  const v = new Set<bigint>([
    0n, 1n, -1n, 2n, -2n, 3n, -3n, 7n, 10n, -10n,
    MIN64, MAX64, MIN64 + 1n, MAX64 - 1n,
    0xffffffffn, 0x7fffffffn, 0x80000000n, -0x80000000n, -0x80000001n, 0x100000000n, 0x100000001n,
    -0x100000000n, 0xffffffff00000000n, 0x00000001ffffffffn, 0x8000000080000000n, 0x123456789abcdef0n,
  ]);
  for (let k = 0n; k < 64n; k++) {
    v.add(1n << k);
    v.add(-(1n << k));
    v.add((1n << k) - 1n);
  }
  return [...v].map((x) => BigInt.asIntN(64, x));
})();
const SPECIAL64_HALVES = SPECIAL64.map(halves);

const SPECIAL32: number[] = (() => {
  const v = new Set<number>([0, 1, -1, 2, -2, 3, -3, 7, -7, 10, MIN32, 2 ** 31 - 1, MIN32 + 1, 0x7ffffffe, 0xffff, 0x10000]);
  for (let k = 0; k < 32; k++) {
    v.add((1 << k) | 0);
    v.add(-(1 << k) | 0);
    v.add(((1 << k) - 1) | 0);
  }
  return [...v];
})();

/**
 * A 64-bit operand from a mix of shapes, so division sees small divisors and
 * quotients of every size: full random, sign-/zero-extended 32-bit, random bit
 * width (maybe negated), and special values.
 */
function operand64(rnd: () => number): [number, number] {
  const lo = rnd();
  const hi = rnd();
  switch ((rnd() >>> 0) % 5) {
    case 0:
      return [lo, hi];
    case 1:
      return [lo, lo >> 31];
    case 2:
      return [lo, 0];
    case 3: {
      const k = (rnd() >>> 0) % 65;
      let x = BigInt.asUintN(k, s64(lo, hi));
      if (rnd() & 1) x = -x;
      return halves(x);
    }
    default:
      return SPECIAL64_HALVES[(rnd() >>> 0) % SPECIAL64_HALVES.length]!;
  }
}

function operand32(rnd: () => number): number {
  const x = rnd();
  switch ((rnd() >>> 0) % 4) {
    case 0:
      return x;
    case 1:
      return x >> ((rnd() >>> 0) % 32); // random width, sign kept
    case 2:
      return x >>> ((rnd() >>> 0) % 32) | 0;
    default:
      return SPECIAL32[(rnd() >>> 0) % SPECIAL32.length]!;
  }
}

const N = 100_000;

type Pair64 = [[number, number], [number, number]];
function randomPairs64(seed: number): Pair64[] {
  const rnd = xorshift32(seed);
  const cases: Pair64[] = [];
  for (let i = 0; i < N; i++) cases.push([operand64(rnd), operand64(rnd)]);
  return cases;
}
const CORNER_PAIRS64: Pair64[] = SPECIAL64_HALVES.flatMap((a) => SPECIAL64_HALVES.map((b): Pair64 => [a, b]));
const CORNER_PAIRS32: [number, number][] = SPECIAL32.flatMap((a) => SPECIAL32.map((b): [number, number] => [a, b]));

// ---------------------------------------------------------------------------
// Checkers: return the first few mismatches (empty = pass)
// ---------------------------------------------------------------------------

function check64(op: Op64, ref: Ref64, cases: Pair64[]): string[] {
  const bad: string[] = [];
  for (const [a, b] of cases) {
    const [lo, hi] = halves(ref(a, b));
    out[0] = 0x5a5a5a5a; // poison, so an op that writes nothing cannot pass
    out[1] = 0x5a5a5a5a;
    op(a[0], a[1], b[0], b[1]);
    if (out[0] !== lo || out[1] !== hi) {
      bad.push(`${s64(a[0], a[1])}, ${s64(b[0], b[1])}: got ${s64(out[0]!, out[1]!)} want ${s64(lo, hi)}`);
      if (bad.length >= 5) break;
    }
  }
  return bad;
}

function check32(op: Op32, ref: Ref32, cases: [number, number][]): string[] {
  const bad: string[] = [];
  for (const [a, b] of cases) {
    const want = sext32(ref(a, b));
    const got = op(a, b);
    if (!Object.is(got, want)) {
      bad.push(`${a}, ${b}: got ${got} want ${want}`);
      if (bad.length >= 5) break;
    }
  }
  return bad;
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

const PUBLIC64: Arith64Impl = { mul, mulh, mulhsu, mulhu, div, divu, rem, remu };
const TIERS: [string, Arith64Impl][] = [
  ['public', PUBLIC64],
  ['wasm', impls.wasm],
  ['js', impls.js],
];

describe('wasm module', () => {
  it('assembles to a valid module with the expected exports', () => {
    const bytes = assembleArith64Wasm();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.name}:${e.kind}`);
    expect(names.sort()).toEqual(
      ['mem:memory', ...[...OPS64, 'mulhu32'].map((n) => `${n}:function`)].sort(),
    );
  });

  it('out is a 2-word Int32Array that ops fill in place', () => {
    expect(out).toBeInstanceOf(Int32Array);
    expect(out.length).toBe(2);
    const before = out;
    expect(mul(3, 0, 5, 0)).toBeUndefined();
    expect(out).toBe(before);
    expect([out[0], out[1]]).toEqual([15, 0]);
  });
});

describe('spec corner cases, 64-bit', () => {
  const [minLo, minHi] = halves(MIN64);
  const res = (op: Op64, a: bigint, b: bigint): bigint => {
    const [al, ah] = halves(a);
    const [bl, bh] = halves(b);
    op(al, ah, bl, bh);
    return s64(out[0]!, out[1]!);
  };
  for (const [tier, m] of TIERS) {
    it(`${tier}: divide by zero and overflow`, () => {
      expect(res(m.div, 12345n, 0n)).toBe(-1n);
      expect(res(m.div, MIN64, 0n)).toBe(-1n);
      expect(res(m.divu, 12345n, 0n)).toBe(-1n); // all ones
      expect(res(m.rem, -12345n, 0n)).toBe(-12345n);
      expect(res(m.remu, MIN64, 0n)).toBe(MIN64);
      expect(res(m.div, MIN64, -1n)).toBe(MIN64);
      expect([out[0], out[1]]).toEqual([minLo, minHi]);
      expect(res(m.rem, MIN64, -1n)).toBe(0n);
      expect(res(m.div, -7n, 2n)).toBe(-3n); // rounds toward zero
      expect(res(m.rem, -7n, 2n)).toBe(-1n); // sign of dividend
      expect(res(m.divu, -1n, 2n)).toBe(MAX64);
      expect(res(m.div, -(1n << 31n), -1n)).toBe(1n << 31n); // int32 MIN / -1 does not overflow in 64 bits
    });
    it(`${tier}: products`, () => {
      expect(res(m.mul, MAX64, MAX64)).toBe(1n);
      expect(res(m.mul, 0xffffffffn, 0xffffffffn)).toBe(BigInt.asIntN(64, 0xfffffffe00000001n));
      expect(res(m.mulh, -1n, -1n)).toBe(0n);
      expect(res(m.mulh, MIN64, MIN64)).toBe(1n << 62n);
      expect(res(m.mulh, MIN64, -1n)).toBe(0n);
      expect(res(m.mulhu, -1n, -1n)).toBe(-2n); // 0xffff...fffe
      expect(res(m.mulhsu, -1n, -1n)).toBe(-1n); // -1 * (2^64-1)
      expect(res(m.mulhsu, MIN64, -1n)).toBe(MIN64); // floor((-2^127 + 2^63) / 2^64)
      expect(res(m.mulhsu, 1n, -1n)).toBe(0n);
    });
  }
});

describe('spec corner cases, W forms', () => {
  it('divide by zero and overflow', () => {
    expect(divw(12345, 0)).toBe(-1);
    expect(divuw(12345, 0)).toBe(-1);
    expect(remw(-12345, 0)).toBe(-12345);
    expect(remuw(MIN32, 0)).toBe(MIN32); // sign-extended 0x80000000
    expect(divw(MIN32, -1)).toBe(MIN32);
    expect(remw(MIN32, -1)).toBe(0); // not -0
    expect(divw(-7, 2)).toBe(-3);
    expect(remw(-7, 2)).toBe(-1);
    expect(divuw(-1, 1)).toBe(-1); // 0xffffffff sign-extended
    expect(divuw(-1, 2)).toBe(0x7fffffff);
    expect(mulhu32(-1, -1)).toBe(-2); // 0xfffffffe
    expect(mulhu32(0x10000, 0x10000)).toBe(1);
  });
});

describe('randomized against BigInt, 100k cases per op', () => {
  for (const [tier, m] of TIERS) {
    OPS64.forEach((op, i) => {
      it(`${tier}.${op}`, () => {
        expect(check64(m[op], REF64[op], randomPairs64(0x9e3779b9 + i))).toEqual([]);
      });
    });
  }

  const W: [string, Op32, Ref32][] = [
    ['divw', divw, REF32.divw],
    ['divuw', divuw, REF32.divuw],
    ['remw', remw, REF32.remw],
    ['remuw', remuw, REF32.remuw],
    ['mulhu32', mulhu32, REF32.mulhu32],
    ['mulhu32 (wasm)', impls.mulhu32.wasm, REF32.mulhu32],
    ['mulhu32 (js)', impls.mulhu32.js, REF32.mulhu32],
  ];
  W.forEach(([name, op, ref], i) => {
    it(name, () => {
      const rnd = xorshift32(0x2545f491 + i);
      const cases: [number, number][] = [];
      for (let k = 0; k < N; k++) cases.push([operand32(rnd), operand32(rnd)]);
      expect(check32(op, ref, cases)).toEqual([]);
    });
  });
});

describe('all pairs of special values', () => {
  for (const [tier, m] of TIERS) {
    for (const op of OPS64) {
      it(`${tier}.${op}`, () => {
        expect(check64(m[op], REF64[op], CORNER_PAIRS64)).toEqual([]);
      });
    }
  }
  const W: [string, Op32, Ref32][] = [
    ['divw', divw, REF32.divw],
    ['divuw', divuw, REF32.divuw],
    ['remw', remw, REF32.remw],
    ['remuw', remuw, REF32.remuw],
    ['mulhu32', mulhu32, REF32.mulhu32],
    ['mulhu32 (wasm)', impls.mulhu32.wasm, REF32.mulhu32],
  ];
  for (const [name, op, ref] of W) {
    it(name, () => {
      expect(check32(op, ref, CORNER_PAIRS32)).toEqual([]);
    });
  }
});

describe('the checkers catch wrong implementations', () => {
  it('flags an unsigned high product used as the signed one', () => {
    expect(check64(impls.wasm.mulhu, REF64.mulh, CORNER_PAIRS64).length).toBeGreaterThan(0);
  });
  it('flags a div that ignores MIN / -1 and x / 0', () => {
    const naive: Op64 = (al, ah, bl, bh) => {
      const b = s64(bl, bh);
      const q = b === 0n ? 0n : BigInt.asIntN(64, s64(al, ah) / b);
      out[0] = Number(BigInt.asIntN(32, q));
      out[1] = Number(BigInt.asIntN(32, q >> 32n));
    };
    expect(check64(naive, REF64.div, CORNER_PAIRS64).length).toBeGreaterThan(0);
  });
  it('flags an op that writes nothing', () => {
    expect(check64(() => undefined, REF64.mul, CORNER_PAIRS64).length).toBeGreaterThan(0);
  });
  it('flags a W form returning -0 or an unsigned value', () => {
    expect(check32((a, b) => (b === -1 ? -0 : remw(a, b)), REF32.remw, [[5, -1]]).length).toBe(1);
    expect(check32((a, b) => divuw(a, b) >>> 0, REF32.divuw, [[-1, 1]]).length).toBe(1);
  });
});
