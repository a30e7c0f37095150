/**
 * Renders the expression form (sem-expr.ts) to JavaScript over int32 halves — the code the
 * interpreter loop (interp.ts) and the block translator (jit.ts) are generated from. Registers
 * are (lo, hi) int32 pairs; a result is written through the tier's `set(lo, hi)`.
 *
 * The renderer chooses, per node, the cheapest exact form:
 * - 64-bit add/sub: the low words in int32 and the carry from an unsigned compare;
 * - a value whose low word alone matters (the operand of `sext32`, a W op) in plain 32-bit
 *   arithmetic (`(a+b)|0`, `Math.imul`, `<<` by an amount known to be below 32);
 * - values involving the pc (AUIPC, jump targets, addresses) as exact doubles;
 * - multiply-high and 64-bit division through arith64.ts (`A`), W division through its
 *   32-bit helpers.
 * A node without such a form is computed into temporaries first, so every tree renders.
 */
import type { Cond, Expr } from './sem-expr.js';
import { maxOf, readsPc } from './sem-expr.js';

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

/** Whether s can stand as an operand without parentheses. */
function isAtom(s: string): boolean {
  if (/^-?[\w.]+(\[[\w+]*\])?$/.test(s)) return true;
  const open = s.search(/\(/);
  if (open < 0 || !/^[\w.]*$/.test(s.slice(0, open)) || s[s.length - 1] !== ')') return false;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i === s.length - 1;
  }
  return false;
}
const par = (s: string): string => (isAtom(s) ? s : `(${s})`);
/** As the right operand of a binary minus (a negative literal would read as `--`). */
const parNeg = (s: string): string => (s.startsWith('-') ? `(${s})` : par(s));

/** A low word: `s` is an int32 expression if `tight`, else a number whose ToInt32 is the low word. */
interface Lo { readonly s: string; readonly tight: boolean }
const tight = (l: Lo): string => (l.tight ? l.s : `(${l.s})|0`);

const W_HELPER: Partial<Record<Expr['k'], string>> = { divS: 'divw', divU: 'divuw', remS: 'remw', remU: 'remuw' };
const A_HELPER: Partial<Record<Expr['k'], string>> = {
  mul: 'mul', mulhS: 'mulh', mulhSU: 'mulhsu', mulhU: 'mulhu', divS: 'div', divU: 'divu', remS: 'rem', remU: 'remu',
};

/** One rendering (fresh temporaries per instruction). */
class JsRender {
  private temps = 0;
  constructor(private readonly o: Operands) {}

  /** The low 32 bits of e as a 32-bit computation, or null if they need the high words. */
  lo(e: Expr): Lo | null {
    const o = this.o;
    switch (e.k) {
      case 'rs1': return { s: o.s1lo, tight: true };
      case 'rs2': return { s: o.s2lo, tight: true };
      case 'imm': return { s: o.imm, tight: true };
      case 'const': return { s: String(e.v | 0), tight: true };
      case 'sext32': case 'zext32': return this.lo(e.a);
      case 'add': case 'sub': case 'and': case 'or': case 'xor': case 'mul': {
        const a = this.lo(e.a), b = this.lo(e.b);
        if (a === null || b === null) return null;
        switch (e.k) {
          case 'add': return { s: `${par(tight(a))}+${par(tight(b))}`, tight: false };
          case 'sub': return { s: `${par(tight(a))}-${parNeg(tight(b))}`, tight: false };
          case 'mul': return { s: `Math.imul(${a.s},${b.s})`, tight: true };
          default: return { s: `${par(a.s)}${e.k === 'and' ? '&' : e.k === 'or' ? '|' : '^'}${par(b.s)}`, tight: true };
        }
      }
      case 'shl': case 'shrU': case 'shrS': {
        // Below 32, the shifted low word depends only on the low word (right shifts: of a
        // value already extended from it).
        if (maxOf(e.b) >= 32) return null;
        if (e.k === 'shrU' && e.a.k !== 'zext32') return null;
        if (e.k === 'shrS' && e.a.k !== 'sext32') return null;
        const a = this.lo(e.a), s = this.lo(e.b);
        if (a === null || s === null) return null;
        const op = e.k === 'shl' ? '<<' : e.k === 'shrU' ? '>>>' : '>>';
        return { s: `${par(a.s)}${op}${par(s.s)}`, tight: e.k !== 'shrU' };
      }
      case 'divS': case 'divU': case 'remS': case 'remU': {
        // 64-bit division of two extended words: arith64's W helpers (their result is the low word).
        const ext = e.k === 'divS' || e.k === 'remS' ? 'sext32' : 'zext32';
        if (e.a.k !== ext || e.b.k !== ext) return null;
        const a = this.lo(e.a), b = this.lo(e.b);
        if (a === null || b === null) return null;
        return { s: `A.${W_HELPER[e.k]}(${tight(a)},${tight(b)})`, tight: true };
      }
      default: return null;
    }
  }

  /** e as an exact double (pc arithmetic, jump targets, addresses); null if not expressible. */
  dbl(e: Expr): string | null {
    const o = this.o;
    switch (e.k) {
      case 'rs1': return `${o.s1hi}*${TWO32}+(${o.s1lo}>>>0)`;
      case 'rs2': return `${o.s2hi}*${TWO32}+(${o.s2lo}>>>0)`;
      case 'imm': return o.imm;
      case 'pc': return o.pc;
      case 'npc': return o.npc;
      case 'const': return String(e.v);
      case 'add': case 'sub': {
        const a = this.dbl(e.a), b = this.dbl(e.b);
        if (a === null || b === null) return null;
        return e.k === 'add' ? `${a}+${b}` : `${a}-(${b})`;
      }
      case 'and': {
        // Clearing bit 0 (a jump target): subtract it, taken from the low word.
        if (e.b.k !== 'const' || e.b.v !== -2) return null;
        const a = this.dbl(e.a), l = this.lo(e.a);
        if (a === null || l === null) return null;
        return `${a}-(${par(l.s)}&1)`;
      }
      default: return null;
    }
  }

  /** The halves of an operand: leaves directly (read lazily), anything else through temporaries. */
  pair(e: Expr): { pre: string; lo: () => string; hi: () => string } {
    const o = this.o;
    switch (e.k) {
      case 'rs1': return { pre: '', lo: () => o.s1lo, hi: () => o.s1hi };
      case 'rs2': return { pre: '', lo: () => o.s2lo, hi: () => o.s2hi };
      case 'imm': return { pre: '', lo: () => o.imm, hi: () => o.immHi };
      case 'const': return { pre: '', lo: () => String(e.v | 0), hi: () => String(Math.floor(e.v / TWO32) | 0) };
      default: {
        const l = `t${this.temps++}`, h = `t${this.temps++}`;
        return { pre: `let ${l},${h};${this.value(e, (a, b) => `${l}=${a};${h}=${b};`)}`, lo: () => l, hi: () => h };
      }
    }
  }

  /** A condition as a boolean expression. */
  cond(c: Cond): string {
    const a = this.pair(c.a), b = this.pair(c.b);
    if (a.pre !== '' || b.pre !== '') throw new Error(`sem-js: a ${c.k} of computed values has no expression form`);
    switch (c.k) {
      case 'eq': return `(${a.lo()}===${b.lo()}&&${a.hi()}===${b.hi()})`;
      case 'ne': return `!(${a.lo()}===${b.lo()}&&${a.hi()}===${b.hi()})`;
      case 'ltS': case 'geS': {
        const ah = a.hi(), bh = b.hi();
        return `${c.k === 'geS' ? '!' : ''}(${ah}<${bh}||(${ah}===${bh}&&(${a.lo()}>>>0)<(${b.lo()}>>>0)))`;
      }
      case 'ltU': case 'geU': {
        const ah = a.hi(), bh = b.hi();
        return `${c.k === 'geU' ? '!' : ''}((${ah}>>>0)<(${bh}>>>0)||(${ah}===${bh}&&(${a.lo()}>>>0)<(${b.lo()}>>>0)))`;
      }
    }
  }

  /** Statements computing e and passing its halves to `set`. */
  value(e: Expr, set: (lo: string, hi: string) => string): string {
    if (readsPc(e)) {
      const d = this.dbl(e);
      if (d === null) throw new Error(`sem-js: a ${e.k} of the pc has no exact double form`);
      return `{const v=${d};${set('v|0', `Math.floor(v/${TWO32})|0`)}}`;
    }
    switch (e.k) {
      case 'rs1': case 'rs2': case 'imm': case 'const': {
        const p = this.pair(e);
        return set(p.lo(), p.hi());
      }
      case 'sext32': case 'zext32': {
        const l = this.lo(e.a);
        if (l !== null) return e.k === 'sext32' ? `{const v=${tight(l)};${set('v', 'v>>31')}}` : set(`${tight(l)}`, '0');
        const p = this.pair(e.a);
        return `{${p.pre}${e.k === 'sext32' ? set(p.lo(), `${p.lo()}>>31`) : set(p.lo(), '0')}}`;
      }
      case 'bool': return set(`${this.cond(e.c)}?1:0`, '0');
      case 'pc': case 'npc': throw new Error('unreachable');
      default: break;
    }
    const a = this.pair(e.a);
    if (e.k === 'shl' || e.k === 'shrU' || e.k === 'shrS') {
      // The amount mod 64: masked unless known to be below 64.
      const sl = this.lo(e.b);
      if (sl !== null) return `${a.pre === '' ? '' : `{${a.pre}`}${this.shift(e.k, a, maxOf(e.b) < 64 ? tight(sl) : `${par(sl.s)}&63`, set)}${a.pre === '' ? '' : '}'}`;
      const p = this.pair(e.b);
      return `{${a.pre}${p.pre}${this.shift(e.k, a, `${p.lo()}&63`, set)}}`;
    }
    const b = this.pair(e.b);
    const wrap = (s: string): string => (a.pre === '' && b.pre === '' ? s : `{${a.pre}${b.pre}${s}}`);
    switch (e.k) {
      case 'add':
        return wrap(`{const a=${a.lo()},lo=(a+${b.lo()})|0;${set('lo', `(${a.hi()}+${b.hi()}+((lo>>>0)<(a>>>0)?1:0))|0`)}}`);
      case 'sub':
        return wrap(`{const a=${a.lo()},b=${b.lo()};${set('(a-b)|0', `(${a.hi()}-${parNeg(b.hi())}-((a>>>0)<(b>>>0)?1:0))|0`)}}`);
      case 'and': case 'or': case 'xor': {
        const op = e.k === 'and' ? '&' : e.k === 'or' ? '|' : '^';
        return wrap(set(`${a.lo()}${op}${b.lo()}`, `${a.hi()}${op}${b.hi()}`));
      }
      default: {
        const fn = A_HELPER[e.k];
        return wrap(`A.${fn}(${a.lo()},${a.hi()},${b.lo()},${b.hi()});${set('A.out[0]', 'A.out[1]')}`);
      }
    }
  }

  /** A 64-bit shift of the pair `a` by the int32 expression `s` (0..63). */
  private shift(k: 'shl' | 'shrU' | 'shrS', a: { pre: string; lo: () => string; hi: () => string }, s: string, set: (lo: string, hi: string) => string): string {
    const r = k === 'shrU' ? '>>>' : '>>';
    const body = k === 'shl'
      ? 'if(s===0){nl=lo;nh=hi}else if(s<32){nh=(hi<<s)|(lo>>>(32-s));nl=lo<<s}else{nh=lo<<(s-32);nl=0}'
      : `if(s===0){nl=lo;nh=hi}else if(s<32){nl=(lo>>>s)|(hi<<(32-s));nh=hi${r}s}` +
        `else{nl=hi${r}(s-32);nh=${k === 'shrU' ? '0' : 'hi>>31'}}`;
    return `{const s=${s},lo=${a.lo()},hi=${a.hi()};let nl,nh;${body}${set('nl', 'nh')}}`;
  }
}

/** Statements setting rd (through `o.set`) to e's value; null: no effect. */
export const jsValue = (e: Expr | null, o: Operands): string => (e === null ? '' : new JsRender(o).value(e, (lo, hi) => o.set(lo, hi)));
/** A boolean expression for c. */
export const jsCond = (c: Cond, o: Operands): string => new JsRender(o).cond(c);
/** An exact double expression for e (an address or jump target: pc arithmetic, rs1 + imm). */
export function jsDouble(e: Expr, o: Operands): string {
  const d = new JsRender(o).dbl(e);
  if (d === null) throw new Error(`sem-js: a ${e.k} has no exact double form`);
  return d;
}
