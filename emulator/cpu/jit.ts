/**
 * Block translator: a hot straight-line block (from a branch target to the next control
 * transfer, within one page) becomes one JavaScript function with operands and pcs baked in.
 *
 * Only ops whose semantics need no privileged state are translated (integer, M, loads/stores
 * through the TLB fast path, branches, jumps); anything else ends the block. A memory access
 * that misses the TLB fast path (or is misaligned, or hits MMIO/code/watched pages) returns
 * the index of that instruction *before* executing it, and the interpreter — the reference
 * implementation — takes over from there. So the translated tier never traps and never
 * diverges from the interpreter's results; tests run the ISA suite with threshold 1.
 */
import { decodeFields, type Fields } from './decode.js';
import { Op } from './isa.js';
import * as A from './arith64.js';

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

/** Returns instructions fully executed; if n, out[0] holds the next pc. */
export type BlockFn = (
  x: Int32Array, r8: Uint8Array, r16: Uint16Array, r32: Int32Array,
  tagR: Float64Array, ramR: Float64Array, tagW: Float64Array, ramW: Float64Array,
  c: { reservation: number }, a: typeof A, out: Float64Array, lim: number,
) => number;

const MAX_BLOCK = 64;
const TWO32 = 4294967296;


const f: Fields = { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };
let unique = 0;

/** Set a 64-bit register from a double expression `v` (exact integer). */
const setD = (rd: number, v: string): string => `{const v=${v};x[${rd}]=v;x[${rd + 1}]=Math.floor(v/${TWO32});}`;
const setW = (rd: number, v: string): string => `{const v=${v};x[${rd}]=v;x[${rd + 1}]=v>>31;}`;
const addr = (r1: number, imm: number): string => `x[${r1 + 1}]*${TWO32}+(x[${r1}]>>>0)+${imm}`;
const lt = (a: number, b: number): string => `(x[${a + 1}]<x[${b + 1}]||(x[${a + 1}]===x[${b + 1}]&&(x[${a}]>>>0)<(x[${b}]>>>0)))`;
const ltu = (a: number, b: number): string => `((x[${a + 1}]>>>0)<(x[${b + 1}]>>>0)||(x[${a + 1}]===x[${b + 1}]&&(x[${a}]>>>0)<(x[${b}]>>>0)))`;
const eq = (a: number, b: number): string => `(x[${a}]===x[${b}]&&x[${a + 1}]===x[${b + 1}])`;

/** Shift by a constant amount, specialised at translation time. */
function shiftConst(op: Op, rd: number, r1: number, sh: number): string {
  if (sh === 0) return `{const lo=x[${r1}],hi=x[${r1 + 1}];x[${rd}]=lo;x[${rd + 1}]=hi;}`;
  if (op === Op.SLLI) {
    return sh < 32 ? `{const lo=x[${r1}],hi=x[${r1 + 1}];x[${rd + 1}]=(hi<<${sh})|(lo>>>${32 - sh});x[${rd}]=lo<<${sh};}`
      : `{const lo=x[${r1}];x[${rd + 1}]=lo<<${sh - 32};x[${rd}]=0;}`;
  }
  const hiOp = op === Op.SRLI ? '>>>' : '>>';
  return sh < 32 ? `{const lo=x[${r1}],hi=x[${r1 + 1}];x[${rd}]=(lo>>>${sh})|(hi<<${32 - sh});x[${rd + 1}]=hi${hiOp}${sh};}`
    : `{const hi=x[${r1 + 1}];x[${rd}]=hi${hiOp}${sh - 32};x[${rd + 1}]=${op === Op.SRLI ? '0' : 'hi>>31'};}`;
}

function isTranslatable(op: Op): boolean {
  return (op >= Op.LUI && op <= Op.SRAW) || (op >= Op.MUL && op <= Op.REMUW) || op === Op.FENCE;
}
function isTerminator(op: Op): boolean {
  return op >= Op.JAL && op <= Op.BGEU;
}

/**
 * Emit one instruction. k = its index (returned on bail-out), rd/r1/r2 doubled register indices.
 * Returns null for ops that end the block before them.
 */
function emit(op: Op, k: number, pc: number, len: number, rd: number, r1: number, r2: number, imm: number): string | null {
  const w = rd !== 0; // writes to x0 are dropped (loads still access memory for faults)
  switch (op) {
    case Op.LUI: return w ? `x[${rd}]=${imm};x[${rd + 1}]=${imm >> 31};` : '';
    case Op.AUIPC: return w ? setD(rd, String(pc + imm)) : '';
    case Op.JAL: return `${w ? setD(rd, String(pc + len)) : ''}out[0]=${pc + imm};return ${k + 1};`;
    case Op.JALR: return `{const lo=x[${r1}];const t=x[${r1 + 1}]*${TWO32}+(lo>>>0)+${imm}-((lo+${imm})&1);${w ? setD(rd, String(pc + len)) : ''}out[0]=t;return ${k + 1};}`;
    case Op.BEQ: return `out[0]=${eq(r1, r2)}?${pc + imm}:${pc + len};return ${k + 1};`;
    case Op.BNE: return `out[0]=${eq(r1, r2)}?${pc + len}:${pc + imm};return ${k + 1};`;
    case Op.BLT: return `out[0]=${lt(r1, r2)}?${pc + imm}:${pc + len};return ${k + 1};`;
    case Op.BGE: return `out[0]=${lt(r1, r2)}?${pc + len}:${pc + imm};return ${k + 1};`;
    case Op.BLTU: return `out[0]=${ltu(r1, r2)}?${pc + imm}:${pc + len};return ${k + 1};`;
    case Op.BGEU: return `out[0]=${ltu(r1, r2)}?${pc + len}:${pc + imm};return ${k + 1};`;
    case Op.LB: case Op.LBU: case Op.LH: case Op.LHU: case Op.LW: case Op.LWU: case Op.LD: {
      const size = op === Op.LB || op === Op.LBU ? 1 : op === Op.LH || op === Op.LHU ? 2 : op === Op.LD ? 8 : 4;
      const d = w ? rd : 64; // x0 target: load into the scratch pair past the registers
      const load = op === Op.LB ? `const lo=(r8[o]<<24)>>24;x[${d}]=lo;x[${d + 1}]=lo>>31;`
        : op === Op.LBU ? `x[${d}]=r8[o];x[${d + 1}]=0;`
          : op === Op.LH ? `const lo=(r16[o>>1]<<16)>>16;x[${d}]=lo;x[${d + 1}]=lo>>31;`
            : op === Op.LHU ? `x[${d}]=r16[o>>1];x[${d + 1}]=0;`
              : op === Op.LW ? `const lo=r32[o>>2];x[${d}]=lo;x[${d + 1}]=lo>>31;`
                : op === Op.LWU ? `x[${d}]=r32[o>>2];x[${d + 1}]=0;`
                  : `x[${d}]=r32[o>>2];x[${d + 1}]=r32[(o>>2)+1];`;
      return `{const va=${addr(r1, imm)};const vpn=Math.floor(va/4096);const ti=vpn&255;const b=ramR[ti];` +
        `if(tagR[ti]!==vpn||b<0||(va&${size - 1})!==0)return ${k};const o=b+(va&4095);${load}}`;
    }
    case Op.SB: case Op.SH: case Op.SW: case Op.SD: {
      const size = op === Op.SB ? 1 : op === Op.SH ? 2 : op === Op.SW ? 4 : 8;
      const store = op === Op.SB ? `r8[o]=x[${r2}];` : op === Op.SH ? `r16[o>>1]=x[${r2}];` : op === Op.SW ? `r32[o>>2]=x[${r2}];`
        : `r32[o>>2]=x[${r2}];r32[(o>>2)+1]=x[${r2 + 1}];`;
      return `{const va=${addr(r1, imm)};const vpn=Math.floor(va/4096);const ti=vpn&255;const b=ramW[ti];` +
        `if(tagW[ti]!==vpn||b<0||(va&${size - 1})!==0)return ${k};const o=b+(va&4095);${store}if(c.reservation>=0)c.reservation=-1;}`;
    }
    case Op.FENCE: return '';
  }
  if (!w) return ''; // remaining ops only write rd
  switch (op) {
    case Op.ADDI: return `{const a=x[${r1}];const lo=(a+${imm})|0;x[${rd + 1}]=(x[${r1 + 1}]+${imm >> 31}+((lo>>>0)<(a>>>0)?1:0))|0;x[${rd}]=lo;}`;
    case Op.SLTI: return `x[${rd}]=(x[${r1 + 1}]<${imm >> 31}||(x[${r1 + 1}]===${imm >> 31}&&(x[${r1}]>>>0)<${imm >>> 0}))?1:0;x[${rd + 1}]=0;`;
    case Op.SLTIU: return `x[${rd}]=((x[${r1 + 1}]>>>0)<${(imm >> 31) >>> 0}||(x[${r1 + 1}]===${imm >> 31}&&(x[${r1}]>>>0)<${imm >>> 0}))?1:0;x[${rd + 1}]=0;`;
    case Op.XORI: return `x[${rd}]=x[${r1}]^${imm};x[${rd + 1}]=x[${r1 + 1}]^${imm >> 31};`;
    case Op.ORI: return `x[${rd}]=x[${r1}]|${imm};x[${rd + 1}]=x[${r1 + 1}]|${imm >> 31};`;
    case Op.ANDI: return `x[${rd}]=x[${r1}]&${imm};x[${rd + 1}]=x[${r1 + 1}]&${imm >> 31};`;
    case Op.SLLI: case Op.SRLI: case Op.SRAI: return shiftConst(op, rd, r1, imm);
    case Op.ADD: return `{const a=x[${r1}];const lo=(a+x[${r2}])|0;x[${rd + 1}]=(x[${r1 + 1}]+x[${r2 + 1}]+((lo>>>0)<(a>>>0)?1:0))|0;x[${rd}]=lo;}`;
    case Op.SUB: return `{const a=x[${r1}],b=x[${r2}];x[${rd + 1}]=(x[${r1 + 1}]-x[${r2 + 1}]-((a>>>0)<(b>>>0)?1:0))|0;x[${rd}]=(a-b)|0;}`;
    case Op.SLL: return `{const s=x[${r2}]&63,lo=x[${r1}],hi=x[${r1 + 1}];let nl,nh;if(s===0){nl=lo;nh=hi}else if(s<32){nh=(hi<<s)|(lo>>>(32-s));nl=lo<<s}else{nh=lo<<(s-32);nl=0}x[${rd}]=nl;x[${rd + 1}]=nh;}`;
    case Op.SRL: return `{const s=x[${r2}]&63,lo=x[${r1}],hi=x[${r1 + 1}];let nl,nh;if(s===0){nl=lo;nh=hi}else if(s<32){nl=(lo>>>s)|(hi<<(32-s));nh=hi>>>s}else{nl=hi>>>(s-32);nh=0}x[${rd}]=nl;x[${rd + 1}]=nh;}`;
    case Op.SRA: return `{const s=x[${r2}]&63,lo=x[${r1}],hi=x[${r1 + 1}];let nl,nh;if(s===0){nl=lo;nh=hi}else if(s<32){nl=(lo>>>s)|(hi<<(32-s));nh=hi>>s}else{nl=hi>>(s-32);nh=hi>>31}x[${rd}]=nl;x[${rd + 1}]=nh;}`;
    case Op.SLT: return `x[${rd}]=${lt(r1, r2)}?1:0;x[${rd + 1}]=0;`;
    case Op.SLTU: return `x[${rd}]=${ltu(r1, r2)}?1:0;x[${rd + 1}]=0;`;
    case Op.XOR: return `x[${rd}]=x[${r1}]^x[${r2}];x[${rd + 1}]=x[${r1 + 1}]^x[${r2 + 1}];`;
    case Op.OR: return `x[${rd}]=x[${r1}]|x[${r2}];x[${rd + 1}]=x[${r1 + 1}]|x[${r2 + 1}];`;
    case Op.AND: return `x[${rd}]=x[${r1}]&x[${r2}];x[${rd + 1}]=x[${r1 + 1}]&x[${r2 + 1}];`;
    case Op.ADDIW: return setW(rd, `(x[${r1}]+${imm})|0`);
    case Op.SLLIW: return setW(rd, `x[${r1}]<<${imm}`);
    case Op.SRLIW: return setW(rd, `(x[${r1}]>>>${imm})|0`);
    case Op.SRAIW: return setW(rd, `x[${r1}]>>${imm}`);
    case Op.ADDW: return setW(rd, `(x[${r1}]+x[${r2}])|0`);
    case Op.SUBW: return setW(rd, `(x[${r1}]-x[${r2}])|0`);
    case Op.SLLW: return setW(rd, `x[${r1}]<<(x[${r2}]&31)`);
    case Op.SRLW: return setW(rd, `(x[${r1}]>>>(x[${r2}]&31))|0`);
    case Op.SRAW: return setW(rd, `x[${r1}]>>(x[${r2}]&31)`);
    case Op.MULW: return setW(rd, `Math.imul(x[${r1}],x[${r2}])`);
    case Op.DIVW: return setW(rd, `a.divw(x[${r1}],x[${r2}])`);
    case Op.DIVUW: return setW(rd, `a.divuw(x[${r1}],x[${r2}])`);
    case Op.REMW: return setW(rd, `a.remw(x[${r1}],x[${r2}])`);
    case Op.REMUW: return setW(rd, `a.remuw(x[${r1}],x[${r2}])`);
    case Op.MUL: case Op.MULH: case Op.MULHSU: case Op.MULHU: case Op.DIV: case Op.DIVU: case Op.REM: case Op.REMU: {
      const fn = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'][op - Op.MUL];
      return `a.${fn}(x[${r1}],x[${r1 + 1}],x[${r2}],x[${r2 + 1}]);x[${rd}]=a.out[0];x[${rd + 1}]=a.out[1];`;
    }
  }
  return null;
}

/**
 * Translate the block starting at `pc` (physical page bytes at `ramOff` of `ram`, `pageBase` its
 * virtual page address). Returns null if the first instruction is not translatable.
 */
export function compileBlock(ram: Uint8Array, ramOff: number, pageBase: number, pc: number): JitBlock | null {
  const pcs: number[] = [];
  let body = '';
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
    if (!isTranslatable(f.op)) break;
    const code = emit(f.op, k, a, f.len, f.rd * 2, f.rs1 * 2, f.rs2 * 2, f.imm);
    if (code === null) break;
    pcs.push(a);
    body += code;
    a += f.len;
    if (isTerminator(f.op)) {
      const selfLoop = (f.op === Op.JAL || (f.op >= Op.BEQ && f.op <= Op.BGEU)) && pcs[pcs.length - 1] + f.imm === pc;
      if (!selfLoop) return finish(pcs, body, pageBase, a, false);
      const n = pcs.length;
      const term = code.replace(/out\[0\]=([^;]+);return (\d+);/, (_m, e: string, k: string) =>
        `{const nx=${e};if(nx===${pc}&&(it+2)*${n}<=lim){it++;continue;}out[0]=nx;return ${k};}`);
      const loopBody = (body.slice(0, body.length - code.length) + term).replace(/return (\d+);/g, (_m, k: string) => `{out[1]=it;return it*${n}+${k};}`);
      return finish(pcs, `let it=0;for(;;){${loopBody}}`, pageBase, a, true);
    }
  }
  if (pcs.length === 0) return null;
  return finish(pcs, `${body}out[0]=${a};return ${pcs.length};`, pageBase, a, false);
}

/**
 * Guest registers live in JS locals inside a block: every `x[N]` of the emitted code becomes
 * `vN` (assignments normalised to int32, as a typed-array store would), loaded on entry and
 * written back before every return — including bail-outs, where not-yet-written locals still
 * hold their entry values.
 */
function registersToLocals(body: string): string {
  const used = new Set<number>();
  const written = new Set<number>();
  let b = body.replace(/(?<![\w$])x\[(\d+)\]=(?!=)([^;]*);/g, (_m, n: string, e: string) => {
    const i = Number(n); used.add(i); written.add(i);
    return `v${i}=(${e})|0;`;
  });
  b = b.replace(/(?<![\w$])x\[(\d+)\]/g, (_m, n: string) => { used.add(Number(n)); return `v${n}`; });
  const regs = [...used].sort((p, q) => p - q);
  const decl = regs.length ? `let ${regs.map((i) => (i < 2 || i >= 64 ? `v${i}=0` : `v${i}=x[${i}]`)).join(',')};` : '';
  const wb = [...written].filter((i) => i >= 2 && i < 64).sort((p, q) => p - q).map((i) => `x[${i}]=v${i};`).join('');
  b = b.replace(/return ([^;]+);/g, (_m, k: string) => `{${wb}return ${k};}`);
  return decl + b;
}

function finish(pcs: number[], body: string, base: number, end: number, loops: boolean): JitBlock {
  // A unique comment keeps V8 from sharing feedback between blocks with identical source.
  const fn = new Function('x', 'r8', 'r16', 'r32', 'tagR', 'ramR', 'tagW', 'ramW', 'c', 'a', 'out', 'lim',
    `"use strict";/*b${unique++}*/${registersToLocals(body)}`) as BlockFn;
  return { n: pcs.length, pcs: Float64Array.from(pcs), base, end, loops, fn };
}

export { A as ARITH };
