/**
 * Exactly rounded IEEE 754-2008 binary32/binary64 results for the F/D extensions, with the
 * exception flags RISC-V defines (tininess detected after rounding; underflow is raised only
 * when the result is also inexact).
 *
 * Two rounders:
 * - `roundNum` — the fast one, no BigInt. The exact result is given as a double `r` plus the sign
 *   of a tiny remainder `err` (exact = r + err, |err| below half an ulp of r; r a normal double).
 *   Host arithmetic gives r and an error-free transformation (TwoSum, Dekker's product) gives
 *   the sign of err. Correct whenever the target precision drops at least one bit of r
 *   (binary32 targets), and for binary64 targets in every mode but RMM (whose ties need the
 *   size of err, not just its sign).
 * - `roundBig` — the slow path: the exact value as sign · sig · 2^exp with a BigInt sig.
 *   Used for binary64 FMA, directed/RMM rounding the fast path cannot decide, and results near
 *   the underflow/overflow thresholds.
 */

export const enum Flag { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 }
export const enum Rm { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4 }

/** A binary interchange format: precision p (with the hidden bit) and exponent range. */
export interface FloatFormat { readonly p: number; readonly emin: number; readonly emax: number }
export const BINARY32: FloatFormat = { p: 24, emin: -126, emax: 127 };
export const BINARY64: FloatFormat = { p: 53, emin: -1022, emax: 1023 };

/** Exception flags raised by the roundings since the caller last cleared it. */
export const fpStatus = { flags: 0 };

const B64 = new Float64Array(1);
const B32 = new Int32Array(B64.buffer);

// 2^n for n in [-1074, 1023], built from bit patterns (exact).
const POW2 = new Float64Array(1074 + 1024);
for (let n = -1074; n <= 1023; n++) {
  if (n >= -1022) { B32[0] = 0; B32[1] = (n + 1023) << 20; } else {
    const s = n + 1074; // subnormal: bit s of the 52-bit fraction
    B32[0] = s < 32 ? 1 << s : 0; B32[1] = s < 32 ? 0 : 1 << (s - 32);
  }
  POW2[n + 1074] = B64[0];
}
/** Exact 2^n, n in [-1074, 1023]. */
export const pow2 = (n: number): number => POW2[n + 1074];

/** Unbiased exponent of a normal double (floor(log2 |a|)). */
function exponentOf(a: number): number {
  B64[0] = a;
  return ((B32[1] >>> 20) & 0x7ff) - 1023;
}

/** Largest finite magnitude of a format. */
const maxFinite = (f: FloatFormat): number => (pow2(f.p) - 1) * pow2(f.emax - f.p + 1);

/** Does rounding `neg` values in mode rm move magnitudes up (away from zero) when inexact? */
const awayMode = (rm: number, neg: boolean): boolean => (rm === Rm.RUP && !neg) || (rm === Rm.RDN && neg);

function overflowResult(neg: boolean, rm: number, f: FloatFormat): number {
  fpStatus.flags |= Flag.OF | Flag.NX;
  const away = rm === Rm.RNE || rm === Rm.RMM || awayMode(rm, neg);
  const m = away ? Infinity : maxFinite(f);
  return neg ? -m : m;
}

/**
 * Round k0 + frac (+ a remainder of sign em below it) to an integer count of ulps in mode rm.
 * Returns the count, or -1 for "the predecessor of k0" (exact value just below k0, truncating).
 */
function roundCount(k0: number, frac: number, em: number, rm: number, neg: boolean): number {
  if (frac === 0 && em === 0) return k0;
  switch (rm) {
    case Rm.RNE: return frac > 0.5 || (frac === 0.5 && (em > 0 || (em === 0 && k0 % 2 === 1))) ? k0 + 1 : k0;
    case Rm.RMM: return frac > 0.5 || (frac === 0.5 && em >= 0) ? k0 + 1 : k0;
    default:
      if (awayMode(rm, neg)) return frac > 0 || em > 0 ? k0 + 1 : k0;
      return frac === 0 && em < 0 ? -1 : k0;
  }
}

/**
 * Round the exact value r + err (see the module comment; r a normal double, err's sign only)
 * to format f in mode rm. Returns the result as a double; raises NX/UF/OF in fpStatus.
 */
export function roundNum(r: number, err: number, f: FloatFormat, rm: number): number {
  if (r === 0) return r;
  const neg = r < 0;
  const a = neg ? -r : r;
  const em = neg ? -err : err; // remainder direction relative to the magnitude
  const e = exponentOf(a);
  const p = f.p, minLsb = f.emin - p + 1;
  const lsb = e - p + 1 < minLsb ? minLsb : e - p + 1;
  const unit = a * pow2(-e); // in [1, 2)
  const t = unit * pow2(e - lsb); // a in ulps of the result (exact scalings)
  const k0 = Math.floor(t);
  const frac = t - k0;
  const inexact = frac !== 0 || em !== 0;
  let k = roundCount(k0, frac, em, rm, neg);
  let kLsb = lsb;
  if (k === -1) {
    // Just below k0 ulps: at a power of two (normal range) the predecessor has half the ulp.
    if (k0 === pow2(p - 1) && lsb > minLsb) { k = pow2(p) - 1; kLsb = lsb - 1; } else k = k0 - 1;
  }
  let v = k * pow2(kLsb);
  if (v >= pow2(f.emax) * 2) return overflowResult(neg, rm, f);
  if (inexact) {
    fpStatus.flags |= Flag.NX;
    if (e < f.emin) {
      // Tininess after rounding: would the result, rounded to p bits with an unbounded
      // exponent, still be below 2^emin? Only a carry out of e = emin-1 escapes.
      let tiny = true;
      if (e === f.emin - 1) {
        const tu = unit * pow2(p - 1);
        const ku0 = Math.floor(tu);
        tiny = roundCount(ku0, tu - ku0, em, rm, neg) !== pow2(p);
      }
      if (tiny) fpStatus.flags |= Flag.UF;
    }
  }
  if (neg) v = -v;
  return v;
}

// ---------------------------------------------------------------- BigInt slow path

/** Exact decomposition of a finite double: |v| = sig · 2^exp. */
export interface Unpacked { neg: boolean; sig: bigint; exp: number }

export function unpack(v: number): Unpacked {
  B64[0] = v;
  const hi = B32[1], lo = B32[0];
  const be = (hi >>> 20) & 0x7ff;
  let sig = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  if (be !== 0) sig |= 1n << 52n;
  return { neg: hi < 0, sig, exp: (be === 0 ? 1 : be) - 1075 };
}

export const bitLength = (v: bigint): number => (v === 0n ? 0 : v.toString(2).length);

let bigInexact = false;
function roundBigCount(sig: bigint, drop: number, rm: number, neg: boolean): number {
  bigInexact = false;
  if (drop <= 0) return Number(sig) * pow2(-drop);
  const d = BigInt(drop);
  const q = sig >> d;
  const rem = sig - (q << d);
  const k = Number(q);
  if (rem === 0n) return k;
  bigInexact = true;
  const half = 1n << (d - 1n);
  switch (rm) {
    case Rm.RNE: return rem > half || (rem === half && k % 2 === 1) ? k + 1 : k;
    case Rm.RMM: return rem >= half ? k + 1 : k;
    default: return awayMode(rm, neg) ? k + 1 : k;
  }
}

/**
 * Round (-1)^neg · sig · 2^exp (sig ≥ 0 exact) to format f in mode rm; a zero sig gives a
 * zero of sign neg. Returns the result as a double; raises NX/UF/OF in fpStatus.
 */
export function roundBig(neg: boolean, sig: bigint, exp: number, f: FloatFormat, rm: number): number {
  if (sig === 0n) return neg ? -0 : 0;
  const p = f.p, minLsb = f.emin - p + 1;
  const e = exp + bitLength(sig) - 1;
  const lsb = Math.max(e - p + 1, minLsb);
  const k = roundBigCount(sig, lsb - exp, rm, neg);
  const inexact = bigInexact;
  // overflow: k · 2^lsb ≥ 2^(emax+1)  (k ≤ 2^p)
  const lim = f.emax + 1 - lsb;
  if (lim <= p && k >= pow2(lim)) return overflowResult(neg, rm, f);
  if (inexact) {
    fpStatus.flags |= Flag.NX;
    if (e < f.emin) {
      const ku = roundBigCount(sig, e - p + 1 - exp, rm, neg);
      if (!(e === f.emin - 1 && ku === pow2(p))) fpStatus.flags |= Flag.UF;
    }
  }
  const v = k * pow2(lsb);
  return neg ? -v : v;
}

/** Sign of an exact zero sum x + y (IEEE 754 §6.3): same-signed zeros keep it, else +0 (RDN: -0). */
export function zeroSumSign(xNeg: boolean, yNeg: boolean, rm: number): number {
  if (xNeg === yNeg) return xNeg ? -0 : 0;
  return rm === Rm.RDN ? -0 : 0;
}

const isNegative = (v: number): boolean => v < 0 || Object.is(v, -0);

/** Exactly rounded x + y (finite operands). */
export function bigAdd(x: number, y: number, f: FloatFormat, rm: number): number {
  const a = unpack(x), b = unpack(y);
  return bigSum(a.neg, a.sig, a.exp, b.neg, b.sig, b.exp, f, rm);
}

function bigSum(an: boolean, as: bigint, ae: number, bn: boolean, bs: bigint, be: number, f: FloatFormat, rm: number): number {
  if (as === 0n && bs === 0n) return zeroSumSign(an, bn, rm);
  const m = Math.min(ae, be);
  const va = (an ? -as : as) << BigInt(ae - m);
  const vb = (bn ? -bs : bs) << BigInt(be - m);
  const s = va + vb;
  if (s === 0n) return rm === Rm.RDN ? -0 : 0;
  return s < 0n ? roundBig(true, -s, m, f, rm) : roundBig(false, s, m, f, rm);
}

/** Exactly rounded x · y (finite operands). */
export function bigMul(x: number, y: number, f: FloatFormat, rm: number): number {
  const a = unpack(x), b = unpack(y);
  return roundBig(a.neg !== b.neg, a.sig * b.sig, a.exp + b.exp, f, rm);
}

/** Exactly rounded x / y (finite operands, y ≠ 0). */
export function bigDiv(x: number, y: number, f: FloatFormat, rm: number): number {
  const a = unpack(x), b = unpack(y);
  const neg = a.neg !== b.neg;
  if (a.sig === 0n) return neg ? -0 : 0;
  // Quotient with at least p+2 bits, then a sticky bit below it.
  const shift = Math.max(0, f.p + 3 + bitLength(b.sig) - bitLength(a.sig));
  const n = a.sig << BigInt(shift);
  const q = n / b.sig;
  const sticky = n - q * b.sig !== 0n ? 1n : 0n;
  return roundBig(neg, (q << 1n) | sticky, a.exp - b.exp - shift - 1, f, rm);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Exactly rounded sqrt(x) (x finite, > 0). */
export function bigSqrt(x: number, f: FloatFormat, rm: number): number {
  const a = unpack(x);
  let sig = a.sig, exp = a.exp;
  if (exp % 2 !== 0) { sig <<= 1n; exp -= 1; }
  const k = Math.max(0, Math.ceil((2 * f.p + 8 - bitLength(sig)) / 2));
  const n = sig << BigInt(2 * k);
  const s = isqrt(n);
  const sticky = n - s * s !== 0n ? 1n : 0n;
  return roundBig(false, (s << 1n) | sticky, (exp - 2 * k) / 2 - 1, f, rm);
}

/** Exactly rounded (±x·y) ± z with one rounding (finite operands). */
export function bigFma(x: number, y: number, z: number, negProd: boolean, negAdd: boolean, f: FloatFormat, rm: number): number {
  const a = unpack(x), b = unpack(y), c = unpack(z);
  const pn = (a.neg !== b.neg) !== negProd;
  const cn = c.neg !== negAdd;
  return bigSum(pn, a.sig * b.sig, a.exp + b.exp, cn, c.sig, c.exp, f, rm);
}

export { isNegative };
