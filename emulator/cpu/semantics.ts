/**
 * One definition of each instruction: what every executor op does, as a small JavaScript code
 * template over named operands. Both tiers are generated from it:
 *
 * - the interpreter (interp.ts) compiles one big `switch` once at start-up, operands being the
 *   decoded fields (`x[r1]`, `imm`, `pc`, ...);
 * - the block translator (jit.ts) splices the same templates into a block's function with the
 *   operands baked in as constants and guest registers held in JS locals.
 *
 * The WebAssembly tier (wasm-region.ts) renders the same rows from their `wasm`/`wcond`/`wtarget`
 * emitters, written beside each JS template (i64 operations instead of int32 halves); the
 * differential tests in tests/cpu/wasm-region.test.ts (random instruction streams, the ISA
 * suite) hold the two renderings of each row to the interpreter.
 *
 * A template never names a register array: it reads operands through `Operands` and writes rd
 * through `o.set(lo, hi)`. The tier decides what those are, so nothing is edited after the fact.
 * Identifiers a template may use besides its operands: `A` (arith64.ts), `r8`/`r16`/`r32` (RAM
 * views, memory rows only).
 *
 * Memory rows give only what is architectural (size, extension, register file); each tier wraps
 * them in its own access path (TLB fast path, then the interpreter's slow path or the
 * translator's bail-out to the interpreter). Privileged and system rows (CSRs, xRET, traps,
 * AMOs, fences) have no template: they are interpreter-only and end translated blocks.
 */
import { Op, FpOp } from './isa.js';
import { W, type Bytes } from './wasm-encode.js';

const TWO32 = 4294967296;

/** JS expressions for one instruction's operands, as a tier provides them. */
export interface Operands {
  /** Halves of rs1 / rs2 (int32 expressions). */
  readonly s1lo: string; readonly s1hi: string;
  readonly s2lo: string; readonly s2hi: string;
  /** The immediate (int32) and its sign word (`imm >> 31`). */
  readonly imm: string; readonly immHi: string;
  /** This instruction's pc and the pc after it (exact doubles). */
  readonly pc: string; readonly npc: string;
  /** Statement setting rd to (lo, hi); both are evaluated before rd is written. */
  set(lo: string, hi: string): string;
}

/**
 * One instruction's operands for the WebAssembly tier (wasm-region.ts): emitters that push
 * values onto the wasm operand stack of the code being built in `c`, registers being i64.
 */
export interface WasmOperands {
  readonly c: Bytes;
  /** Push rs1 / rs2 (i64). */
  s1(): void; s2(): void;
  /** Push the immediate (i64, sign-extended). */
  imm(): void;
  /** The immediate and this instruction's pc as numbers (for constants). */
  readonly immV: number; readonly pcV: number;
  /** Scratch i64 locals (k = 0..3). */
  tmp(k: number): number;
}
/** Pushes an i64 (ALU: rd's new value; JUMP: the target) or an i32 (BRANCH: taken). */
export type WasmEmit = (w: WasmOperands) => void;

/** How a row is executed; see `Sem`. */
export const enum Kind { ALU, BRANCH, JUMP, LOAD, STORE, FLOAD, FSTORE, FP, SYSTEM }

export type Sem =
  /**
   * Computes rd (or nothing) from operands: `exec` returns statements; `wasm` pushes rd's value
   * (i64; 'nop': no effect; absent: no WebAssembly form, the wasm tier leaves the block to JS).
   */
  | { readonly kind: Kind.ALU; readonly exec: (o: Operands) => string; readonly wasm?: WasmEmit | 'nop' }
  /** Conditional branch to pc + imm when `cond` (a boolean expression; wasm: i32) holds. */
  | { readonly kind: Kind.BRANCH; readonly cond: (o: Operands) => string; readonly wcond: WasmEmit }
  /** Unconditional jump to `target` (a double expression; wasm: i64 with bit 0 clear), rd := npc. */
  | { readonly kind: Kind.JUMP; readonly target: (o: Operands) => string; readonly wtarget: WasmEmit }
  /** Integer load of `size` bytes at rs1 + imm, sign- or zero-extended. */
  | { readonly kind: Kind.LOAD; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean }
  /** Integer store of the low `size` bytes of rs2 at rs1 + imm. */
  | { readonly kind: Kind.STORE; readonly size: 1 | 2 | 4 | 8 }
  /** FP load / store (f registers; singles NaN-boxed), illegal while mstatus.FS is Off. */
  | { readonly kind: Kind.FLOAD; readonly size: 4 | 8 }
  | { readonly kind: Kind.FSTORE; readonly size: 4 | 8 }
  /** Every other F/D operation: fpu.ts `fpExec` (see `fpIntRegs` for the x registers it touches). */
  | { readonly kind: Kind.FP }
  /** Needs privileged state or the bus beyond RAM: interpreter only, ends a translated block. */
  | { readonly kind: Kind.SYSTEM };

// ---------------------------------------------------------------- shared expression pieces
/** Signed / unsigned 64-bit a < b on halves. */
const lt = (alo: string, ahi: string, blo: string, bhi: string): string =>
  `(${ahi}<${bhi}||(${ahi}===${bhi}&&(${alo}>>>0)<(${blo}>>>0)))`;
const ltu = (alo: string, ahi: string, blo: string, bhi: string): string =>
  `((${ahi}>>>0)<(${bhi}>>>0)||(${ahi}===${bhi}&&(${alo}>>>0)<(${blo}>>>0)))`;
const eq = (o: Operands): string => `(${o.s1lo}===${o.s2lo}&&${o.s1hi}===${o.s2hi})`;
/** rd := sign-extended 32-bit value `v`. */
const setW = (o: Operands, v: string): string => `{const v=${v};${o.set('v', 'v>>31')}}`;
/** rd := exact integer double `v` (below 2^64 in magnitude). */
const setD = (o: Operands, v: string): string => `{const v=${v};${o.set('v|0', `Math.floor(v/${TWO32})|0`)}}`;
/** 64-bit shifts of rs1 by `s` (0..63). */
const shift = (o: Operands, s: string, kind: 'l' | 'rl' | 'ra'): string => {
  const lo = o.s1lo, hi = o.s1hi;
  const body = kind === 'l'
    ? `if(s===0){nl=lo;nh=hi}else if(s<32){nh=(hi<<s)|(lo>>>(32-s));nl=lo<<s}else{nh=lo<<(s-32);nl=0}`
    : `if(s===0){nl=lo;nh=hi}else if(s<32){nl=(lo>>>s)|(hi<<(32-s));nh=hi${kind === 'rl' ? '>>>' : '>>'}s}` +
      `else{nl=hi${kind === 'rl' ? '>>>' : '>>'}(s-32);nh=${kind === 'rl' ? '0' : 'hi>>31'}}`;
  return `{const s=${s},lo=${lo},hi=${hi};let nl,nh;${body}${o.set('nl', 'nh')}}`;
};
/** rd := a 64-bit arith64 op of rs1, rs2 (result in A.out). */
const m64 = (fn: string) => (o: Operands): string =>
  `A.${fn}(${o.s1lo},${o.s1hi},${o.s2lo},${o.s2hi});${o.set('A.out[0]', 'A.out[1]')}`;

const alu = (exec: (o: Operands) => string, wasm?: WasmEmit | 'nop'): Sem => ({ kind: Kind.ALU, exec, wasm });
const branch = (cond: (o: Operands) => string, wcond: WasmEmit): Sem => ({ kind: Kind.BRANCH, cond, wcond });

// ---------------------------------------------------------------- WebAssembly pieces (i64 registers)
/** rs1 op rs2 / rs1 op imm / a compare of rs1, rs2 (i64 ops). */
const wr = (op: number): WasmEmit => (w) => { w.s1(); w.s2(); w.c.op(op); };
const wi = (op: number): WasmEmit => (w) => { w.s1(); w.imm(); w.c.op(op); };
const wb = (op: number): WasmEmit => (w) => { w.s1(); w.s2(); w.c.op(op); };
/** A W-form op on the low words (i32 op), sign-extended. */
const w32 = (op: number): WasmEmit => (w) => { w.s1(); w.c.op(W.i32WrapI64); w.s2(); w.c.op(W.i32WrapI64, op, W.i64ExtendI32S); };
/**
 * High 64 bits of the 128-bit product (wasm has no such op): the unsigned product from four
 * 32×32 partial products, then for a signed operand the other operand subtracted when it is
 * negative (a·b as signed = as unsigned − 2^64·(b if a < 0) − 2^64·(a if b < 0)).
 */
const wmulh = (aSigned: boolean, bSigned: boolean): WasmEmit => (w) => {
  const c = w.c, a = w.tmp(0), b = w.tmp(1), p = w.tmp(2), q = w.tmp(3);
  const lo = (x: number): void => { c.get(x); c.i64c(0xffffffff); c.op(W.i64And); };
  const hi = (x: number): void => { c.get(x); c.i64c(32); c.op(W.i64ShrU); };
  w.s1(); c.set(a); w.s2(); c.set(b);
  // p = a0·b1, q = a1·b0; mid = (a0·b0 >> 32) + lo(p) + lo(q)
  lo(a); hi(b); c.op(W.i64Mul); c.set(p);
  hi(a); lo(b); c.op(W.i64Mul); c.set(q);
  lo(a); lo(b); c.op(W.i64Mul); c.i64c(32); c.op(W.i64ShrU);
  c.get(p); c.i64c(0xffffffff); c.op(W.i64And, W.i64Add); c.get(q); c.i64c(0xffffffff); c.op(W.i64And, W.i64Add);
  c.i64c(32); c.op(W.i64ShrU);
  // + a1·b1 + (p >> 32) + (q >> 32)
  hi(a); hi(b); c.op(W.i64Mul, W.i64Add); hi(p); c.op(W.i64Add); hi(q); c.op(W.i64Add);
  const minusIfNeg = (neg: number, other: number): void => {
    c.get(other); c.i64c(0); c.get(neg); c.i64c(0); c.op(W.i64LtS, W.select, W.i64Sub);
  };
  if (aSigned) minusIfNeg(a, b);
  if (bSigned) minusIfNeg(b, a);
};

/**
 * Division and remainder with RISC-V's corner cases (wasm traps on both): x / 0 = all ones,
 * x % 0 = x; MIN / -1 = MIN (dividing by 1 instead gives it), MIN % -1 = 0 (wasm's rem_s gives
 * it). W forms divide the sign- (signed ops) or zero-extended low words in 64 bits, where
 * nothing overflows, and sign-extend the low word of the result.
 */
const wdiv = (op: number, isDiv: boolean, word: boolean): WasmEmit => (w) => {
  const c = w.c, a = w.tmp(0), b = w.tmp(1);
  const signed = op === W.i64DivS || op === W.i64RemS;
  const ext = (): void => { if (word) c.op(W.i32WrapI64, signed ? W.i64ExtendI32S : W.i64ExtendI32U); };
  w.s1(); ext(); c.set(a); w.s2(); ext(); c.set(b);
  if (isDiv) c.i64c(-1); else c.get(a);
  c.get(a);
  c.i64c(1); c.get(b); c.get(b); c.op(W.i64Eqz);
  if (isDiv && signed && !word) { c.get(a); c.i64c(-(2 ** 63)); c.op(W.i64Eq); c.get(b); c.i64c(-1); c.op(W.i64Eq, W.i32And, W.i32Or); }
  c.op(W.select, op);
  c.get(b); c.op(W.i64Eqz, W.select);
  if (word) c.op(W.i64Extend32S);
};
const SYSTEM: Sem = { kind: Kind.SYSTEM };

/** The semantics of every executor op, indexed by Op. */
export const SEM: readonly Sem[] = (() => {
  const t: Sem[] = new Array<Sem>(Op.COUNT).fill(SYSTEM);
  const def = (op: Op, s: Sem): void => { t[op] = s; };
  def(Op.LUI, alu((o) => o.set(o.imm, o.immHi), (w) => w.c.i64c(w.immV)));
  def(Op.AUIPC, alu((o) => setD(o, `${o.pc}+${o.imm}`), (w) => w.c.i64c(w.pcV + w.immV)));
  def(Op.JAL, { kind: Kind.JUMP, target: (o) => `${o.pc}+${o.imm}`, wtarget: (w) => w.c.i64c(w.pcV + w.immV) });
  // The target's bit 0 is cleared (imm is even, so it comes from the low half).
  def(Op.JALR, {
    kind: Kind.JUMP, target: (o) => `${o.s1hi}*${TWO32}+(${o.s1lo}>>>0)+${o.imm}-((${o.s1lo}+${o.imm})&1)`,
    wtarget: (w) => { wi(W.i64Add)(w); w.c.i64c(-2); w.c.op(W.i64And); },
  });
  def(Op.BEQ, branch(eq, wb(W.i64Eq)));
  def(Op.BNE, branch((o) => `!${eq(o)}`, wb(W.i64Ne)));
  def(Op.BLT, branch((o) => lt(o.s1lo, o.s1hi, o.s2lo, o.s2hi), wb(W.i64LtS)));
  def(Op.BGE, branch((o) => `!${lt(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}`, wb(W.i64GeS)));
  def(Op.BLTU, branch((o) => ltu(o.s1lo, o.s1hi, o.s2lo, o.s2hi), wb(W.i64LtU)));
  def(Op.BGEU, branch((o) => `!${ltu(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}`, wb(W.i64GeU)));
  def(Op.LB, { kind: Kind.LOAD, size: 1, signed: true });
  def(Op.LH, { kind: Kind.LOAD, size: 2, signed: true });
  def(Op.LW, { kind: Kind.LOAD, size: 4, signed: true });
  def(Op.LD, { kind: Kind.LOAD, size: 8, signed: true });
  def(Op.LBU, { kind: Kind.LOAD, size: 1, signed: false });
  def(Op.LHU, { kind: Kind.LOAD, size: 2, signed: false });
  def(Op.LWU, { kind: Kind.LOAD, size: 4, signed: false });
  def(Op.SB, { kind: Kind.STORE, size: 1 });
  def(Op.SH, { kind: Kind.STORE, size: 2 });
  def(Op.SW, { kind: Kind.STORE, size: 4 });
  def(Op.SD, { kind: Kind.STORE, size: 8 });
  def(Op.ADDI, alu((o) => `{const a=${o.s1lo},lo=(a+${o.imm})|0;${o.set('lo', `(${o.s1hi}+${o.immHi}+((lo>>>0)<(a>>>0)?1:0))|0`)}}`, wi(W.i64Add)));
  def(Op.SLTI, alu((o) => o.set(`${lt(o.s1lo, o.s1hi, o.imm, o.immHi)}?1:0`, '0'), (w) => { w.s1(); w.imm(); w.c.op(W.i64LtS, W.i64ExtendI32U); }));
  def(Op.SLTIU, alu((o) => o.set(`${ltu(o.s1lo, o.s1hi, o.imm, o.immHi)}?1:0`, '0'), (w) => { w.s1(); w.imm(); w.c.op(W.i64LtU, W.i64ExtendI32U); }));
  def(Op.XORI, alu((o) => o.set(`${o.s1lo}^${o.imm}`, `${o.s1hi}^${o.immHi}`), wi(W.i64Xor)));
  def(Op.ORI, alu((o) => o.set(`${o.s1lo}|${o.imm}`, `${o.s1hi}|${o.immHi}`), wi(W.i64Or)));
  def(Op.ANDI, alu((o) => o.set(`${o.s1lo}&${o.imm}`, `${o.s1hi}&${o.immHi}`), wi(W.i64And)));
  def(Op.SLLI, alu((o) => shift(o, o.imm, 'l'), wi(W.i64Shl)));
  def(Op.SRLI, alu((o) => shift(o, o.imm, 'rl'), wi(W.i64ShrU)));
  def(Op.SRAI, alu((o) => shift(o, o.imm, 'ra'), wi(W.i64ShrS)));
  def(Op.ADD, alu((o) => `{const a=${o.s1lo},lo=(a+${o.s2lo})|0;${o.set('lo', `(${o.s1hi}+${o.s2hi}+((lo>>>0)<(a>>>0)?1:0))|0`)}}`, wr(W.i64Add)));
  def(Op.SUB, alu((o) => `{const a=${o.s1lo},b=${o.s2lo};${o.set('(a-b)|0', `(${o.s1hi}-${o.s2hi}-((a>>>0)<(b>>>0)?1:0))|0`)}}`, wr(W.i64Sub)));
  def(Op.SLL, alu((o) => shift(o, `${o.s2lo}&63`, 'l'), wr(W.i64Shl)));
  def(Op.SRL, alu((o) => shift(o, `${o.s2lo}&63`, 'rl'), wr(W.i64ShrU)));
  def(Op.SRA, alu((o) => shift(o, `${o.s2lo}&63`, 'ra'), wr(W.i64ShrS)));
  def(Op.SLT, alu((o) => o.set(`${lt(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}?1:0`, '0'), (w) => { w.s1(); w.s2(); w.c.op(W.i64LtS, W.i64ExtendI32U); }));
  def(Op.SLTU, alu((o) => o.set(`${ltu(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}?1:0`, '0'), (w) => { w.s1(); w.s2(); w.c.op(W.i64LtU, W.i64ExtendI32U); }));
  def(Op.XOR, alu((o) => o.set(`${o.s1lo}^${o.s2lo}`, `${o.s1hi}^${o.s2hi}`), wr(W.i64Xor)));
  def(Op.OR, alu((o) => o.set(`${o.s1lo}|${o.s2lo}`, `${o.s1hi}|${o.s2hi}`), wr(W.i64Or)));
  def(Op.AND, alu((o) => o.set(`${o.s1lo}&${o.s2lo}`, `${o.s1hi}&${o.s2hi}`), wr(W.i64And)));
  def(Op.ADDIW, alu((o) => setW(o, `(${o.s1lo}+${o.imm})|0`), (w) => { wi(W.i64Add)(w); w.c.op(W.i64Extend32S); }));
  def(Op.SLLIW, alu((o) => setW(o, `${o.s1lo}<<${o.imm}`), (w) => { w.s1(); w.c.op(W.i32WrapI64); w.c.i32c(w.immV); w.c.op(W.i32Shl, W.i64ExtendI32S); }));
  def(Op.SRLIW, alu((o) => setW(o, `(${o.s1lo}>>>${o.imm})|0`), (w) => { w.s1(); w.c.op(W.i32WrapI64); w.c.i32c(w.immV); w.c.op(W.i32ShrU, W.i64ExtendI32S); }));
  def(Op.SRAIW, alu((o) => setW(o, `${o.s1lo}>>${o.imm}`), (w) => { w.s1(); w.c.op(W.i32WrapI64); w.c.i32c(w.immV); w.c.op(W.i32ShrS, W.i64ExtendI32S); }));
  def(Op.ADDW, alu((o) => setW(o, `(${o.s1lo}+${o.s2lo})|0`), (w) => { wr(W.i64Add)(w); w.c.op(W.i64Extend32S); }));
  def(Op.SUBW, alu((o) => setW(o, `(${o.s1lo}-${o.s2lo})|0`), (w) => { wr(W.i64Sub)(w); w.c.op(W.i64Extend32S); }));
  def(Op.SLLW, alu((o) => setW(o, `${o.s1lo}<<(${o.s2lo}&31)`), w32(W.i32Shl)));
  def(Op.SRLW, alu((o) => setW(o, `(${o.s1lo}>>>(${o.s2lo}&31))|0`), w32(W.i32ShrU)));
  def(Op.SRAW, alu((o) => setW(o, `${o.s1lo}>>(${o.s2lo}&31)`), w32(W.i32ShrS)));
  def(Op.MUL, alu(m64('mul'), wr(W.i64Mul))); def(Op.MULH, alu(m64('mulh'), wmulh(true, true)));
  def(Op.MULHSU, alu(m64('mulhsu'), wmulh(true, false))); def(Op.MULHU, alu(m64('mulhu'), wmulh(false, false)));
  def(Op.DIV, alu(m64('div'), wdiv(W.i64DivS, true, false))); def(Op.DIVU, alu(m64('divu'), wdiv(W.i64DivU, true, false)));
  def(Op.REM, alu(m64('rem'), wdiv(W.i64RemS, false, false))); def(Op.REMU, alu(m64('remu'), wdiv(W.i64RemU, false, false)));
  def(Op.MULW, alu((o) => setW(o, `Math.imul(${o.s1lo},${o.s2lo})`), w32(W.i32Mul)));
  def(Op.DIVW, alu((o) => setW(o, `A.divw(${o.s1lo},${o.s2lo})`), wdiv(W.i64DivS, true, true)));
  def(Op.DIVUW, alu((o) => setW(o, `A.divuw(${o.s1lo},${o.s2lo})`), wdiv(W.i64DivU, true, true)));
  def(Op.REMW, alu((o) => setW(o, `A.remw(${o.s1lo},${o.s2lo})`), wdiv(W.i64RemS, false, true)));
  def(Op.REMUW, alu((o) => setW(o, `A.remuw(${o.s1lo},${o.s2lo})`), wdiv(W.i64RemU, false, true)));
  def(Op.FENCE, alu(() => '', 'nop')); // one hart, no caches: ordering is already total
  def(Op.FLW, { kind: Kind.FLOAD, size: 4 }); def(Op.FLD, { kind: Kind.FLOAD, size: 8 });
  def(Op.FSW, { kind: Kind.FSTORE, size: 4 }); def(Op.FSD, { kind: Kind.FSTORE, size: 8 });
  def(Op.FP, { kind: Kind.FP });
  return t;
})();

// ---------------------------------------------------------------- memory pieces
/** Statements reading the raw `size` bytes at RAM byte offset `o` into lets `lo`, `hi`. */
export function rawRead(size: number, o: string): string {
  switch (size) {
    case 1: return `lo=r8[${o}];hi=0;`;
    case 2: return `lo=r16[${o}>>1];hi=0;`;
    case 4: return `lo=r32[${o}>>2];hi=0;`;
    default: return `lo=r32[${o}>>2];hi=r32[(${o}>>2)+1];`;
  }
}

/** Statements extending the raw load in `lo` (low `size` bytes valid) to the register value in lo, hi. */
export function extend(size: number, signed: boolean): string {
  if (size === 8) return '';
  if (!signed) return ''; // rawRead and the slow path give the zero-extended bytes
  return size === 4 ? 'hi=lo>>31;' : size === 2 ? 'lo=(lo<<16)>>16;hi=lo>>31;' : 'lo=(lo<<24)>>24;hi=lo>>31;';
}

/** Statements writing the low `size` bytes of (lo, hi) at RAM byte offset `o`. */
export function rawWrite(size: number, o: string, lo: string, hi: string): string {
  switch (size) {
    case 1: return `r8[${o}]=${lo};`;
    case 2: return `r16[${o}>>1]=${lo};`;
    case 4: return `r32[${o}>>2]=${lo};`;
    default: return `r32[${o}>>2]=${lo};r32[(${o}>>2)+1]=${hi};`;
  }
}

/** The virtual address rs1 + imm (exact for every valid address). */
export const effAddr = (o: Operands): string => `${o.s1hi}*${TWO32}+(${o.s1lo}>>>0)+${o.imm}`;

/**
 * Integer registers an Op.FP operation reads (rs1: conversions and moves from x) or writes
 * (rd: conversions, moves, compares and fclass to x), by FpOp; the translator keeps those
 * registers in locals and hands them over around the `fpExec` call.
 */
export function fpIntRegs(fop: number): { readsX1: boolean; writesXd: boolean } {
  const s = fop >= FpOp.D_BASE && fop < FpOp.FCVT_S_D ? fop - FpOp.D_BASE : fop;
  const readsX1 = s >= FpOp.FCVT_S_W && s <= FpOp.FMV_W_X && fop < FpOp.FCVT_S_D;
  const writesXd = s >= FpOp.FCVT_W_S && s <= FpOp.FCLASS_S && fop < FpOp.FCVT_S_D;
  return { readsX1, writesXd };
}
