/**
 * The F and D extensions' semantics (unprivileged spec 20191213, chapters 11–12): every Op.FP
 * operation, NaN boxing of singles in the 64-bit f registers, canonical NaNs, rounding modes
 * (static and dynamic; reserved ones are illegal), and the accrued exception flags.
 *
 * Registers are an Int32Array of lo/hi pairs (`f`, like the integer file) with a Float64Array
 * view of the same buffer (`fd`) for arithmetic. NaN bit patterns are only ever moved through
 * the Int32 view: host NaNs do not keep payloads, and every NaN result is the canonical one.
 *
 * Arithmetic: binary64 in RNE is the host's; binary32 is computed in binary64 (exact for
 * products, innocuous double rounding for the rest) and re-rounded by `roundNum`, which also
 * gives directed rounding and exact flags from the sign of the host result's error (TwoSum,
 * Dekker's product, division/sqrt residuals). What the fast path cannot decide (binary64 FMA,
 * RMM, results near the underflow/overflow thresholds) goes to the BigInt rounder.
 */
import { FpOp } from './isa.js';
import { type CsrFile, MS } from './csr-file.js';
import {
  BINARY32, BINARY64, Flag, Rm, fpStatus, pow2, roundNum, roundBig, zeroSumSign,
  bigAdd, bigMul, bigDiv, bigSqrt, bigFma, type FloatFormat,
} from './softfloat-round.js';

/** What the FP unit needs of a hart. */
export interface FpHart {
  readonly x: Int32Array;
  readonly f: Int32Array;
  readonly fd: Float64Array;
  readonly csr: CsrFile;
}

export const CANON_S = 0x7fc00000;
export const CANON_D_HI = 0x7ff80000;

// Scratch views for bit <-> value moves of non-NaN values.
const S64 = new Float64Array(1);
const S32 = new Int32Array(S64.buffer);
const SF = new Float32Array(S64.buffer, 0, 1);

const f32v = (bits: number): number => { S32[0] = bits; return SF[0]; };
const f32bits = (v: number): number => { SF[0] = v; return S32[0]; };

const isNaN32 = (b: number): boolean => (b & 0x7fffffff) > 0x7f800000;
const isSNaN32 = (b: number): boolean => isNaN32(b) && (b & 0x00400000) === 0;
const isNaN64 = (lo: number, hi: number): boolean => {
  const h = hi & 0x7fffffff;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo !== 0);
};
const isSNaN64 = (lo: number, hi: number): boolean => isNaN64(lo, hi) && (hi & 0x00080000) === 0;

/** Operations that have a rounding-mode field (validated even where the result is exact). */
const USES_RM = new Uint8Array(FpOp.COUNT);
for (const base of [0, FpOp.D_BASE]) {
  for (const op of [FpOp.FADD_S, FpOp.FSUB_S, FpOp.FMUL_S, FpOp.FDIV_S, FpOp.FSQRT_S, FpOp.FCVT_W_S, FpOp.FCVT_WU_S,
    FpOp.FCVT_L_S, FpOp.FCVT_LU_S, FpOp.FCVT_S_W, FpOp.FCVT_S_WU, FpOp.FCVT_S_L, FpOp.FCVT_S_LU,
    FpOp.FMADD_S, FpOp.FMSUB_S, FpOp.FNMSUB_S, FpOp.FNMADD_S]) USES_RM[base + op] = 1;
}
USES_RM[FpOp.FCVT_S_D] = 1; USES_RM[FpOp.FCVT_D_S] = 1;

/** A valid (non-reserved) rounding mode for the instruction, or -1 (illegal instruction). */
function effectiveRm(rmField: number, fcsr: number): number {
  const rm = rmField === 7 ? (fcsr >>> 5) & 7 : rmField;
  return rm > 4 ? -1 : rm;
}

// ---------------------------------------------------------------- error-free transformations
const SPLIT = 134217729; // 2^27 + 1
/** a·b − RN(a·b) exactly (Dekker), valid away from overflow/underflow. */
function productError(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}
/** Sign of (a − p − e) where p + e = q·y exactly: the residual of a quotient or square root. */
const residualSign = (a: number, p: number, e: number): number => {
  const d = a - p; // exact (Sterbenz: p is within a factor of 2 of a)
  return d > e ? 1 : d < e ? -1 : 0;
};
const sgn = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);
const isNeg = (v: number): boolean => v < 0 || Object.is(v, -0);

// ---------------------------------------------------------------- binary32 arithmetic
const enum Bin { ADD, SUB, MUL, DIV }

/** a op b on binary32 bit patterns; returns the result's bit pattern. */
function arithS(op: Bin, a: number, b: number, rm: number): number {
  if (isNaN32(a) || isNaN32(b)) {
    if (isSNaN32(a) || isSNaN32(b)) fpStatus.flags |= Flag.NV;
    return CANON_S;
  }
  const x = f32v(a);
  let y = f32v(b);
  let r: number, err = 0;
  switch (op) {
    case Bin.ADD: case Bin.SUB: {
      if (op === Bin.SUB) y = -y;
      r = x + y;
      if (r !== r) { fpStatus.flags |= Flag.NV; return CANON_S; }
      if (!Number.isFinite(x) || !Number.isFinite(y)) return f32bits(r); // binary32 sums cannot overflow binary64
      if (r === 0) return f32bits(zeroSumSign(isNeg(x), isNeg(y), rm));
      const bb = r - x;
      err = sgn((x - (r - bb)) + (y - bb));
      break;
    }
    case Bin.MUL:
      r = x * y;
      if (r !== r) { fpStatus.flags |= Flag.NV; return CANON_S; }
      if (r === 0 || !Number.isFinite(r)) return f32bits(r); // exact zero or infinite operand
      break;
    default: // DIV
      if (y === 0) {
        if (x === 0 || x !== x) { fpStatus.flags |= Flag.NV; return CANON_S; }
        if (Number.isFinite(x)) fpStatus.flags |= Flag.DZ;
        return f32bits(x / y);
      }
      r = x / y;
      if (r !== r) { fpStatus.flags |= Flag.NV; return CANON_S; }
      if (r === 0 || !Number.isFinite(r)) return f32bits(r);
      {
        const p = r * y;
        err = residualSign(x, p, productError(r, y, p)) * sgn(y);
      }
      break;
  }
  return roundS(r, err, rm);
}

const MIN_NORMAL_S = pow2(-126);
/**
 * Round r + err (see roundNum) to binary32. RNE with a normal result is the host's fround of the
 * binary64 result (double rounding is innocuous for + − × ÷ √ of binary32 operands and exact
 * for the FMA's TwoSum pair); anything else, roundNum.
 */
function roundS(r: number, err: number, rm: number): number {
  if (rm === Rm.RNE) {
    const f = Math.fround(r);
    const af = f < 0 ? -f : f;
    if (af > MIN_NORMAL_S && af !== Infinity) {
      if (f !== r || err !== 0) fpStatus.flags |= Flag.NX;
      return f32bits(f);
    }
  }
  return f32bits(roundNum(r, err, BINARY32, rm));
}

function sqrtS(a: number, rm: number): number {
  if (isNaN32(a)) {
    if (isSNaN32(a)) fpStatus.flags |= Flag.NV;
    return CANON_S;
  }
  const x = f32v(a);
  if (x < 0) { fpStatus.flags |= Flag.NV; return CANON_S; }
  if (x === 0 || x === Infinity) return a;
  const r = Math.sqrt(x);
  const p = r * r;
  return roundS(r, residualSign(x, p, productError(r, r, p)), rm);
}

// ---------------------------------------------------------------- binary64 arithmetic
const TINY = pow2(-960), HUGE = pow2(990), MIN_SAFE = pow2(-1021);

/** a op b on binary64 values (non-NaN inputs checked by the caller); returns the result value or NaN. */
function arithD(op: Bin, x: number, y: number, rm: number): number {
  let r: number, err = 0;
  switch (op) {
    case Bin.ADD: case Bin.SUB: {
      if (op === Bin.SUB) y = -y;
      r = x + y;
      if (r !== r) { fpStatus.flags |= Flag.NV; return NaN; }
      if (!Number.isFinite(x) || !Number.isFinite(y)) return r;
      if (!Number.isFinite(r)) return bigAdd(x, y, BINARY64, rm);
      if (r === 0) return zeroSumSign(isNeg(x), isNeg(y), rm);
      const bb = r - x;
      err = sgn((x - (r - bb)) + (y - bb));
      break; // a sum that lands below 2^-1022 is always exact, so no underflow check is needed
    }
    case Bin.MUL: {
      r = x * y;
      if (r !== r) { fpStatus.flags |= Flag.NV; return NaN; }
      if (x === 0 || y === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return r;
      const ar = Math.abs(r);
      if (!(ar >= TINY && ar <= HUGE) || Math.abs(x) > HUGE || Math.abs(y) > HUGE) return bigMul(x, y, BINARY64, rm);
      err = sgn(productError(x, y, r));
      break;
    }
    default: { // DIV
      if (y === 0) {
        if (x === 0) { fpStatus.flags |= Flag.NV; return NaN; }
        if (Number.isFinite(x)) fpStatus.flags |= Flag.DZ;
        return x / y;
      }
      r = x / y;
      if (r !== r) { fpStatus.flags |= Flag.NV; return NaN; }
      if (x === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return r;
      const ar = Math.abs(r), ax = Math.abs(x), ay = Math.abs(y);
      if (!(ar >= TINY && ar <= HUGE && ax >= TINY && ax <= HUGE && ay <= HUGE)) return bigDiv(x, y, BINARY64, rm);
      const p = r * y;
      err = residualSign(x, p, productError(r, y, p)) * sgn(y);
      break;
    }
  }
  return finishD(r, err, rm, op, x, y);
}

/** Apply rounding mode and flags to a binary64 host result r with error sign err. */
function finishD(r: number, err: number, rm: number, op: Bin, x: number, y: number): number {
  if (err === 0) return r;
  if (rm === Rm.RNE) { fpStatus.flags |= Flag.NX; return r; }
  if (rm === Rm.RMM || Math.abs(r) < MIN_SAFE) {
    // RMM ties need the error's size: redo exactly.
    switch (op) {
      case Bin.ADD: case Bin.SUB: return bigAdd(x, y, BINARY64, rm);
      case Bin.MUL: return bigMul(x, y, BINARY64, rm);
      default: return bigDiv(x, y, BINARY64, rm);
    }
  }
  return roundNum(r, err, BINARY64, rm);
}

function sqrtD(x: number, rm: number): number {
  if (x < 0) { fpStatus.flags |= Flag.NV; return NaN; }
  if (x === 0 || x === Infinity) return x;
  const r = Math.sqrt(x);
  if (!(x >= TINY && x <= HUGE)) return bigSqrt(x, BINARY64, rm);
  const p = r * r;
  const err = residualSign(x, p, productError(r, r, p));
  if (err === 0) return r;
  if (rm === Rm.RNE) { fpStatus.flags |= Flag.NX; return r; }
  return roundNum(r, err, BINARY64, rm); // square roots never tie, so RMM is RNE here
}

// ---------------------------------------------------------------- fused multiply-add
/**
 * (±x·y) ± z with one rounding; NaN returned for an invalid or NaN result (flags raised here).
 * Values are binary32 or binary64 (format f); NaN operands are handled by the caller except
 * for the invalid ∞·0 that RISC-V flags even when z is a quiet NaN.
 */
function fma(x: number, y: number, z: number, negProd: boolean, negAdd: boolean, f: FloatFormat, rm: number): number {
  const infX = !Number.isFinite(x), infY = !Number.isFinite(y), infZ = !Number.isFinite(z);
  if ((infX && y === 0) || (infY && x === 0)) { fpStatus.flags |= Flag.NV; return NaN; }
  if (infX || infY || infZ) {
    const prod = negProd ? -(x * y) : x * y;
    const add = negAdd ? -z : z;
    const r = prod + add;
    if (r !== r) fpStatus.flags |= Flag.NV; // ∞ − ∞
    return r;
  }
  if (f === BINARY32) {
    // The product of two binary32 values is exact in binary64; TwoSum makes the sum exact.
    const p = negProd ? -(x * y) : x * y;
    const c = negAdd ? -z : z;
    const r = p + c;
    if (r === 0) return zeroSumSign(isNeg(p), isNeg(c), rm);
    const bb = r - p;
    return roundNum(r, sgn((p - (r - bb)) + (c - bb)), BINARY32, rm);
  }
  const r = fmaFastD(negProd ? -x : x, y, negAdd ? -z : z, rm);
  return r !== null ? r : bigFma(x, y, z, negProd, negAdd, f, rm);
}

const FMA_TINY = pow2(-900);
const B = new Float64Array(1);
const BI = new Int32Array(B.buffer);

/**
 * Binary64 x·y + z without BigInt, or null when this path cannot decide (then the BigInt
 * rounder does). x·y = p + pe exactly (Dekker); p + pe + z is rounded once with Boldo and
 * Melquiond's correctly rounded sum of three doubles (TwoSum, TwoSum, a round-to-odd addition,
 * a final rounded addition), and the sign of the remaining error comes from the last TwoSum and
 * the odd rounding. Away from underflow/overflow only; RMM (ties need the error's size) and
 * zero results go to the slow path.
 */
function fmaFastD(x: number, y: number, z: number, rm: number): number | null {
  if (rm === Rm.RMM || x === 0 || y === 0) return null;
  if (z === 0) {
    // x·y ± 0 with x·y ≠ 0: one rounding of the product, exactly fmul
    const r = arithD(Bin.MUL, x, y, rm);
    return r;
  }
  const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
  if (ax > HUGE || ay > HUGE || az > HUGE) return null;
  const p = x * y;
  const ap = Math.abs(p);
  if (!(ap >= FMA_TINY && ap <= HUGE)) return null;
  const pe = productError(x, y, p);
  // (uh, ul) = TwoSum(pe, z); (th, tl) = TwoSum(p, uh)
  const uh = pe + z;
  let bb = uh - pe;
  const ul = (pe - (uh - bb)) + (z - bb);
  const th = p + uh;
  bb = th - p;
  const tl = (p - (th - bb)) + (uh - bb);
  // v = RO(tl + ul), d = sign of (tl + ul) − v
  let v = tl + ul;
  bb = v - tl;
  const e0 = (tl - (v - bb)) + (ul - bb);
  let d = sgn(e0);
  if (e0 !== 0) {
    B[0] = v;
    if ((BI[0] & 1) === 0) {
      // even: step one ulp towards the exact sum (v ≠ 0 here: a zero sum is exact)
      const up = (e0 > 0) === (v > 0);
      let lo = BI[0], hi = BI[1];
      if (up) { lo = (lo + 1) | 0; if (lo === 0) hi = (hi + 1) | 0; } else { if (lo === 0) hi = (hi - 1) | 0; lo = (lo - 1) | 0; }
      BI[0] = lo; BI[1] = hi;
      v = B[0];
      d = -d;
    }
  }
  const r = th + v;
  if (r === 0 || !Number.isFinite(r) || Math.abs(r) < FMA_TINY) return null;
  bb = r - th;
  const w = sgn((th - (r - bb)) + (v - bb));
  let err: number;
  if (w === 0) err = d; else if (d === 0 || d === w) err = w; else return null;
  if (err === 0) return r;
  if (rm === Rm.RNE) { fpStatus.flags |= Flag.NX; return r; }
  return roundNum(r, err, BINARY64, rm);
}

// ---------------------------------------------------------------- conversions
/** Round a finite double to an integer in mode rm. */
function roundToInt(v: number, rm: number): number {
  const fl = Math.floor(v);
  const d = v - fl;
  if (d === 0) return v;
  switch (rm) {
    case Rm.RNE: return d > 0.5 ? fl + 1 : d < 0.5 ? fl : (fl % 2 === 0 ? fl : fl + 1);
    case Rm.RTZ: return Math.trunc(v);
    case Rm.RDN: return fl;
    case Rm.RUP: return fl + 1;
    default: return d > 0.5 ? fl + 1 : d < 0.5 ? fl : v > 0 ? fl + 1 : fl;
  }
}

const enum Cvt { W, WU, L, LU }
const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

/** Float value (NaN allowed) → integer in x[rd2], with saturation and flags. */
function toInt(x: Int32Array, rd2: number, v: number, kind: Cvt, rm: number): void {
  let lo: number, hi: number;
  const n = v !== v ? NaN : Number.isFinite(v) ? roundToInt(v, rm) : v;
  let inRange: boolean;
  switch (kind) {
    case Cvt.W: inRange = n >= -2147483648 && n <= 2147483647; break;
    case Cvt.WU: inRange = n >= 0 && n <= 4294967295; break;
    case Cvt.L: inRange = n >= -TWO63 && n < TWO63; break;
    default: inRange = n >= 0 && n < TWO64; break;
  }
  if (!inRange) {
    fpStatus.flags |= Flag.NV;
    const high = n !== n || n > 0;
    switch (kind) {
      case Cvt.W: lo = high ? 0x7fffffff : 0x80000000 | 0; hi = lo >> 31; break;
      case Cvt.WU: lo = high ? -1 : 0; hi = lo; break;
      case Cvt.L: lo = high ? -1 : 0; hi = high ? 0x7fffffff : 0x80000000 | 0; break;
      default: lo = high ? -1 : 0; hi = lo; break;
    }
  } else {
    if (n !== v) fpStatus.flags |= Flag.NX;
    if (kind === Cvt.W || kind === Cvt.WU) { lo = n | 0; hi = lo >> 31; } else {
      const h = Math.floor(n / TWO32);
      lo = (n - h * TWO32) | 0; hi = h | 0;
    }
  }
  if (rd2 !== 0) { x[rd2] = lo; x[rd2 + 1] = hi; }
}

/**
 * Integer (from x[rs2]) → double r and the sign of the error (exact − r), for fcvt.*.[w|wu|l|lu].
 * Returns r; the error sign is left in `cvtErr`.
 */
let cvtErr = 0;
function fromInt(x: Int32Array, rs2: number, kind: Cvt): number {
  const lo = x[rs2], hi = x[rs2 + 1];
  cvtErr = 0;
  switch (kind) {
    case Cvt.W: return lo;
    case Cvt.WU: return lo >>> 0;
    default: {
      const h = (kind === Cvt.L ? hi : hi >>> 0) * TWO32;
      const r = h + (lo >>> 0);
      cvtErr = sgn((h - r) + (lo >>> 0)); // both steps exact (integers below 2^34)
      return r;
    }
  }
}

/** The exact integer of x[rs2] as sign + BigInt magnitude (slow path of fcvt.d.l/lu in RMM). */
function intBig(x: Int32Array, rs2: number, signed: boolean): [boolean, bigint] {
  const v = (BigInt(x[rs2 + 1] >>> 0) << 32n) | BigInt(x[rs2] >>> 0);
  const s = signed ? BigInt.asIntN(64, v) : v;
  return s < 0n ? [true, -s] : [false, s];
}

function fclass32(b: number): number {
  const neg = b < 0, e = (b >>> 23) & 0xff, frac = b & 0x7fffff;
  if (e === 0xff) return frac === 0 ? (neg ? 1 : 1 << 7) : (frac & 0x400000) !== 0 ? 1 << 9 : 1 << 8;
  if (e === 0) return frac === 0 ? (neg ? 1 << 3 : 1 << 4) : (neg ? 1 << 2 : 1 << 5);
  return neg ? 1 << 1 : 1 << 6;
}

function fclass64(lo: number, hi: number): number {
  const neg = hi < 0, e = (hi >>> 20) & 0x7ff, fz = (hi & 0xfffff) === 0 && lo === 0;
  if (e === 0x7ff) return fz ? (neg ? 1 : 1 << 7) : (hi & 0x80000) !== 0 ? 1 << 9 : 1 << 8;
  if (e === 0) return fz ? (neg ? 1 << 3 : 1 << 4) : (neg ? 1 << 2 : 1 << 5);
  return neg ? 1 << 1 : 1 << 6;
}

// ---------------------------------------------------------------- the executor
/** Mark the FP state dirty (mstatus.FS = Dirty). */
export function fsDirty(csr: CsrFile): void { csr.mstatus |= MS.FS; }
/** Is the FPU enabled (mstatus.FS ≠ Off)? */
export const fsOn = (csr: CsrFile): boolean => (csr.mstatus & MS.FS) !== 0;

/**
 * Execute an Op.FP instruction. Register indices are doubled (lo/hi slots); `imm` is the
 * decoded FP immediate (fpImm). Returns false for an illegal instruction (FS off or a reserved
 * rounding mode), with no state changed.
 */
export function fpExec(h: FpHart, rd2: number, rs12: number, rs22: number, imm: number): boolean {
  const csr = h.csr;
  if ((csr.mstatus & MS.FS) === 0) return false;
  const fop = imm & 0xff;
  let rm = 0;
  if (USES_RM[fop] === 1) {
    rm = effectiveRm((imm >>> 8) & 7, csr.fcsr);
    if (rm < 0) return false;
  }
  const f = h.f, fd = h.fd, x = h.x;
  fpStatus.flags = 0;
  let writesF = true;
  // binary32 operands, unboxed (an improperly boxed value reads as the canonical NaN)
  const a = f[rs12 + 1] === -1 ? f[rs12] : CANON_S;
  const b = f[rs22 + 1] === -1 ? f[rs22] : CANON_S;
  const rs32 = (imm >>> 11) & 31;
  let resS = 0; // binary32 result bits, written boxed unless the case returns earlier
  switch (fop) {
    case FpOp.FADD_S: resS = arithS(Bin.ADD, a, b, rm); break;
    case FpOp.FSUB_S: resS = arithS(Bin.SUB, a, b, rm); break;
    case FpOp.FMUL_S: resS = arithS(Bin.MUL, a, b, rm); break;
    case FpOp.FDIV_S: resS = arithS(Bin.DIV, a, b, rm); break;
    case FpOp.FSQRT_S: resS = sqrtS(a, rm); break;
    case FpOp.FSGNJ_S: resS = (a & 0x7fffffff) | (b & (0x80000000 | 0)); break;
    case FpOp.FSGNJN_S: resS = (a & 0x7fffffff) | (~b & (0x80000000 | 0)); break;
    case FpOp.FSGNJX_S: resS = a ^ (b & (0x80000000 | 0)); break;
    case FpOp.FMIN_S: case FpOp.FMAX_S: {
      if (isSNaN32(a) || isSNaN32(b)) fpStatus.flags |= Flag.NV;
      const an = isNaN32(a), bn = isNaN32(b);
      if (an && bn) resS = CANON_S;
      else if (an) resS = b;
      else if (bn) resS = a;
      else {
        const va = f32v(a), vb = f32v(b);
        const aFirst = va === vb ? (a < 0) === (fop === FpOp.FMIN_S) : (va < vb) === (fop === FpOp.FMIN_S);
        resS = aFirst ? a : b;
      }
      break;
    }
    case FpOp.FCVT_W_S: case FpOp.FCVT_WU_S: case FpOp.FCVT_L_S: case FpOp.FCVT_LU_S:
      toInt(x, rd2, isNaN32(a) ? NaN : f32v(a), (fop - FpOp.FCVT_W_S) as Cvt, rm);
      writesF = false;
      break;
    case FpOp.FMV_X_W: if (rd2 !== 0) { x[rd2] = f[rs12]; x[rd2 + 1] = f[rs12] >> 31; } writesF = false; break;
    case FpOp.FEQ_S: case FpOp.FLT_S: case FpOp.FLE_S: {
      let r = 0;
      if (isNaN32(a) || isNaN32(b)) {
        if (fop !== FpOp.FEQ_S || isSNaN32(a) || isSNaN32(b)) fpStatus.flags |= Flag.NV;
      } else {
        const va = f32v(a), vb = f32v(b);
        r = (fop === FpOp.FEQ_S ? va === vb : fop === FpOp.FLT_S ? va < vb : va <= vb) ? 1 : 0;
      }
      if (rd2 !== 0) { x[rd2] = r; x[rd2 + 1] = 0; }
      writesF = false;
      break;
    }
    case FpOp.FCLASS_S: if (rd2 !== 0) { x[rd2] = fclass32(a); x[rd2 + 1] = 0; } writesF = false; break;
    case FpOp.FCVT_S_W: case FpOp.FCVT_S_WU: case FpOp.FCVT_S_L: case FpOp.FCVT_S_LU: {
      const r = fromInt(x, rs12, (fop - FpOp.FCVT_S_W) as Cvt);
      resS = f32bits(roundNum(r, cvtErr, BINARY32, rm));
      break;
    }
    case FpOp.FMV_W_X: resS = x[rs12]; break;
    case FpOp.FMADD_S: case FpOp.FMSUB_S: case FpOp.FNMSUB_S: case FpOp.FNMADD_S: {
      const c = f[rs32 * 2 + 1] === -1 ? f[rs32 * 2] : CANON_S;
      const k = fop - FpOp.FMADD_S;
      if (isNaN32(a) || isNaN32(b) || isNaN32(c)) {
        if (isSNaN32(a) || isSNaN32(b) || isSNaN32(c)) fpStatus.flags |= Flag.NV;
        const va = f32v(a), vb = f32v(b);
        if ((va === 0 && Math.abs(vb) === Infinity) || (vb === 0 && Math.abs(va) === Infinity)) fpStatus.flags |= Flag.NV;
        resS = CANON_S;
      } else {
        const r = fma(f32v(a), f32v(b), f32v(c), k >= 2, k === 1 || k === 3, BINARY32, rm);
        resS = r !== r ? CANON_S : f32bits(r);
      }
      break;
    }
    case FpOp.FCVT_S_D: {
      const lo = f[rs12], hi = f[rs12 + 1];
      if (isNaN64(lo, hi)) {
        if (isSNaN64(lo, hi)) fpStatus.flags |= Flag.NV;
        resS = CANON_S;
      } else {
        const v = fd[rs12 >> 1];
        // Below 2^-1000 every value rounds like any other tiny value of its sign.
        const w = v !== 0 && Math.abs(v) < pow2(-1000) ? (v < 0 ? -pow2(-200) : pow2(-200)) : v;
        resS = f32bits(Number.isFinite(w) ? roundNum(w, 0, BINARY32, rm) : w);
      }
      break;
    }
    default:
      return execD(h, fop, rd2, rs12, rs22, rs32, rm);
  }
  if (writesF) { f[rd2] = resS; f[rd2 + 1] = -1; }
  finish(csr, writesF);
  return true;
}

function finish(csr: CsrFile, wroteF: boolean): void {
  const fl = fpStatus.flags;
  if (fl !== 0) csr.fcsr |= fl;
  if (wroteF || fl !== 0) csr.mstatus |= MS.FS;
}

/** Write a binary64 result value (NaN → canonical NaN). */
function putD(f: Int32Array, fd: Float64Array, rd2: number, v: number): void {
  if (v !== v) { f[rd2] = 0; f[rd2 + 1] = CANON_D_HI; } else fd[rd2 >> 1] = v;
}

function execD(h: FpHart, fop: number, rd2: number, rs12: number, rs22: number, rs32: number, rm: number): boolean {
  const f = h.f, fd = h.fd, x = h.x;
  const alo = f[rs12], ahi = f[rs12 + 1], blo = f[rs22], bhi = f[rs22 + 1];
  const aN = isNaN64(alo, ahi), bN = isNaN64(blo, bhi);
  const aS = aN && isSNaN64(alo, ahi), bS = bN && isSNaN64(blo, bhi);
  let writesF = true;
  switch (fop) {
    case FpOp.FADD_D: case FpOp.FSUB_D: case FpOp.FMUL_D: case FpOp.FDIV_D:
      if (aN || bN) { if (aS || bS) fpStatus.flags |= Flag.NV; putD(f, fd, rd2, NaN); break; }
      putD(f, fd, rd2, arithD((fop - FpOp.FADD_D) as Bin, fd[rs12 >> 1], fd[rs22 >> 1], rm));
      break;
    case FpOp.FSQRT_D:
      if (aN) { if (aS) fpStatus.flags |= Flag.NV; putD(f, fd, rd2, NaN); break; }
      putD(f, fd, rd2, sqrtD(fd[rs12 >> 1], rm));
      break;
    case FpOp.FSGNJ_D: f[rd2] = alo; f[rd2 + 1] = (ahi & 0x7fffffff) | (bhi & (0x80000000 | 0)); break;
    case FpOp.FSGNJN_D: f[rd2] = alo; f[rd2 + 1] = (ahi & 0x7fffffff) | (~bhi & (0x80000000 | 0)); break;
    case FpOp.FSGNJX_D: f[rd2] = alo; f[rd2 + 1] = ahi ^ (bhi & (0x80000000 | 0)); break;
    case FpOp.FMIN_D: case FpOp.FMAX_D: {
      if (aS || bS) fpStatus.flags |= Flag.NV;
      let lo: number, hi: number;
      if (aN && bN) { lo = 0; hi = CANON_D_HI; } else if (aN) { lo = blo; hi = bhi; } else if (bN) { lo = alo; hi = ahi; } else {
        const va = fd[rs12 >> 1], vb = fd[rs22 >> 1];
        const aFirst = va === vb ? (ahi < 0) === (fop === FpOp.FMIN_D) : (va < vb) === (fop === FpOp.FMIN_D);
        lo = aFirst ? alo : blo; hi = aFirst ? ahi : bhi;
      }
      f[rd2] = lo; f[rd2 + 1] = hi;
      break;
    }
    case FpOp.FCVT_W_D: case FpOp.FCVT_WU_D: case FpOp.FCVT_L_D: case FpOp.FCVT_LU_D:
      toInt(x, rd2, aN ? NaN : fd[rs12 >> 1], (fop - FpOp.FCVT_W_D) as Cvt, rm);
      writesF = false;
      break;
    case FpOp.FMV_X_D: if (rd2 !== 0) { x[rd2] = alo; x[rd2 + 1] = ahi; } writesF = false; break;
    case FpOp.FEQ_D: case FpOp.FLT_D: case FpOp.FLE_D: {
      let r = 0;
      if (aN || bN) {
        if (fop !== FpOp.FEQ_D || aS || bS) fpStatus.flags |= Flag.NV;
      } else {
        const va = fd[rs12 >> 1], vb = fd[rs22 >> 1];
        r = (fop === FpOp.FEQ_D ? va === vb : fop === FpOp.FLT_D ? va < vb : va <= vb) ? 1 : 0;
      }
      if (rd2 !== 0) { x[rd2] = r; x[rd2 + 1] = 0; }
      writesF = false;
      break;
    }
    case FpOp.FCLASS_D: if (rd2 !== 0) { x[rd2] = fclass64(alo, ahi); x[rd2 + 1] = 0; } writesF = false; break;
    case FpOp.FCVT_D_W: case FpOp.FCVT_D_WU: case FpOp.FCVT_D_L: case FpOp.FCVT_D_LU: {
      const kind = (fop - FpOp.FCVT_D_W) as Cvt;
      const r = fromInt(x, rs12, kind);
      let v = r;
      if (cvtErr !== 0) {
        if (rm === Rm.RNE) fpStatus.flags |= Flag.NX;
        else if (rm === Rm.RMM) { const [neg, mag] = intBig(x, rs12, kind === Cvt.L); v = roundBig(neg, mag, 0, BINARY64, rm); }
        else v = roundNum(r, cvtErr, BINARY64, rm);
      }
      fd[rd2 >> 1] = v;
      break;
    }
    case FpOp.FMV_D_X: f[rd2] = x[rs12]; f[rd2 + 1] = x[rs12 + 1]; break;
    case FpOp.FMADD_D: case FpOp.FMSUB_D: case FpOp.FNMSUB_D: case FpOp.FNMADD_D: {
      const clo = f[rs32 * 2], chi = f[rs32 * 2 + 1];
      const cN = isNaN64(clo, chi);
      const k = fop - FpOp.FMADD_D;
      if (aN || bN || cN) {
        if (aS || bS || (cN && isSNaN64(clo, chi))) fpStatus.flags |= Flag.NV;
        const va = fd[rs12 >> 1], vb = fd[rs22 >> 1];
        if ((va === 0 && Math.abs(vb) === Infinity) || (vb === 0 && Math.abs(va) === Infinity)) fpStatus.flags |= Flag.NV;
        putD(f, fd, rd2, NaN);
      } else {
        putD(f, fd, rd2, fma(fd[rs12 >> 1], fd[rs22 >> 1], fd[rs32], k >= 2, k === 1 || k === 3, BINARY64, rm));
      }
      break;
    }
    case FpOp.FCVT_D_S: {
      const s = ahi === -1 ? alo : CANON_S;
      if (isNaN32(s)) {
        if (isSNaN32(s)) fpStatus.flags |= Flag.NV;
        putD(f, fd, rd2, NaN);
      } else fd[rd2 >> 1] = f32v(s);
      break;
    }
    default:
      return false;
  }
  finish(h.csr, writesF);
  return true;
}

/** Box a loaded word into f[rd2] (flw). */
export function boxS(f: Int32Array, rd2: number, bits: number): void { f[rd2] = bits; f[rd2 + 1] = -1; }
