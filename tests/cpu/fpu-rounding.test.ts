/**
 * The FP unit's fast paths (host binary64 arithmetic + error-free transformations + roundNum)
 * against the independent BigInt rounder, for every rounding mode, on operands chosen to hit
 * ties, exact results, subnormals, underflow and overflow thresholds. Results and flags must be
 * bit-identical. (qemu cross-checks the whole unit in tests/isa and tests/fpdiff.)
 */
import { describe, expect, it } from 'vitest';
import { CsrFile, MS } from '../../emulator/cpu/csr-file.js';
import { fpExec } from '../../emulator/cpu/fpu.js';
import { FpOp, fpImm } from '../../emulator/cpu/isa.js';
import {
  BINARY32, BINARY64, bigAdd, bigDiv, bigFma, bigMul, bigSqrt, fpStatus, roundBig, unpack, type FloatFormat,
} from '../../emulator/cpu/softfloat-round.js';

function hart(): { x: Int32Array; f: Int32Array; fd: Float64Array; csr: CsrFile } {
  const fd = new Float64Array(32);
  const csr = new CsrFile();
  csr.mstatus = MS.FS;
  return { x: new Int32Array(64), f: new Int32Array(fd.buffer), fd, csr };
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

const S64 = new Float64Array(1), S32 = new Int32Array(S64.buffer), SF = new Float32Array(S64.buffer, 0, 1);
const bitsOf64 = (v: number): string => { S64[0] = v; return `${(S32[1] >>> 0).toString(16)}:${(S32[0] >>> 0).toString(16)}`; };
const bitsOf32 = (v: number): number => { SF[0] = v; return S32[0]; };

/** Random finite non-zero value of a format, biased towards edge cases. */
function operand(rnd: () => number, f: FloatFormat): number {
  const sign = rnd() & 1 ? -1 : 1;
  const p = f.p;
  const kind = rnd() % 8;
  let sig: number;
  if (kind === 0) sig = 2 ** (p - 1); // power of two
  else if (kind === 1) sig = 2 ** (p - 1) + (rnd() % 8); // few low bits
  else if (kind === 2) sig = 2 ** p - 1 - (rnd() % 4); // all ones
  else sig = 2 ** (p - 1) + ((rnd() * 2 ** 21 + rnd()) % 2 ** (p - 1));
  const range = f.emax - f.emin;
  const ek = rnd() % 6;
  let e: number;
  if (ek === 0) e = f.emin - (rnd() % p); // subnormal
  else if (ek === 1) e = f.emax - (rnd() % 4);
  else if (ek === 2) e = f.emin + (rnd() % 4);
  else e = (rnd() % 40) - 20 + (ek === 3 ? 0 : Math.floor(((rnd() % 1000) / 1000) * range) + f.emin);
  let v = sig * 2 ** (e - p + 1);
  if (e < f.emin) v = Math.floor(sig / 2 ** (f.emin - e)) * 2 ** (f.emin - p + 1);
  if (v === 0) v = 2 ** (f.emin - p + 1);
  if (!Number.isFinite(v)) v = 2 ** f.emax;
  const r = f === BINARY32 ? Math.fround(sign * v) : sign * v;
  return Number.isFinite(r) ? r : sign * (2 - 2 ** (1 - p)) * 2 ** f.emax;
}

const OPS = ['add', 'sub', 'mul', 'div', 'sqrt', 'fmadd', 'fnmsub'] as const;

describe('FP fast paths agree with the BigInt rounder', () => {
  for (const [name, fmt] of [['binary32', BINARY32], ['binary64', BINARY64]] as const) {
    it(`${name}: add/sub/mul/div/sqrt/fma, all rounding modes`, () => {
      const h = hart();
      const rnd = lcg(fmt === BINARY32 ? 7 : 11);
      const d = fmt === BINARY64;
      const base = d ? FpOp.D_BASE : 0;
      let checked = 0;
      const n = d ? 500 : 800;
      for (let i = 0; i < n; i++) {
        const a = operand(rnd, fmt), b = operand(rnd, fmt), c = operand(rnd, fmt);
        for (const op of OPS) {
          for (let rm = 0; rm < 5; rm++) {
            const put = (reg: number, v: number): void => {
              if (d) h.fd[reg] = v; else { h.f[reg * 2] = bitsOf32(v); h.f[reg * 2 + 1] = -1; }
            };
            put(1, op === 'sqrt' ? Math.abs(a) : a); put(2, b); put(3, c);
            const fop = base + { add: FpOp.FADD_S, sub: FpOp.FSUB_S, mul: FpOp.FMUL_S, div: FpOp.FDIV_S, sqrt: FpOp.FSQRT_S, fmadd: FpOp.FMADD_S, fnmsub: FpOp.FNMSUB_S }[op];
            const bits = (rm << 12) | (3 << 27);
            h.csr.fcsr = 0;
            expect(fpExec(h, 8, 2, 4, fpImm(fop, bits))).toBe(true);
            const got = d ? bitsOf64(h.fd[4]) : (h.f[8] >>> 0).toString(16);
            const gotFlags = h.csr.fcsr;
            fpStatus.flags = 0;
            const aa = op === 'sqrt' ? Math.abs(a) : a;
            const ref = op === 'add' ? bigAdd(a, b, fmt, rm) : op === 'sub' ? bigAdd(a, -b, fmt, rm) : op === 'mul' ? bigMul(a, b, fmt, rm)
              : op === 'div' ? bigDiv(a, b, fmt, rm) : op === 'sqrt' ? bigSqrt(aa, fmt, rm)
                : op === 'fmadd' ? bigFma(a, b, c, false, false, fmt, rm) : bigFma(a, b, c, true, false, fmt, rm);
            const want = d ? bitsOf64(ref) : (bitsOf32(ref) >>> 0).toString(16);
            const ctx = `${name} ${op} rm=${rm} a=${a} b=${b} c=${c}`;
            expect(got, ctx).toBe(want);
            expect(gotFlags, ctx).toBe(fpStatus.flags);
            checked++;
          }
        }
      }
      expect(checked).toBe(n * OPS.length * 5);
    });
  }

  it('the BigInt rounder itself: ties, subnormal boundary, overflow per mode', () => {
    const r = (neg: boolean, sig: bigint, exp: number, rm: number, f: FloatFormat = BINARY64): [number, number] => {
      fpStatus.flags = 0;
      const v = roundBig(neg, sig, exp, f, rm);
      return [v, fpStatus.flags];
    };
    // 1 + 2^-53 is a tie: RNE -> 1, RMM -> 1 + 2^-52
    const one = (1n << 53n) + 1n;
    expect(r(false, one, -53, 0)).toEqual([1, 1]);
    expect(r(false, one, -53, 4)).toEqual([1 + 2 ** -52, 1]);
    expect(r(false, one, -53, 3)).toEqual([1 + 2 ** -52, 1]);
    expect(r(true, one, -53, 2)).toEqual([-(1 + 2 ** -52), 1]);
    // just below 2^-1022 rounding up to it: not tiny after rounding (no UF) in RNE
    const below = (1n << 54n) - 1n; // (2^54-1)·2^-1076 = 2^-1022 − 2^-1076
    expect(r(false, below, -1076, 0)).toEqual([2 ** -1022, 1]);
    expect(r(false, below, -1076, 1)).toEqual([2 ** -1022 - 2 ** -1074, 3]);
    // overflow: RNE -> inf, RTZ -> max
    expect(r(false, 1n, 1024, 0)).toEqual([Infinity, 5]);
    expect(r(false, 1n, 1024, 1)).toEqual([Number.MAX_VALUE, 5]);
    expect(r(true, 1n, 1024, 3)).toEqual([-Number.MAX_VALUE, 5]);
    // binary32 smallest subnormal, half of it ties to 0 (even) and RMM goes away
    expect(r(false, 1n, -150, 0, BINARY32)).toEqual([0, 3]);
    expect(r(false, 1n, -150, 4, BINARY32)).toEqual([2 ** -149, 3]);
    expect(unpack(-0.75)).toEqual({ neg: true, sig: 3n << 51n, exp: -53 });
  });
});
