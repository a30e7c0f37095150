/**
 * Exact 64-bit integer arithmetic for the RV64 M extension.
 *
 * The CPU keeps every 64-bit register as two int32 halves (lo, hi). Each 64-bit
 * operation here takes the halves of its two operands and writes the 64-bit result
 * into the exported `out` pair: `out[0]` = lo, `out[1]` = hi. The W forms take the
 * low halves and return the sign-extended 32-bit result as a plain number.
 *
 * No BigInt and no allocation on the hot path. The 64-bit ops are a tiny
 * WebAssembly module assembled below from named opcodes. It stores its i64
 * result at address 0 of its own memory, and `out` is an Int32Array view of
 * those 8 bytes, so reading the result costs no copy. The memory never grows,
 * so the view stays valid.
 *
 * Every 64-bit op has two implementations: the wasm one, and one in plain JS
 * with doubles (for division: JS when both operands fit in 32 bits, else the
 * wasm op). Both sets are exported in `impls` so they can be tested against
 * each other and benchmarked (bench/arith64-micro.ts). The default exports are
 * the faster one as measured on Node 20 (numbers next to them below).
 *
 * RISC-V corner cases (unprivileged spec, M extension, "Division by zero and
 * overflow"):
 *   x / 0            -> all ones (div, divu, divw, divuw)
 *   x % 0            -> x        (rem, remu, remw, remuw)
 *   MIN / -1         -> MIN      (div, divw)
 *   MIN % -1         -> 0        (rem, remw)
 * These are handled before any wasm division, so wasm never traps.
 */

/** A 64-bit binary op on int32 halves; the result goes to `out`. */
export type Op64 = (alo: number, ahi: number, blo: number, bhi: number) => void;
/** A 32-bit (W form) binary op; returns the sign-extended 32-bit result. */
export type Op32 = (a: number, b: number) => number;

/** The 64-bit M-extension operations. */
export interface Arith64Impl {
  mul: Op64;
  mulh: Op64;
  mulhsu: Op64;
  mulhu: Op64;
  div: Op64;
  divu: Op64;
  rem: Op64;
  remu: Op64;
}

// ---------------------------------------------------------------------------
// WebAssembly assembler (just what this module needs)
// ---------------------------------------------------------------------------

const I32 = 0x7f;
const I64 = 0x7e;
const VOID_BLOCK = 0x40;

/** Opcodes used below (WebAssembly core spec 1.0, section 5.4). */
const OP = {
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i64Eqz: 0x50,
  i64Eq: 0x51,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64DivS: 0x7f,
  i64DivU: 0x80,
  i64RemS: 0x81,
  i64RemU: 0x82,
  i64And: 0x83,
  i64Or: 0x84,
  i64Shl: 0x86,
  i64ShrS: 0x87,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
  i64ExtendI32S: 0xac,
  i64ExtendI32U: 0xad,
} as const;

function uleb(n: number): number[] {
  const bytes: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    bytes.push(b);
  } while (n !== 0);
  return bytes;
}

function sleb(n: bigint): number[] {
  const bytes: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0);
    bytes.push(done ? b : b | 0x80);
    if (done) return bytes;
  }
}

function name(s: string): number[] {
  const b = [...s].map((c) => c.charCodeAt(0)); // ASCII names only
  return [...uleb(b.length), ...b];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const get = (i: number): number[] => [OP.localGet, i];
const set = (i: number): number[] => [OP.localSet, i];
const i64c = (v: bigint): number[] => [OP.i64Const, ...sleb(v)];
/** Zero-extend int32 param `i` to i64. */
const u = (i: number): number[] => [...get(i), OP.i64ExtendI32U];
/** The i64 made of params lo = `lo`, hi = `hi`. */
const join = (lo: number, hi: number): number[] => [
  ...u(lo),
  ...u(hi), ...i64c(32n), OP.i64Shl,
  OP.i64Or,
];
/** All ones if the int32 param `hi` is negative, else 0 (as i64). */
const signMask = (hi: number): number[] => [...get(hi), OP.i64ExtendI32S, ...i64c(63n), OP.i64ShrS];

// Params 0..3 are alo, ahi, blo, bhi. Extra i64 locals start at 4.
const A = 4;
const B = 5;
const T = 6;

/** Store the i64 computed by `value` at address 0 (the `out` pair). */
const store = (value: number[]): number[] => [OP.i32Const, 0, ...value, OP.i64Store, 3, 0];

/**
 * High 64 bits of the unsigned 128-bit product of the two operands, from
 * 32-bit limb products (each fits in a u64):
 *   mid = (a0*b0 >> 32) + lo32(a0*b1) + lo32(a1*b0)      (< 3 * 2^32)
 *   hi  = a1*b1 + (a0*b1 >> 32) + (a1*b0 >> 32) + (mid >> 32)
 * Uses locals A (= a0*b1) and B (= a1*b0).
 */
const mulhuValue: number[] = [
  ...u(0), ...u(3), OP.i64Mul, ...set(A),
  ...u(1), ...u(2), OP.i64Mul, ...set(B),
  ...u(0), ...u(2), OP.i64Mul, ...i64c(32n), OP.i64ShrU,
  ...get(A), ...i64c(0xffffffffn), OP.i64And, OP.i64Add,
  ...get(B), ...i64c(0xffffffffn), OP.i64And, OP.i64Add,
  ...i64c(32n), OP.i64ShrU,
  ...u(1), ...u(3), OP.i64Mul, OP.i64Add,
  ...get(A), ...i64c(32n), OP.i64ShrU, OP.i64Add,
  ...get(B), ...i64c(32n), OP.i64ShrU, OP.i64Add,
];

/** if (cond) then `yes` else `no`, as an expression of type i64. */
const ifElse = (cond: number[], yes: number[], no: number[]): number[] => [
  ...cond, OP.if, I64, ...yes, OP.else, ...no, OP.end,
];

/** Load a and b into locals A and B. */
const loadAB: number[] = [...join(0, 1), ...set(A), ...join(2, 3), ...set(B)];

interface WasmFunc {
  name: string;
  type: number;
  locals: number; // count of extra i64 locals
  body: number[];
}

const FUNCS: WasmFunc[] = [
  { name: 'mul', type: 0, locals: 0, body: store([...join(0, 1), ...join(2, 3), OP.i64Mul]) },
  { name: 'mulhu', type: 0, locals: 2, body: store(mulhuValue) },
  {
    // signed*signed = unsigned product - (a<0 ? b<<64 : 0) - (b<0 ? a<<64 : 0)
    name: 'mulh', type: 0, locals: 2,
    body: store([
      ...mulhuValue,
      ...signMask(1), ...join(2, 3), OP.i64And, OP.i64Sub,
      ...signMask(3), ...join(0, 1), OP.i64And, OP.i64Sub,
    ]),
  },
  {
    name: 'mulhsu', type: 0, locals: 2,
    body: store([...mulhuValue, ...signMask(1), ...join(2, 3), OP.i64And, OP.i64Sub]),
  },
  {
    // b == 0 -> -1; b == -1 -> 0 - a (wraps, so MIN / -1 = MIN); else div_s.
    name: 'div', type: 0, locals: 2,
    body: [
      ...loadAB,
      ...store(ifElse([...get(B), OP.i64Eqz], i64c(-1n),
        ifElse([...get(B), ...i64c(-1n), OP.i64Eq], [...i64c(0n), ...get(A), OP.i64Sub],
          [...get(A), ...get(B), OP.i64DivS]))),
    ],
  },
  {
    name: 'divu', type: 0, locals: 2,
    body: [...loadAB, ...store(ifElse([...get(B), OP.i64Eqz], i64c(-1n), [...get(A), ...get(B), OP.i64DivU]))],
  },
  {
    // b == 0 -> a; b == -1 -> 0 (wasm rem_s would give 0 too, but be explicit).
    name: 'rem', type: 0, locals: 2,
    body: [
      ...loadAB,
      ...store(ifElse([...get(B), OP.i64Eqz], get(A),
        ifElse([...get(B), ...i64c(-1n), OP.i64Eq], i64c(0n), [...get(A), ...get(B), OP.i64RemS]))),
    ],
  },
  {
    name: 'remu', type: 0, locals: 2,
    body: [...loadAB, ...store(ifElse([...get(B), OP.i64Eqz], get(A), [...get(A), ...get(B), OP.i64RemU]))],
  },
  {
    // mulhu32(a, b): high 32 bits of the unsigned 32x32 product, as int32.
    name: 'mulhu32', type: 1, locals: 0,
    body: [...u(0), ...u(1), OP.i64Mul, ...i64c(32n), OP.i64ShrU, OP.i32WrapI64],
  },
];

/** Assemble the module. Exported for tests (checks the encoder, not the CPU). */
export function assembleArith64Wasm(): Uint8Array<ArrayBuffer> {
  const types = vec([
    [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([])], // (i32 i32 i32 i32) -> ()
    [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])], // (i32 i32) -> i32
  ]);
  const funcs = vec(FUNCS.map((f) => uleb(f.type)));
  const memory = vec([[0x00, 1]]); // one memory, min 1 page, no max
  const exports = vec([
    [...name('mem'), 0x02, 0],
    ...FUNCS.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
  ]);
  const code = vec(
    FUNCS.map((f) => {
      const locals = f.locals > 0 ? vec([[...uleb(f.locals), I64]]) : vec([]);
      const body = [...locals, ...f.body, OP.end];
      return [...uleb(body.length), ...body];
    }),
  );
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, types),
    ...section(3, funcs),
    ...section(5, memory),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

interface Arith64Exports extends Arith64Impl {
  mem: WebAssembly.Memory;
  mulhu32: Op32;
}

const wasmExports = new WebAssembly.Instance(new WebAssembly.Module(assembleArith64Wasm()), {})
  .exports as unknown as Arith64Exports;

/** Result of the last 64-bit op: out[0] = lo, out[1] = hi. Shared by all ops. */
export const out: Int32Array = new Int32Array(wasmExports.mem.buffer, 0, 2);

// ---------------------------------------------------------------------------
// Plain-JS versions with doubles (exact; see comments)
// ---------------------------------------------------------------------------

const TWO32 = 4294967296;

/**
 * High 32 bits of the unsigned 32x32 product, as int32.
 * a*b as a double is off by at most 2^10 (it is < 2^64) and so is the
 * subtraction; divided by 2^32 the error is < 2^-21, so rounding gives the
 * exact high word.
 */
function mulhu32Js(a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  return Math.round((a * b - (Math.imul(a, b) >>> 0)) / TWO32) | 0;
}

function mulJs(alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo >>> 0;
  const b0 = blo >>> 0;
  const l = Math.imul(a0, b0);
  const h = Math.round((a0 * b0 - (l >>> 0)) / TWO32);
  out[0] = l;
  out[1] = h + Math.imul(alo, bhi) + Math.imul(ahi, blo); // int32 store wraps mod 2^32
}

/**
 * Unsigned 64x64 -> high 64, from four 32x32 products split exactly into
 * (high, low) words; every partial sum stays below 2^35, so doubles are exact.
 * Leaves the result in out.
 */
function mulhuJs(alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo >>> 0;
  const a1 = ahi >>> 0;
  const b0 = blo >>> 0;
  const b1 = bhi >>> 0;
  const h00 = Math.round((a0 * b0 - (Math.imul(a0, b0) >>> 0)) / TWO32);
  const l01 = Math.imul(a0, b1) >>> 0;
  const h01 = Math.round((a0 * b1 - l01) / TWO32);
  const l10 = Math.imul(a1, b0) >>> 0;
  const h10 = Math.round((a1 * b0 - l10) / TWO32);
  const l11 = Math.imul(a1, b1) >>> 0;
  const h11 = Math.round((a1 * b1 - l11) / TWO32);
  const c1 = Math.floor((h00 + l01 + l10) / TWO32);
  const w2 = l11 + h01 + h10 + c1;
  out[0] = w2; // int32 store wraps mod 2^32
  out[1] = h11 + Math.floor(w2 / TWO32);
}

/** out -= (lo, hi), as 64-bit two's complement. */
function sub64FromOut(lo: number, hi: number): void {
  const d = (out[0]! >>> 0) - (lo >>> 0);
  out[0] = d;
  out[1] = out[1]! - hi - (d < 0 ? 1 : 0);
}

function mulhJs(alo: number, ahi: number, blo: number, bhi: number): void {
  mulhuJs(alo, ahi, blo, bhi);
  if (ahi < 0) sub64FromOut(blo, bhi);
  if (bhi < 0) sub64FromOut(alo, ahi);
}

function mulhsuJs(alo: number, ahi: number, blo: number, bhi: number): void {
  mulhuJs(alo, ahi, blo, bhi);
  if (ahi < 0) sub64FromOut(blo, bhi);
}

// Division with a JS fast path when both operands fit in 32 bits (the common
// case in real code), where doubles are exact; otherwise the wasm op.

/** div: fast path when both operands are sign-extended int32. */
function divHybrid(alo: number, ahi: number, blo: number, bhi: number): void {
  if (ahi === alo >> 31 && bhi === blo >> 31) {
    if (blo === 0) {
      out[0] = -1;
      out[1] = -1;
    } else if (blo === -1) {
      // -a; for a = -2^31 this is +2^31 (lo = 0x80000000, hi = 0)
      out[0] = -alo;
      out[1] = alo > 0 ? -1 : 0;
    } else {
      const q = (alo / blo) | 0; // |q| <= 2^30
      out[0] = q;
      out[1] = q >> 31;
    }
    return;
  }
  wasmExports.div(alo, ahi, blo, bhi);
}

/** rem: fast path when both operands are sign-extended int32. */
function remHybrid(alo: number, ahi: number, blo: number, bhi: number): void {
  if (ahi === alo >> 31 && bhi === blo >> 31) {
    const r = blo === 0 ? alo : (alo % blo) | 0; // x % -1 is -0 in JS; |0 makes it 0
    out[0] = r;
    out[1] = r >> 31;
    return;
  }
  wasmExports.rem(alo, ahi, blo, bhi);
}

/** divu: fast path when both operands are zero-extended uint32. */
function divuHybrid(alo: number, ahi: number, blo: number, bhi: number): void {
  if ((ahi | bhi) === 0) {
    if (blo === 0) {
      out[0] = -1;
      out[1] = -1;
    } else {
      out[0] = ((alo >>> 0) / (blo >>> 0)) | 0; // truncates the exact quotient
      out[1] = 0;
    }
    return;
  }
  wasmExports.divu(alo, ahi, blo, bhi);
}

/** remu: fast path when both operands are zero-extended uint32. */
function remuHybrid(alo: number, ahi: number, blo: number, bhi: number): void {
  if ((ahi | bhi) === 0) {
    out[0] = blo === 0 ? alo : ((alo >>> 0) % (blo >>> 0)) | 0; // |0 lets V8 use an integer modulo
    out[1] = 0;
    return;
  }
  wasmExports.remu(alo, ahi, blo, bhi);
}

/** The candidate implementations, for differential tests and benchmarks. */
export const impls = {
  wasm: {
    mul: wasmExports.mul,
    mulh: wasmExports.mulh,
    mulhsu: wasmExports.mulhsu,
    mulhu: wasmExports.mulhu,
    div: wasmExports.div,
    divu: wasmExports.divu,
    rem: wasmExports.rem,
    remu: wasmExports.remu,
  } satisfies Arith64Impl,
  /** Plain JS; division in JS only for 32-bit operands, else the wasm op. */
  js: {
    mul: mulJs,
    mulh: mulhJs,
    mulhsu: mulhsuJs,
    mulhu: mulhuJs,
    div: divHybrid,
    divu: divuHybrid,
    rem: remHybrid,
    remu: remuHybrid,
  } satisfies Arith64Impl,
  mulhu32: { wasm: wasmExports.mulhu32, js: mulhu32Js },
} as const;

// ---------------------------------------------------------------------------
// Public API: the faster implementation of each op, as measured by
// bench/arith64-micro.ts on Node 20 (ns/op including ~3.5 ns of loop overhead):
//   mul     js 5.4  < wasm 6.3
//   mulhu   wasm 5.5 < js 8.6;  mulh wasm 6.0 < js 10.0;  mulhsu wasm 5.7 < js 9.3
//   div/rem/divu/remu: js fast path 4.4-4.9 vs wasm 5.9-6.3 for 32-bit operands,
//   and 0.1-0.5 slower than wasm for wider ones; 32-bit operands are the common case.
// ---------------------------------------------------------------------------

/** Low 64 bits of a*b. */
export const mul: Op64 = impls.js.mul;
/** High 64 bits of signed a * signed b. */
export const mulh: Op64 = impls.wasm.mulh;
/** High 64 bits of signed a * unsigned b. */
export const mulhsu: Op64 = impls.wasm.mulhsu;
/** High 64 bits of unsigned a * unsigned b. */
export const mulhu: Op64 = impls.wasm.mulhu;
/** Signed a / b, rounded toward zero. x/0 = -1, MIN/-1 = MIN. */
export const div: Op64 = impls.js.div;
/** Unsigned a / b. x/0 = all ones. */
export const divu: Op64 = impls.js.divu;
/** Signed remainder, sign of a. x%0 = x, MIN%-1 = 0. */
export const rem: Op64 = impls.js.rem;
/** Unsigned remainder. x%0 = x. */
export const remu: Op64 = impls.js.remu;

// W forms: int32 operands, so doubles are exact (|a/b| < 2^31 and the quotient
// is at least 1/|b| away from any integer it is not equal to, far more than the
// rounding error), and % on int32 values is exact.

/** DIVW: signed 32-bit a / b, sign-extended. x/0 = -1, MIN/-1 = MIN. */
export function divw(a: number, b: number): number {
  a |= 0;
  b |= 0;
  if (b === 0) return -1;
  if (b === -1) return -a | 0; // MIN / -1 wraps to MIN
  return (a / b) | 0;
}

/** DIVUW: unsigned 32-bit a / b, sign-extended. x/0 = all ones. */
export function divuw(a: number, b: number): number {
  if ((b | 0) === 0) return -1;
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** REMW: signed 32-bit remainder, sign of a, sign-extended. x%0 = x, MIN%-1 = 0. */
export function remw(a: number, b: number): number {
  a |= 0;
  b |= 0;
  if (b === 0) return a;
  return (a % b) | 0; // MIN % -1 is -0 in JS; |0 makes it 0
}

/** REMUW: unsigned 32-bit remainder, sign-extended. x%0 = x. */
export function remuw(a: number, b: number): number {
  if ((b | 0) === 0) return a | 0;
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** High 32 bits of the unsigned 32x32 product, as int32 (js 2.4 < wasm 3.7 ns/op). */
export const mulhu32: Op32 = mulhu32Js;
