/**
 * The expression form in which semantics.ts writes each integer instruction once: a small typed
 * tree over 64-bit two's-complement values, built at start-up (`add(rs1, imm)`,
 * `sext32(add(rs1, rs2))`, `ltS(rs1, rs2)`, ...). Each node means exactly what the RISC-V spec
 * says for the operation it is named after, corner cases included (division by zero, MIN / -1,
 * shift amounts taken modulo 64). The renderers turn a tree into code for each tier:
 * sem-js.ts (JavaScript over int32 halves: the interpreter loop and translated blocks) and
 * sem-wasm.ts (WebAssembly i64: regions). Each renderer picks the cheapest form it can prove
 * equivalent (e.g. a W op's low word in 32-bit arithmetic), using the facts computed here.
 */

/** Binary operations on two 64-bit values. */
export type BinOp =
  | 'add' | 'sub' | 'and' | 'or' | 'xor'
  /** a shifted by b mod 64 (logical left, logical right, arithmetic right). */
  | 'shl' | 'shrU' | 'shrS'
  /** Low 64 bits of a·b; high 64 bits of the 128-bit product (signed × signed, signed × unsigned, unsigned × unsigned). */
  | 'mul' | 'mulhS' | 'mulhSU' | 'mulhU'
  /** Division truncating toward zero: x / 0 = -1 (all ones), x % 0 = x, MIN / -1 = MIN, MIN % -1 = 0. */
  | 'divS' | 'divU' | 'remS' | 'remU';

/** Comparisons (true/false). */
export type CmpOp = 'eq' | 'ne' | 'ltS' | 'geS' | 'ltU' | 'geU';

/** A 64-bit value. */
export type Expr =
  /** The source registers. */
  | { readonly k: 'rs1' } | { readonly k: 'rs2' }
  /** The decoded immediate (sign-extended); `max`: its decoded range is 0..max (shift amounts). */
  | { readonly k: 'imm'; readonly max?: number }
  /** This instruction's address and the next instruction's. */
  | { readonly k: 'pc' } | { readonly k: 'npc' }
  /** An integer constant (|v| < 2^53). */
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: BinOp; readonly a: Expr; readonly b: Expr }
  /** The low 32 bits, sign- or zero-extended. */
  | { readonly k: 'sext32' | 'zext32'; readonly a: Expr }
  /** 1 if the comparison holds, else 0. */
  | { readonly k: 'bool'; readonly c: Cond };

/** A condition. */
export interface Cond { readonly k: CmpOp; readonly a: Expr; readonly b: Expr }

// ---------------------------------------------------------------- constructors
export const rs1: Expr = { k: 'rs1' };
export const rs2: Expr = { k: 'rs2' };
export const imm: Expr = { k: 'imm' };
/** The immediate of a shift by a constant: 0..31 (W forms) or 0..63. */
export const shamt = (bits: 5 | 6): Expr => ({ k: 'imm', max: (1 << bits) - 1 });
export const pc: Expr = { k: 'pc' };
export const npc: Expr = { k: 'npc' };
export const num = (v: number): Expr => {
  if (!Number.isSafeInteger(v)) throw new Error(`sem-expr: constant ${v} is not an exact integer`);
  return { k: 'const', v };
};
const bin = (k: BinOp) => (a: Expr, b: Expr): Expr => ({ k, a, b });
export const add = bin('add'), sub = bin('sub'), and = bin('and'), or = bin('or'), xor = bin('xor');
export const shl = bin('shl'), shrU = bin('shrU'), shrS = bin('shrS');
export const mul = bin('mul'), mulhS = bin('mulhS'), mulhSU = bin('mulhSU'), mulhU = bin('mulhU');
export const divS = bin('divS'), divU = bin('divU'), remS = bin('remS'), remU = bin('remU');
export const sext32 = (a: Expr): Expr => ({ k: 'sext32', a });
export const zext32 = (a: Expr): Expr => ({ k: 'zext32', a });
const cmp = (k: CmpOp) => (a: Expr, b: Expr): Cond => ({ k, a, b });
export const eq = cmp('eq'), ne = cmp('ne'), ltS = cmp('ltS'), geS = cmp('geS'), ltU = cmp('ltU'), geU = cmp('geU');
export const bool = (c: Cond): Expr => ({ k: 'bool', c });

// ---------------------------------------------------------------- facts the renderers use
/** An upper bound of e read as unsigned, when one is known (shift amounts); else Infinity. */
export function maxOf(e: Expr): number {
  switch (e.k) {
    case 'imm': return e.max ?? Infinity;
    case 'const': return e.v >= 0 ? e.v : Infinity;
    case 'and': return Math.min(maxOf(e.a), maxOf(e.b));
    case 'zext32': return Math.min(maxOf(e.a), 0xffffffff);
    default: return Infinity;
  }
}

/** Whether e can never be the most negative 64-bit value (so MIN / -1 cannot happen). */
export const notMin = (e: Expr): boolean => e.k === 'sext32' || e.k === 'zext32' || maxOf(e) < Infinity;

/** Whether e reads this instruction's pc (it is then computed as an exact double). */
export function readsPc(e: Expr): boolean {
  switch (e.k) {
    case 'pc': case 'npc': return true;
    case 'rs1': case 'rs2': case 'imm': case 'const': return false;
    case 'sext32': case 'zext32': return readsPc(e.a);
    case 'bool': return readsPc(e.c.a) || readsPc(e.c.b);
    default: return readsPc(e.a) || readsPc(e.b);
  }
}

/** The operand values a tier knows when it renders one instruction as constants. */
export interface Known { readonly imm: number; readonly pc: number; readonly npc: number }

/**
 * e's value if it depends only on the immediate, pc and constants (sums of them), as an exact
 * integer; else null. E.g. a JAL target, an AUIPC result.
 */
export function constValue(e: Expr, v: Known): number | null {
  switch (e.k) {
    case 'imm': return v.imm;
    case 'pc': return v.pc;
    case 'npc': return v.npc;
    case 'const': return e.v;
    case 'add': case 'sub': {
      const a = constValue(e.a, v), b = constValue(e.b, v);
      if (a === null || b === null) return null;
      const r = e.k === 'add' ? a + b : a - b;
      return Number.isSafeInteger(r) ? r : null;
    }
    default: return null;
  }
}
