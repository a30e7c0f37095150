/**
 * WebAssembly regions: the translated blocks of one page (those in the page's block table,
 * jit.ts) compiled together into one wasm function — a dispatch loop (`br_table` over block
 * numbers) with the guest registers in i64 locals across blocks, loaded at entry and written
 * back at every exit. Each instruction is rendered from its definition in semantics.ts by
 * sem-wasm.ts; memory accesses use the same TLB fast path as the other tiers.
 *
 * Exactness, as for JS blocks and chains (chain.ts): a block is entered only if it fits the
 * batch budget; block records (start pc, count) are written into the hart's ring where the
 * interpreter would write them; a memory access that misses the fast path (TLB miss, MMIO,
 * misaligned, code or watched page) or an address beyond ±2^52 (where the other tiers' double
 * arithmetic rounds) leaves the region *before* that instruction, and the interpreter goes on.
 * A block with an op that has no wasm form (FP, system, AMO) is not in the region: the region
 * leaves to the JS block. Stores do not touch the LR reservation: regions are entered only
 * without one (chain.ts).
 *
 * The function's state crosses in the chain-state slots of the hart area (St, hart-memory.ts).
 */
import { decodeFields, type Fields } from './decode.js';
import { Op } from './isa.js';
import { SEM, Kind, ADDR } from './semantics.js';
import { constValue } from './sem-expr.js';
import { wasmCond, wasmValue, type WasmOperands } from './sem-wasm.js';
import { Bytes, T, W, wasmModule } from './wasm-encode.js';
import { HartMem } from './hart-memory.js';
import { St, WExit } from './chain.js';
import type { JitBlock } from './jit.js';
import { setFlagsFromString } from 'node:v8';

/** One page's blocks as a wasm function. */
export interface WasmRegion {
  /** Virtual page base it was compiled for. */
  readonly base: number;
  /** Per halfword slot of the page: block number in the region, -1 (not a block when compiled), -2 (a block without a wasm form). */
  readonly index: Int16Array;
  /** Run from block `entry` with batch budget `lim` (chain state in and out through St). */
  readonly fn: (entry: number, lim: number) => void;
  readonly blocks: number;
  /**
   * Exit sites (St.WEXIT; 0: the dynamic jump, pc in St.PC): the pc to continue at, the
   * instructions of the block retired before it (a bail-out) and how it left (WExit).
   */
  readonly sitePc: Float64Array;
  readonly siteCount: Int32Array;
  readonly siteKind: Uint8Array;
}

/** What compiling needs of the hart. */
export interface RegionEnv {
  readonly memory: WebAssembly.Memory;
  /** Byte offset of the hart area (hart-memory.ts) in the memory. */
  readonly area: number;
  readonly ram: Uint8Array;
  /** The block ring's mask, compiled in as a constant (Cpu.setBlockRing drops regions). */
  readonly hart: { readonly blockMask: number };
}

// Locals: params entry (0), lim (1); then these.
const L_COUNT = 2, L_BI = 3, L_BCOUNT = 4, L_O = 5, L_BSTART = 6, L_PCOUT = 7, L_VA = 8, L_TGT = 9, L_TMP = 10, L_REG = 14;
const L_SITE = L_REG + 31; // i32: exit site
/** Addresses and targets the regions handle: |v| < 2^52, so the other tiers compute rs1 + imm exactly too. */
const TWO52 = 2 ** 52;
let baselineOnly = false;

const f: Fields = { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };

interface Insn { pc: number; op: Op; len: number; rd: number; rs1: number; rs2: number; imm: number }

/** The block's instructions if every one has a wasm form, else null. */
function decodeBlock(ram: Uint8Array, ramOff: number, pageBase: number, jb: JitBlock): Insn[] | null {
  const out: Insn[] = [];
  for (let k = 0; k < jb.n; k++) {
    const pc = jb.pcs[k];
    const o = ramOff + (pc - pageBase);
    let bits = ram[o] | (ram[o + 1] << 8);
    if ((bits & 3) === 3) bits |= (ram[o + 2] | (ram[o + 3] << 8)) << 16;
    decodeFields(bits, f);
    const kind = SEM[f.op].kind;
    if (kind !== Kind.ALU && kind !== Kind.BRANCH && kind !== Kind.JUMP && kind !== Kind.LOAD && kind !== Kind.STORE) return null;
    out.push({ pc, op: f.op, len: f.len, rd: f.rd, rs1: f.rs1, rs2: f.rs2, imm: f.imm });
  }
  return out;
}

const LOAD_OP: Record<number, number> = {
  [Op.LB]: W.i64Load8S, [Op.LBU]: W.i64Load8U, [Op.LH]: W.i64Load16S, [Op.LHU]: W.i64Load16U,
  [Op.LW]: W.i64Load32S, [Op.LWU]: W.i64Load32U, [Op.LD]: W.i64Load,
};
const STORE_OP: Record<number, number> = { 1: W.i64Store8, 2: W.i64Store16, 4: W.i64Store32, 8: W.i64Store };
const LOG2: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };

/**
 * Compile the blocks of `jpage` translated for virtual page `pageBase` (page bytes at `ramOff`)
 * into one region; null if none has a wasm form.
 */
export function compileRegion(env: RegionEnv, ramOff: number, pageBase: number, jpage: readonly (JitBlock | null | undefined)[]): WasmRegion | null {
  if (!baselineOnly) {
    // V8 compiles wasm with its baseline compiler (Liftoff) and re-compiles hot functions with
    // TurboFan in the background. For regions that re-compile costs far more than it gains:
    // ordinary-calls 321 ms CPU baseline-only vs 529 ms with tier-up, ordinary-mixed 1280 vs
    // 1355 ms (a region grows and is compiled anew several times). The flag only concerns
    // WebAssembly, which in this process is the emulator's own.
    setFlagsFromString('--liftoff-only');
    baselineOnly = true;
  }
  const index = new Int16Array(2048).fill(-1);
  const starts: number[] = [];
  const code: Insn[][] = [];
  const ends: number[] = [];
  for (let s = 0; s < 2048; s++) {
    const jb = jpage[s];
    if (jb === undefined || jb === null || jb.base !== pageBase) continue;
    const insns = decodeBlock(env.ram, ramOff, pageBase, jb);
    if (insns === null || code.length >= 0x7fff) { index[s] = -2; continue; }
    index[s] = code.length;
    starts.push(jb.pcs[0]); code.push(insns); ends.push(jb.end);
  }
  const K = code.length;
  if (K === 0) return null;
  const A = env.area;
  const ST = A + HartMem.ST, X = A + HartMem.X, BLK = A + HartMem.BLOCKS;
  const c = new Bytes();
  const used = new Set<number>(), written = new Set<number>();
  const blockOf = (pc: number): number => {
    const rel = pc - pageBase;
    return rel >= 0 && rel < 4096 ? index[rel >> 1] : -1;
  };

  // Nesting below the current block's code (ifs); br depths are computed from it.
  let cur = 0, depth = 0, selfLoop = false;
  const toLoop = (): number => K - cur + depth;
  const toExit = (): number => K + 1 - cur + depth;
  const sitePc: number[] = [0], siteCount: number[] = [0], siteKind: number[] = [WExit.NEXT];
  /** Leave the region to `pc` having retired `k` more instructions of the current block. */
  const exitConst = (pc: number, kind: WExit, k = 0): void => {
    sitePc.push(pc); siteCount.push(k); siteKind.push(kind);
    c.i32c(sitePc.length - 1); c.set(L_SITE); c.op(W.br); c.u(toExit());
  };
  /** Continue at constant pc: the region's block, or leave. */
  const goTo = (pc: number): void => {
    const j = blockOf(pc);
    if (j === cur && selfLoop) { c.op(W.br); c.u(depth - 1); } // the block's own loop (outermost of its code)
    else if (j >= 0) { c.i32c(j); c.set(0); c.op(W.br); c.u(toLoop()); } else exitConst(pc, WExit.NEXT);
  };
  const addCount = (k: number): void => { if (k !== 0) { c.get(L_COUNT); c.i32c(k); c.op(W.i32Add); c.set(L_COUNT); } };
  const ifThen = (): void => { c.op(W.if, T.void); depth++; };
  const endIf = (): void => { c.op(W.end); depth--; };
  /** Block record of the run ending here, the next starting at `start` (f64 pushed by `start`). */
  const record = (start: () => void): void => {
    c.get(L_BI); c.i32c(3); c.op(W.i32Shl); c.get(L_BSTART); c.mem(W.f64Store, 3, BLK);
    c.get(L_BI); c.i32c(3); c.op(W.i32Shl); c.get(L_COUNT); c.get(L_BCOUNT); c.op(W.i32Sub, W.f64ConvertI32S); c.mem(W.f64Store, 3, BLK + 8);
    c.get(L_BI); c.i32c(2); c.op(W.i32Add); c.i32c(env.hart.blockMask); c.op(W.i32And); c.set(L_BI);
    start(); c.set(L_BSTART); c.get(L_COUNT); c.set(L_BCOUNT);
  };
  const reg = (r: number): void => {
    if (r === 0) { c.i64c(0); return; }
    used.add(r); c.get(L_REG + r - 1);
  };
  const setRd = (rd: number): void => {
    if (rd === 0) { c.op(W.drop); return; }
    used.add(rd); written.add(rd); c.set(L_REG + rd - 1);
  };
  /** Leave before instruction k of the current block (the interpreter executes it). */
  const bail = (k: number, pc: number): void => { exitConst(pc, k === 0 ? WExit.BAIL_FIRST : WExit.BAIL, k); };
  /** TLB fast path of `size` bytes at rs1 + imm: leaves the RAM offset in L_O, or bails. */
  const tlb = (i: Insn, wo: WasmOperands, k: number, size: number, w: boolean): void => {
    wasmValue(ADDR, wo); c.tee(L_VA);
    c.i64c(TWO52); c.op(W.i64Add); c.i64c(53); c.op(W.i64ShrU, W.i64Eqz, W.i32Eqz);
    c.get(L_VA); c.i64c(12); c.op(W.i64ShrS); c.tee(L_TGT); c.op(W.f64ConvertI64S);
    c.get(L_TGT); c.op(W.i32WrapI64); c.i32c(255); c.op(W.i32And); c.i32c(3); c.op(W.i32Shl); c.tee(L_O);
    c.mem(W.f64Load, 3, A + (w ? HartMem.TAG_W : HartMem.TAG_R)); c.op(W.f64Ne, W.i32Or);
    c.get(L_O); c.mem(W.f64Load, 3, A + (w ? HartMem.RAM_W : HartMem.RAM_R)); c.f64c(0); c.op(W.f64Lt, W.i32Or);
    if (size > 1) { c.get(L_VA); c.op(W.i32WrapI64); c.i32c(size - 1); c.op(W.i32And, W.i32Or); }
    ifThen(); bail(k, i.pc); endIf();
    c.get(L_O); c.mem(W.f64Load, 3, A + (w ? HartMem.RAM_W : HartMem.RAM_R)); c.op(W.i32TruncF64S);
    c.get(L_VA); c.op(W.i32WrapI64); c.i32c(4095); c.op(W.i32And, W.i32Add); c.set(L_O);
  };

  const sorted = starts.map((pc, j) => ({ rel: pc - pageBase, j })).sort((a, b) => a.rel - b.rel);
  /** Dispatch on the in-page offset in L_O to the region's block there, falling through if none. */
  const search = (lo: number, hi: number): void => {
    if (hi - lo <= 4) {
      for (let q = lo; q < hi; q++) {
        c.get(L_O); c.i32c(sorted[q].rel); c.op(W.i32Eq); ifThen();
        c.i32c(sorted[q].j); c.set(0); c.op(W.br); c.u(toLoop()); endIf();
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    c.get(L_O); c.i32c(sorted[mid].rel); c.op(W.i32LtU); ifThen(); search(lo, mid);
    c.op(W.else); search(mid, hi); endIf();
  };

  // ---- body: block $exit; loop; block*K; br_table
  c.op(W.block, T.void, W.loop, T.void);
  for (let j = 0; j < K; j++) c.op(W.block, T.void);
  // Entry K: a dynamic jump's target (in-page offset in L_O) looked up among the blocks.
  c.op(W.block, T.void);
  c.get(0); c.op(W.brTable); c.u(K + 1); for (let j = 0; j <= K; j++) c.u(j); c.u(K + 2);
  for (cur = 0; cur <= K; cur++) {
    if (cur === K) {
      c.op(W.end); depth = 0;
      search(0, sorted.length);
      c.i32c(0); c.set(L_SITE); c.op(W.br); c.u(toExit());
      break;
    }
    c.op(W.end); depth = 0;
    const insns = code[cur], n = insns.length, end = ends[cur];
    // A block branching back to itself loops in place, without the dispatch.
    const last = insns[n - 1];
    const lastSem = SEM[last.op];
    const lastTarget = lastSem.kind === Kind.BRANCH || lastSem.kind === Kind.JUMP
      ? constValue(lastSem.target, { imm: last.imm, pc: last.pc, npc: last.pc + last.len }) : null;
    selfLoop = lastTarget === starts[cur];
    if (selfLoop) { c.op(W.loop, T.void); depth++; }
    // Budget: the whole block must fit.
    c.get(L_COUNT); c.i32c(n); c.op(W.i32Add); c.get(1); c.op(W.i32GtS); ifThen(); exitConst(starts[cur], WExit.NEXT); endIf();
    let terminated = false;
    for (let k = 0; k < n; k++) {
      const i = insns[k];
      const sem = SEM[i.op];
      const wo: WasmOperands = {
        c, imm: i.imm, pc: i.pc, npc: i.pc + i.len,
        s1: () => reg(i.rs1), s2: () => reg(i.rs2),
        tmp: (q) => L_TMP + q, tmps: L_REG - L_TMP,
      };
      switch (sem.kind) {
        case Kind.ALU:
          if (sem.value !== null) { wasmValue(sem.value, wo); setRd(i.rd); }
          break;
        case Kind.LOAD: tlb(i, wo, k, sem.size, false); c.get(L_O); c.mem(LOAD_OP[i.op], LOG2[sem.size], 0); setRd(i.rd); break;
        case Kind.STORE: tlb(i, wo, k, sem.size, true); c.get(L_O); reg(i.rs2); c.mem(STORE_OP[sem.size], LOG2[sem.size], 0); break;
        case Kind.BRANCH: {
          const target = constValue(sem.target, wo);
          if (target === null) throw new Error('wasm-region: a branch target must be a constant of pc and imm');
          addCount(n);
          wasmCond(sem.cond, wo); ifThen();
          if (target !== end) record(() => c.f64c(target));
          goTo(target);
          c.op(W.else); goTo(end); endIf();
          terminated = true;
          break;
        }
        case Kind.JUMP: {
          const target = constValue(sem.target, wo);
          if (target !== null) {
            wasmValue(sem.link, wo); setRd(i.rd);
            addCount(n);
            if (target !== end) record(() => c.f64c(target));
            goTo(target);
          } else {
            wasmValue(sem.target, wo); c.tee(L_TGT);
            // A target the other tiers' doubles cannot hold exactly: the interpreter takes it.
            c.i64c(TWO52); c.op(W.i64Add); c.i64c(53); c.op(W.i64ShrU, W.i64Eqz, W.i32Eqz); ifThen(); bail(k, i.pc); endIf();
            wasmValue(sem.link, wo); setRd(i.rd); // after the target: rd may be rs1
            addCount(n);
            c.get(L_TGT); c.op(W.f64ConvertI64S); c.set(L_PCOUT);
            c.get(L_PCOUT); c.f64c(end); c.op(W.f64Ne); ifThen(); record(() => c.get(L_PCOUT)); endIf();
            c.get(L_TGT); c.i64c(pageBase); c.op(W.i64Sub); c.tee(L_TGT); c.i64c(4096); c.op(W.i64LtU); ifThen();
            c.get(L_TGT); c.op(W.i32WrapI64); c.set(L_O); c.i32c(K); c.set(0); c.op(W.br); c.u(toLoop()); endIf();
            c.i32c(0); c.set(L_SITE); c.op(W.br); c.u(toExit());
          }
          terminated = true;
          break;
        }
        default: throw new Error('wasm-region: op without a wasm form');
      }
    }
    if (!terminated) { addCount(n); goTo(end); }
    if (selfLoop) { c.op(W.end); depth--; }
  }
  c.op(W.end, W.end); // loop, $exit

  // ---- prologue (registers and chain state in), epilogue (out)
  const pro = new Bytes();
  const ld = (slot: number, toI32: boolean, local: number): void => {
    pro.i32c(0); pro.mem(W.f64Load, 3, ST + slot * 8); if (toI32) pro.op(W.i32TruncF64S); pro.set(local);
  };
  ld(St.COUNT, true, L_COUNT); ld(St.BI, true, L_BI); ld(St.BCOUNT, true, L_BCOUNT); ld(St.BSTART, false, L_BSTART);
  const regs = [...used].sort((a, b) => a - b);
  for (const r of regs) { pro.i32c(0); pro.mem(W.i64Load, 3, X + r * 8); pro.set(L_REG + r - 1); }
  const epi = new Bytes();
  const st = (slot: number, local: number, isI32: boolean): void => {
    epi.i32c(0); epi.get(local); if (isI32) epi.op(W.f64ConvertI32S); epi.mem(W.f64Store, 3, ST + slot * 8);
  };
  st(St.COUNT, L_COUNT, true); st(St.BI, L_BI, true); st(St.BCOUNT, L_BCOUNT, true); st(St.BSTART, L_BSTART, false);
  st(St.PC, L_PCOUT, false);
  st(St.WEXIT, L_SITE, true);
  for (const r of [...written].sort((a, b) => a - b)) { epi.i32c(0); epi.get(L_REG + r - 1); epi.mem(W.i64Store, 3, X + r * 8); }

  const body = new Uint8Array(pro.len + c.len + epi.len);
  body.set(pro.bytes()); body.set(c.bytes(), pro.len); body.set(epi.bytes(), pro.len + c.len);
  const locals: [number, number][] = [[4, T.i32], [2, T.f64], [6, T.i64], [31, T.i64], [1, T.i32]];
  const buf = env.memory.buffer;
  const bytes = wasmModule([T.i32, T.i32], [], locals, body, buf.byteLength / 65536, buf instanceof SharedArrayBuffer);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: env.memory } });
  const fn = inst.exports.f as (entry: number, lim: number) => void;
  return {
    base: pageBase, index, fn, blocks: K,
    sitePc: Float64Array.from(sitePc), siteCount: Int32Array.from(siteCount), siteKind: Uint8Array.from(siteKind),
  };
}
