/**
 * One definition of each instruction: what every executor op does, as a small JavaScript code
 * template over named operands. Both tiers are generated from it:
 *
 * - the interpreter (interp.ts) compiles one big `switch` once at start-up, operands being the
 *   decoded fields (`x[r1]`, `imm`, `pc`, ...);
 * - the block translator (jit.ts) splices the same templates into a block's function with the
 *   operands baked in as constants and guest registers held in JS locals.
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

/** How a row is executed; see `Sem`. */
export const enum Kind { ALU, BRANCH, JUMP, LOAD, STORE, FLOAD, FSTORE, FP, SYSTEM }

export type Sem =
  /** Computes rd (or nothing) from operands: `exec` returns statements. */
  | { readonly kind: Kind.ALU; readonly exec: (o: Operands) => string }
  /** Conditional branch to pc + imm when `cond` (a boolean expression) holds. */
  | { readonly kind: Kind.BRANCH; readonly cond: (o: Operands) => string }
  /** Unconditional jump to `target` (a double expression), rd := npc. */
  | { readonly kind: Kind.JUMP; readonly target: (o: Operands) => string }
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

const alu = (exec: (o: Operands) => string): Sem => ({ kind: Kind.ALU, exec });
const branch = (cond: (o: Operands) => string): Sem => ({ kind: Kind.BRANCH, cond });
const SYSTEM: Sem = { kind: Kind.SYSTEM };

/** The semantics of every executor op, indexed by Op. */
export const SEM: readonly Sem[] = (() => {
  const t: Sem[] = new Array<Sem>(Op.COUNT).fill(SYSTEM);
  const def = (op: Op, s: Sem): void => { t[op] = s; };
  def(Op.LUI, alu((o) => o.set(o.imm, o.immHi)));
  def(Op.AUIPC, alu((o) => setD(o, `${o.pc}+${o.imm}`)));
  def(Op.JAL, { kind: Kind.JUMP, target: (o) => `${o.pc}+${o.imm}` });
  // The target's bit 0 is cleared (imm is even, so it comes from the low half).
  def(Op.JALR, { kind: Kind.JUMP, target: (o) => `${o.s1hi}*${TWO32}+(${o.s1lo}>>>0)+${o.imm}-((${o.s1lo}+${o.imm})&1)` });
  def(Op.BEQ, branch(eq));
  def(Op.BNE, branch((o) => `!${eq(o)}`));
  def(Op.BLT, branch((o) => lt(o.s1lo, o.s1hi, o.s2lo, o.s2hi)));
  def(Op.BGE, branch((o) => `!${lt(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}`));
  def(Op.BLTU, branch((o) => ltu(o.s1lo, o.s1hi, o.s2lo, o.s2hi)));
  def(Op.BGEU, branch((o) => `!${ltu(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}`));
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
  def(Op.ADDI, alu((o) => `{const a=${o.s1lo},lo=(a+${o.imm})|0;${o.set('lo', `(${o.s1hi}+${o.immHi}+((lo>>>0)<(a>>>0)?1:0))|0`)}}`));
  def(Op.SLTI, alu((o) => o.set(`${lt(o.s1lo, o.s1hi, o.imm, o.immHi)}?1:0`, '0')));
  def(Op.SLTIU, alu((o) => o.set(`${ltu(o.s1lo, o.s1hi, o.imm, o.immHi)}?1:0`, '0')));
  def(Op.XORI, alu((o) => o.set(`${o.s1lo}^${o.imm}`, `${o.s1hi}^${o.immHi}`)));
  def(Op.ORI, alu((o) => o.set(`${o.s1lo}|${o.imm}`, `${o.s1hi}|${o.immHi}`)));
  def(Op.ANDI, alu((o) => o.set(`${o.s1lo}&${o.imm}`, `${o.s1hi}&${o.immHi}`)));
  def(Op.SLLI, alu((o) => shift(o, o.imm, 'l')));
  def(Op.SRLI, alu((o) => shift(o, o.imm, 'rl')));
  def(Op.SRAI, alu((o) => shift(o, o.imm, 'ra')));
  def(Op.ADD, alu((o) => `{const a=${o.s1lo},lo=(a+${o.s2lo})|0;${o.set('lo', `(${o.s1hi}+${o.s2hi}+((lo>>>0)<(a>>>0)?1:0))|0`)}}`));
  def(Op.SUB, alu((o) => `{const a=${o.s1lo},b=${o.s2lo};${o.set('(a-b)|0', `(${o.s1hi}-${o.s2hi}-((a>>>0)<(b>>>0)?1:0))|0`)}}`));
  def(Op.SLL, alu((o) => shift(o, `${o.s2lo}&63`, 'l')));
  def(Op.SRL, alu((o) => shift(o, `${o.s2lo}&63`, 'rl')));
  def(Op.SRA, alu((o) => shift(o, `${o.s2lo}&63`, 'ra')));
  def(Op.SLT, alu((o) => o.set(`${lt(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}?1:0`, '0')));
  def(Op.SLTU, alu((o) => o.set(`${ltu(o.s1lo, o.s1hi, o.s2lo, o.s2hi)}?1:0`, '0')));
  def(Op.XOR, alu((o) => o.set(`${o.s1lo}^${o.s2lo}`, `${o.s1hi}^${o.s2hi}`)));
  def(Op.OR, alu((o) => o.set(`${o.s1lo}|${o.s2lo}`, `${o.s1hi}|${o.s2hi}`)));
  def(Op.AND, alu((o) => o.set(`${o.s1lo}&${o.s2lo}`, `${o.s1hi}&${o.s2hi}`)));
  def(Op.ADDIW, alu((o) => setW(o, `(${o.s1lo}+${o.imm})|0`)));
  def(Op.SLLIW, alu((o) => setW(o, `${o.s1lo}<<${o.imm}`)));
  def(Op.SRLIW, alu((o) => setW(o, `(${o.s1lo}>>>${o.imm})|0`)));
  def(Op.SRAIW, alu((o) => setW(o, `${o.s1lo}>>${o.imm}`)));
  def(Op.ADDW, alu((o) => setW(o, `(${o.s1lo}+${o.s2lo})|0`)));
  def(Op.SUBW, alu((o) => setW(o, `(${o.s1lo}-${o.s2lo})|0`)));
  def(Op.SLLW, alu((o) => setW(o, `${o.s1lo}<<(${o.s2lo}&31)`)));
  def(Op.SRLW, alu((o) => setW(o, `(${o.s1lo}>>>(${o.s2lo}&31))|0`)));
  def(Op.SRAW, alu((o) => setW(o, `${o.s1lo}>>(${o.s2lo}&31)`)));
  def(Op.MUL, alu(m64('mul'))); def(Op.MULH, alu(m64('mulh')));
  def(Op.MULHSU, alu(m64('mulhsu'))); def(Op.MULHU, alu(m64('mulhu')));
  def(Op.DIV, alu(m64('div'))); def(Op.DIVU, alu(m64('divu')));
  def(Op.REM, alu(m64('rem'))); def(Op.REMU, alu(m64('remu')));
  def(Op.MULW, alu((o) => setW(o, `Math.imul(${o.s1lo},${o.s2lo})`)));
  def(Op.DIVW, alu((o) => setW(o, `A.divw(${o.s1lo},${o.s2lo})`)));
  def(Op.DIVUW, alu((o) => setW(o, `A.divuw(${o.s1lo},${o.s2lo})`)));
  def(Op.REMW, alu((o) => setW(o, `A.remw(${o.s1lo},${o.s2lo})`)));
  def(Op.REMUW, alu((o) => setW(o, `A.remuw(${o.s1lo},${o.s2lo})`)));
  def(Op.FENCE, alu(() => '')); // one hart, no caches: ordering is already total
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
