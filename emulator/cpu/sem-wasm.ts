/**
 * Renders the expression form (sem-expr.ts) to WebAssembly — the code of the region tier
 * (wasm-region.ts), where registers are i64 locals and the immediate and pc are constants.
 *
 * Most nodes are one i64 instruction. Beyond that the renderer:
 * - folds what depends only on the immediate and pc (AUIPC, JAL targets) into a constant;
 * - computes the low word of a shift or a product whose operand is a W op's in i32
 *   (`i32.shl` masks the amount by 31 itself);
 * - builds multiply-high from 32×32 partial products (wasm has no such op);
 * - guards division, which traps in wasm, with RISC-V's results for x / 0 and MIN / -1.
 */
import type { Cond, Expr } from './sem-expr.js';
import { constValue, maxOf, notMin } from './sem-expr.js';
import { W, type Bytes } from './wasm-encode.js';

/**
 * One instruction's operands for the wasm tier: emitters that push values onto the operand
 * stack of the code being built in `c`, registers being i64.
 */
export interface WasmOperands {
  readonly c: Bytes;
  /** Push rs1 / rs2 (i64). */
  s1(): void; s2(): void;
  /** The immediate, this instruction's pc and the next one's (known when rendering). */
  readonly imm: number; readonly pc: number; readonly npc: number;
  /** Scratch i64 locals: tmp(k) for k < tmps. */
  tmp(k: number): number;
  readonly tmps: number;
}

const I64_OP: Partial<Record<Expr['k'], number>> = {
  add: W.i64Add, sub: W.i64Sub, and: W.i64And, or: W.i64Or, xor: W.i64Xor, mul: W.i64Mul,
  shl: W.i64Shl, shrU: W.i64ShrU, shrS: W.i64ShrS,
};
const I32_OP: Partial<Record<Expr['k'], number>> = {
  add: W.i32Add, sub: W.i32Sub, and: W.i32And, or: W.i32Or, xor: W.i32Xor, mul: W.i32Mul,
  shl: W.i32Shl, shrU: W.i32ShrU, shrS: W.i32ShrS,
};
const CMP_OP: Record<Cond['k'], number> = { eq: W.i64Eq, ne: W.i64Ne, ltS: W.i64LtS, geS: W.i64GeS, ltU: W.i64LtU, geU: W.i64GeU };
const DIV_OP: Partial<Record<Expr['k'], number>> = { divS: W.i64DivS, divU: W.i64DivU, remS: W.i64RemS, remU: W.i64RemU };

class WasmRender {
  constructor(private readonly w: WasmOperands) {}

  private temp(k: number): number {
    if (k >= this.w.tmps) throw new Error('sem-wasm: expression needs more scratch locals than the tier has');
    return this.w.tmp(k);
  }

  /** Whether lo32 can compute e's low word in i32 (see `lo32`). */
  private has32(e: Expr): boolean {
    switch (e.k) {
      case 'rs1': case 'rs2': case 'imm': case 'const': return true;
      case 'sext32': case 'zext32': return this.has32(e.a);
      case 'add': case 'sub': case 'and': case 'or': case 'xor': case 'mul': return this.has32(e.a) && this.has32(e.b);
      case 'shl': case 'shrU': case 'shrS':
        if (maxOf(e.b) >= 32) return false;
        if ((e.k === 'shrU' && e.a.k !== 'zext32') || (e.k === 'shrS' && e.a.k !== 'sext32')) return false;
        return this.has32(e.a) && this.shiftAmount32(e.b) !== null;
      default: return false;
    }
  }

  /** An amount below 32 as an i32 shift operand: `and(x, 31)` needs no mask (i32 shifts take it mod 32). */
  private shiftAmount32(e: Expr): Expr | null {
    if (e.k === 'and' && e.b.k === 'const' && e.b.v === 31) return e.a;
    return e;
  }

  /** Push e's low 32 bits (i32); only where has32(e). */
  private lo32(e: Expr, t: number): void {
    const c = this.w.c;
    switch (e.k) {
      case 'imm': c.i32c(this.w.imm); return;
      case 'const': c.i32c(e.v); return;
      case 'rs1': case 'rs2': this.value(e, t); c.op(W.i32WrapI64); return;
      case 'sext32': case 'zext32': this.lo32(e.a, t); return;
      case 'shl': case 'shrU': case 'shrS':
        this.lo32(e.a, t); this.lo32(this.shiftAmount32(e.b)!, t); c.op(I32_OP[e.k]!); return;
      default:
        if ('b' in e) { this.lo32(e.a, t); this.lo32(e.b, t); c.op(I32_OP[e.k]!); return; }
        throw new Error(`sem-wasm: no i32 form of ${e.k}`);
    }
  }

  /** Push e (i64), using scratch locals from t up. */
  value(e: Expr, t: number): void {
    const w = this.w, c = w.c;
    const k = constValue(e, w);
    if (k !== null) { c.i64c(k); return; }
    switch (e.k) {
      case 'rs1': w.s1(); return;
      case 'rs2': w.s2(); return;
      case 'imm': case 'pc': case 'npc': case 'const': throw new Error('unreachable');
      case 'sext32':
        // A shift or product of words is cheaper in i32; anything else in i64, then extended.
        if ((e.a.k === 'shl' || e.a.k === 'shrU' || e.a.k === 'shrS' || e.a.k === 'mul') && this.has32(e.a)) {
          this.lo32(e.a, t); c.op(W.i64ExtendI32S);
        } else { this.value(e.a, t); c.op(W.i64Extend32S); }
        return;
      case 'zext32': this.value(e.a, t); c.op(W.i32WrapI64, W.i64ExtendI32U); return;
      case 'bool': this.cond(e.c, t); c.op(W.i64ExtendI32U); return;
      case 'mulhS': case 'mulhSU': case 'mulhU': this.mulh(e.a, e.b, e.k !== 'mulhU', e.k === 'mulhS', t); return;
      case 'divS': case 'divU': case 'remS': case 'remU': this.div(e.k, e.a, e.b, t); return;
      default:
        this.value(e.a, t); this.value(e.b, t); c.op(I64_OP[e.k]!);
    }
  }

  /** Push c (i32). */
  cond(q: Cond, t: number): void {
    this.value(q.a, t); this.value(q.b, t); this.w.c.op(CMP_OP[q.k]);
  }

  /**
   * High 64 bits of the 128-bit product: the unsigned product from four 32×32 partial
   * products, then for a signed operand the other operand subtracted when it is negative
   * (a·b as signed = as unsigned − 2^64·(b if a < 0) − 2^64·(a if b < 0)).
   */
  private mulh(ea: Expr, eb: Expr, aSigned: boolean, bSigned: boolean, t: number): void {
    const c = this.w.c;
    const a = this.temp(t), b = this.temp(t + 1), p = this.temp(t + 2), q = this.temp(t + 3);
    const lo = (x: number): void => { c.get(x); c.i64c(0xffffffff); c.op(W.i64And); };
    const hi = (x: number): void => { c.get(x); c.i64c(32); c.op(W.i64ShrU); };
    this.value(ea, t); c.set(a); this.value(eb, t + 1); c.set(b);
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
  }

  /**
   * Division and remainder with RISC-V's corner cases (wasm traps on both): x / 0 = all ones,
   * x % 0 = x; MIN / -1 = MIN (dividing by 1 instead gives it), MIN % -1 = 0 (wasm's rem_s
   * gives it). A dividend that cannot be MIN (an extended word) skips that check.
   */
  private div(k: 'divS' | 'divU' | 'remS' | 'remU', ea: Expr, eb: Expr, t: number): void {
    const c = this.w.c;
    const a = this.temp(t), b = this.temp(t + 1);
    const isDiv = k === 'divS' || k === 'divU';
    this.value(ea, t); c.set(a); this.value(eb, t + 1); c.set(b);
    if (isDiv) c.i64c(-1); else c.get(a);
    c.get(a);
    c.i64c(1); c.get(b); c.get(b); c.op(W.i64Eqz);
    if (k === 'divS' && !notMin(ea)) { c.get(a); c.i64c(-(2 ** 63)); c.op(W.i64Eq); c.get(b); c.i64c(-1); c.op(W.i64Eq, W.i32And, W.i32Or); }
    c.op(W.select, DIV_OP[k]!);
    c.get(b); c.op(W.i64Eqz, W.select);
  }
}

/** Push e's value (i64). */
export const wasmValue = (e: Expr, w: WasmOperands): void => new WasmRender(w).value(e, 0);
/** Push c (i32: 1 if it holds). */
export const wasmCond = (q: Cond, w: WasmOperands): void => new WasmRender(w).cond(q, 0);
