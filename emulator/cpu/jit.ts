/**
 * Block translator: a hot straight-line block (from a branch target to the next control
 * transfer, within one page) becomes one JavaScript function with operands and pcs baked in,
 * spliced together from the JavaScript rendering (sem-js.ts) of the instructions' definitions
 * in semantics.ts (the interpreter is generated from the same rendering, see interp.ts).
 *
 * Every op with a definition is translated (integer, M, F/D, loads/stores through the TLB fast
 * path, branches, jumps); privileged/system ops end the block. A memory access that misses the
 * TLB fast path (or is misaligned, or hits MMIO/code/watched pages), and an FP instruction that
 * is illegal (FPU off, reserved rounding mode), returns the index of that instruction *before*
 * executing it, and the interpreter takes over from there. So the translated tier never traps
 * and never diverges from the interpreter's results; tests run the ISA suite with threshold 1.
 */
import { decodeFields, type Fields } from './decode.js';
import { Op } from './isa.js';
import * as A from './arith64.js';
import { SEM, Kind, effAddr, extend, fpIntRegs, rawRead, rawWrite } from './semantics.js';
import { jsCond, jsDouble, jsValue, type Operands } from './sem-js.js';
import { constValue, type Expr } from './sem-expr.js';
import { fpExec, type FpHart } from './fpu.js';
import { MS } from './csr-file.js';

export interface JitBlock {
  /** Instructions in the block. */
  readonly n: number;
  /** pc of each instruction (for resuming after a bail-out). */
  readonly pcs: Float64Array;
  /** Virtual page base it was translated for, and the address after its last instruction. */
  readonly base: number;
  readonly end: number;
  /**
   * The block branches back to its own start: it loops inside the function while whole
   * iterations fit in `lim` instructions, returns the total executed and puts the number of
   * completed loop-backs in out[1] (the caller writes one block record per loop-back).
   */
  readonly loops: boolean;
  readonly fn: BlockFn;
}

/** What translated code needs of the hart beyond its integer registers. */
export interface JitHart extends FpHart { reservation: number }

/**
 * The hart's arrays a block works on, fixed for the hart's life: each block function closes
 * over them, so a call passes only its budget.
 */
export interface BlockEnv {
  readonly x: Int32Array;
  readonly r8: Uint8Array; readonly r16: Uint16Array; readonly r32: Int32Array;
  readonly tagR: Float64Array; readonly ramR: Float64Array; readonly tagW: Float64Array; readonly ramW: Float64Array;
  readonly hart: JitHart;
  /** out[0]: next pc; out[1]: loop-backs of a looping block. */
  readonly out: Float64Array;
}

/**
 * Run the block with at most `lim` instructions (a looping block iterates while whole
 * iterations fit). Returns instructions fully executed; if all of them, out[0] holds the next pc.
 */
export type BlockFn = (lim: number) => number;

const MAX_BLOCK = 64;

const f: Fields = { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };
let unique = 0;

/** A return from the block: write back the registers written so far, return `ret` (+ loop count). */
interface Exit { readonly wb: readonly number[]; readonly ret: number }

/**
 * One block being built: code parts (strings and exits, resolved once the block's shape is
 * known), and which register halves it reads and writes (JS locals `vN` for x[N]).
 */
class Builder {
  readonly parts: (string | Exit)[] = [];
  readonly used = new Set<number>();
  readonly written = new Set<number>();
  /** Registers read before the block writes them: the only ones a non-looping block loads. */
  readonly readFirst = new Set<number>();
  usesF = false;
  emit(s: string): void { this.parts.push(s); }
  exit(ret: number): void { this.parts.push({ wb: [...this.written], ret }); }
  reg(i: number): string {
    if (i < 2) return '0';
    this.used.add(i);
    if (!this.written.has(i)) this.readFirst.add(i);
    return `v${i}`;
  }
  /** Operands of one instruction with its fields baked in (x0 reads as 0, writes to it vanish). */
  operands(pc: number, len: number, rd: number, r1: number, r2: number, imm: number): Operands {
    const b = this;
    return {
      get s1lo() { return b.reg(r1); }, get s1hi() { return b.reg(r1 + 1); },
      get s2lo() { return b.reg(r2); }, get s2hi() { return b.reg(r2 + 1); },
      imm: String(imm), immHi: String(imm >> 31), pc: String(pc), npc: String(pc + len),
      set(lo: string, hi: string): string {
        if (rd === 0) return '';
        b.used.add(rd); b.used.add(rd + 1); b.written.add(rd); b.written.add(rd + 1);
        return `{const l=${lo},h=${hi};v${rd}=l|0;v${rd + 1}=h|0;}`;
      },
    };
  }
}

/** e (a jump target) as a literal when it is a constant of pc and imm, else as a double expression. */
function constDouble(e: Expr, pc: number, len: number, imm: number, o: Operands): string {
  const v = constValue(e, { imm, pc, npc: pc + len });
  return v === null ? jsDouble(e, o) : String(v);
}

/** The TLB fast-path lookup of `size` bytes at `va` (read or write TLB); leaves the RAM offset in `o`. */
const tlb = (b: Builder, k: number, o: Operands, size: number, w: boolean): void => {
  b.emit(`const va=${effAddr(o)};const vpn=Math.floor(va/4096);const ti=vpn&255;const rb=${w ? 'ramW' : 'ramR'}[ti];` +
    `if(${w ? 'tagW' : 'tagR'}[ti]!==vpn||rb<0||(va&${size - 1})!==0)`);
  b.exit(k);
  b.emit('const o=rb+(va&4095);');
};

/**
 * Emit instruction k from its semantics (rd/r1/r2 doubled register indices). Returns false for
 * ops that end the block before them (nothing emitted), else whether it was a control transfer
 * (the caller then emits the block's end, see `compileBlock`).
 */
function emitInsn(b: Builder, k: number, op: Op, pc: number, len: number, rd: number, r1: number, r2: number, imm: number): 'no' | 'ok' | 'term' {
  const sem = SEM[op];
  const o = b.operands(pc, len, rd, r1, r2, imm);
  switch (sem.kind) {
    case Kind.ALU: b.emit(jsValue(sem.value, o)); return 'ok';
    case Kind.BRANCH: b.emit(`const nx=${jsCond(sem.cond, o)}?${constDouble(sem.target, pc, len, imm, o)}:${pc + len};`); return 'term';
    case Kind.JUMP: {
      const link = constValue(sem.link, { imm, pc, npc: pc + len });
      b.emit(`const nx=${jsDouble(sem.target, o)};` +
        (link === null ? jsValue(sem.link, o) : o.set(String(link | 0), String(Math.floor(link / 4294967296) | 0))));
      return 'term';
    }
    case Kind.LOAD:
      b.emit('{'); tlb(b, k, o, sem.size, false);
      b.emit(`let lo,hi;${rawRead(sem.size, 'o')}${extend(sem.size, sem.signed)}${o.set('lo', 'hi')}}`);
      return 'ok';
    case Kind.STORE:
      b.emit('{'); tlb(b, k, o, sem.size, true);
      b.emit(`${rawWrite(sem.size, 'o', o.s2lo, o.s2hi)}if(c.reservation>=0)c.reservation=-1;}`);
      return 'ok';
    case Kind.FLOAD:
      b.usesF = true;
      b.emit(`{if((c.csr.mstatus&${MS.FS})===0)`); b.exit(k); tlb(b, k, o, sem.size, false);
      b.emit(`let lo,hi;${rawRead(sem.size, 'o')}F[${rd}]=lo;F[${rd + 1}]=${sem.size === 4 ? '-1' : 'hi'};c.csr.mstatus|=${MS.FS};}`);
      return 'ok';
    case Kind.FSTORE:
      b.usesF = true;
      b.emit(`{if((c.csr.mstatus&${MS.FS})===0)`); b.exit(k); tlb(b, k, o, sem.size, true);
      b.emit(`${rawWrite(sem.size, 'o', `F[${r2}]`, `F[${r2 + 1}]`)}if(c.reservation>=0)c.reservation=-1;}`);
      return 'ok';
    case Kind.FP: {
      // fpExec works on the hart's arrays: hand over the x register it reads, take back the one it writes.
      const { readsX1, writesXd } = fpIntRegs(imm & 0xff);
      let s = readsX1 && r1 !== 0 ? `x[${r1}]=${b.reg(r1)};x[${r1 + 1}]=${b.reg(r1 + 1)};` : '';
      s += `if(!fp(c,${rd},${r1},${r2},${imm}))`;
      b.emit(s); b.exit(k);
      if (writesXd) b.emit(o.set(`x[${rd}]`, `x[${rd + 1}]`));
      return 'ok';
    }
    default: return 'no';
  }
}

/**
 * Translate the block starting at `pc` (physical page bytes at `ramOff` of `ram`, `pageBase` its
 * virtual page address). Returns null if the first instruction is not translatable.
 */
export function compileBlock(env: BlockEnv, ramOff: number, pageBase: number, pc: number): JitBlock | null {
  const ram = env.r8;
  const pcs: number[] = [];
  const b = new Builder();
  let a = pc;
  for (let k = 0; k < MAX_BLOCK; k++) {
    const rel = a - pageBase;
    if (rel >= 4096) break;
    const o = ramOff + rel;
    let bits = ram[o] | (ram[o + 1] << 8);
    if ((bits & 3) === 3) {
      if (rel > 4092) break; // straddles the page end: the interpreter handles it
      bits |= (ram[o + 2] | (ram[o + 3] << 8)) << 16;
    }
    decodeFields(bits, f);
    const mark = b.parts.length;
    const r = emitInsn(b, k, f.op, a, f.len, f.rd * 2, f.rs1 * 2, f.rs2 * 2, f.imm);
    if (r === 'no') { b.parts.length = mark; break; }
    pcs.push(a);
    a += f.len;
    if (r === 'term') {
      // Conditional branches and jal back to the block's start loop inside the function.
      const sem = SEM[f.op];
      const at = pcs[pcs.length - 1];
      const target = sem.kind === Kind.BRANCH || sem.kind === Kind.JUMP ? constValue(sem.target, { imm: f.imm, pc: at, npc: at + f.len }) : null;
      const selfLoop = target === pc;
      if (selfLoop) {
        b.emit(`if(nx===${pc}&&(it+2)*${pcs.length}<=lim){it++;continue;}`);
      }
      b.emit('out[0]=nx;');
      b.exit(k + 1);
      return finish(env, b, pcs, pageBase, a, selfLoop);
    }
  }
  if (pcs.length === 0) return null;
  b.emit(`out[0]=${a};`);
  b.exit(pcs.length);
  return finish(env, b, pcs, pageBase, a, false);
}

/**
 * The block's function: guest registers it touches are JS locals, loaded on entry and written
 * back at every return — only those written before that return (a bail-out returns before its
 * instruction executes; in a loop, everything the block writes).
 */
function finish(env: BlockEnv, b: Builder, pcs: number[], base: number, end: number, loops: boolean): JitBlock {
  const n = pcs.length;
  const all = [...b.written].sort((p, q) => p - q);
  let body = '';
  for (const p of b.parts) {
    if (typeof p === 'string') { body += p; continue; }
    const wb = (loops ? all : p.wb).map((i) => `x[${i}]=v${i};`).join('');
    body += loops ? `{${wb}out[1]=it;return it*${n}+${p.ret};}` : `{${wb}return ${p.ret};}`;
  }
  const regs = [...b.used].sort((p, q) => p - q);
  // A looping block writes back everything it writes at any exit, so it loads all it touches.
  const decl = (regs.length ? `let ${regs.map((i) => (loops || b.readFirst.has(i) ? `v${i}=x[${i}]` : `v${i}=0`)).join(',')};` : '') + (b.usesF ? 'const F=c.f;' : '');
  const code = loops ? `let it=0;for(;;){${body}}` : body;
  // A unique comment keeps V8 from sharing feedback between blocks with identical source.
  const make = new Function('x', 'r8', 'r16', 'r32', 'tagR', 'ramR', 'tagW', 'ramW', 'c', 'A', 'out', 'fp',
    `"use strict";return function(lim){/*b${unique++}*/${decl}${code}}`) as (...a: unknown[]) => BlockFn;
  const fn = make(env.x, env.r8, env.r16, env.r32, env.tagR, env.ramR, env.tagW, env.ramW, env.hart, A, env.out, fpExec);
  return { n, pcs: Float64Array.from(pcs), base, end, loops, fn };
}


