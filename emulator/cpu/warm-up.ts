/**
 * A deterministic warm-up of the interpreter loop, run once per process on a scratch hart before
 * the first real batch (Cpu.run).
 *
 * Why: `run` (interp.ts) is one large generated function. V8 optimises it as soon as it is hot,
 * with type feedback only for the cases and paths executed so far; the first time the program
 * reaches any other one (a case, a taken branch, a TLB miss of that load, the cold-op call), the
 * optimised code deoptimises for "insufficient type feedback" and V8 compiles the whole function
 * again — 4–6 TurboFan compiles of ~100 ms per process, run in the unoptimised tiers meanwhile.
 * Executing every case and path once here, before anything is hot, gives the first compile
 * feedback for all of them.
 *
 * The scratch hart has its own bus and RAM (`WARM_BASE`, `WARM_SIZE`, at the usual RAM base so
 * pcs and addresses are the same kinds of numbers as a real guest's) and is dropped afterwards:
 * nothing of it is visible to any other hart, and the warm-up is the same every time.
 * Translation is off on it except for one snippet of two JS blocks (chains bring heap numbers
 * into the loop's counters); it has no wasm regions. Measured on ordinary-mixed: `run` compiled
 * 2 times per process instead of 4–6 (an OSR and a regular compile), the warm-up itself 15–25 ms.
 */
import { ISA, Fmt, Op, type InsnRow } from './isa.js';
import { SEM, Kind } from './semantics.js';
import { MS } from './csr-file.js';
import { Csr } from './csr-names.js';
import type { Cpu } from './cpu.js';
import type { RunFn } from './interp.js';
import { decodeFields, type Fields } from './decode.js';

export const WARM_BASE = 0x8000_0000;
/** 32 pages: code from page 0, one data page per memory row from DATA_PAGE, the last page ends in a cut instruction. */
export const WARM_SIZE = 32 * 4096;
const DATA_PAGE = 8;
/**
 * Iterations of a jump to itself before the warm-up proper: V8 gives the loop its feedback
 * vector (and records feedback from then on) after about 200 with this loop's bytecode.
 */
const PRIME = 400;
/**
 * The budget of the snippets that end a batch themselves: not a small integer, so the loop's
 * budget checks see a heap number as they do when Machine passes a batch budget computed from
 * cycle counts in doubles (each of these snippets ends within two instructions anyway).
 */
const ENDER_BUDGET = 64.5;
/** Where the snippets that end a batch begin (page 2), and the byte of their page stores into code hit (x3 + 1000). */
const ENDERS = WARM_BASE + 2 * 4096;
const INTO_CODE = ENDERS + 2048 + 1000;
/** The translated-block snippet (page 3) and how long it runs. */
const CHAIN = WARM_BASE + 3 * 4096;
const CHAIN_BUDGET = 200;
const LAST = WARM_BASE + WARM_SIZE;
/** An address outside RAM with no device: loads and stores there fault. */
const NOWHERE = 0x1000;

/** Registers: x1 link, x3 jump base, x4 NOWHERE, x5..x15 and x24..x31 memory bases, x16..x19 operands, x20..x23 results. */
const A = 16, B = 17, C = 18, D = 19, R = 20;

/** Operand values of x16..x19 (and f16..f19 as bits), one set per pass over the straight-line code: small, 64-bit, address-like. */
const VALUES: readonly (readonly number[])[] = [
  [5, -7, 0, 40],
  [0x1_2345_6789, -(2 ** 63), -1, 2 ** 63 - 1024],
  [0x8000_1234, 0xffff_ffff, 1, 63],
];
/** f16..f19 as doubles, per value set (singles read the low half, NaN-boxing or not). */
const FVALUES: readonly (readonly number[])[] = [
  [1.5, -2.25, 0, 3],
  [1e300, -0, NaN, -Infinity],
  [0.1, 2 ** -1074, 7, -1e-300],
];

/** The instruction of row `r` with the given fields (rm dynamic where the row has one; rs3 = rs2). */
export function encode(r: InsnRow, rd: number, rs1: number, rs2: number, imm: number): number {
  let f: number;
  switch (r.fmt) {
    case Fmt.I: case Fmt.LOAD: case Fmt.JALR: case Fmt.F_LOAD: case Fmt.CSR: case Fmt.CSRI: case Fmt.FENCE:
      f = (rd << 7) | (rs1 << 15) | ((imm & 0xfff) << 20); break;
    case Fmt.ISH: f = (rd << 7) | (rs1 << 15) | ((imm & 63) << 20); break;
    case Fmt.S: case Fmt.F_STORE: f = (rs1 << 15) | (rs2 << 20) | ((imm & 31) << 7) | (((imm >> 5) & 0x7f) << 25); break;
    case Fmt.B:
      f = (rs1 << 15) | (rs2 << 20) | (((imm >> 12) & 1) << 31) | (((imm >> 5) & 63) << 25) | (((imm >> 1) & 15) << 8) | (((imm >> 11) & 1) << 7);
      break;
    case Fmt.U: f = (rd << 7) | (imm & 0xfffff000); break;
    case Fmt.J:
      f = (rd << 7) | (((imm >> 20) & 1) << 31) | (((imm >> 1) & 1023) << 21) | (((imm >> 11) & 1) << 20) | (((imm >> 12) & 255) << 12);
      break;
    default: f = (rd << 7) | (7 << 12) | (rs1 << 15) | (rs2 << 20) | (rs2 << 27); break;
  }
  return (r.match | (f & ~r.mask)) >>> 0;
}

/** The first 32-bit row of each op. */
function rowsByOp(): Map<Op, InsnRow> {
  const m = new Map<Op, InsnRow>();
  for (const r of ISA) if (r.len === 4 && !m.has(r.op) && r.op !== Op.FP) m.set(r.op, r);
  return m;
}

/** A code sequence the loop runs from `pc` with `budget` instructions. */
interface Snippet { readonly pc: number; readonly budget: number }

class Code {
  readonly words: number[] = [];
  constructor(readonly base: number) {}
  get pc(): number { return this.base + this.words.length * 4; }
  emit(...w: number[]): void { this.words.push(...w); }
}

/** Base register of each memory row (a data page of its own, so its first access misses the TLB). */
const BASES = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];

interface Program {
  readonly code: Code; readonly chain: Code; readonly straight: Snippet; readonly spin: number; readonly enders: Snippet[]; readonly bases: Map<number, number>;
  /** mret and sret (run last: they leave M-mode). */
  readonly mret: number; readonly sret: number;
}

/**
 * The straight-line snippet (every row that goes on to the next instruction, branches taken and
 * not, jumps, each memory row twice on its own page: a TLB miss, then a hit) and the snippets
 * that end a batch (traps, xRETs, WFI, faults, stores into code, a fetch fault, an instruction
 * across a page end, one cut off at RAM's end).
 */
function program(): Program {
  const by = rowsByOp();
  const row = (op: Op): InsnRow => by.get(op)!;
  const c = new Code(WARM_BASE);
  const bases = new Map<number, number>();
  let nextBase = 0;
  const base = (): number => {
    if (nextBase === BASES.length) throw new Error('warm-up: too many memory rows');
    const reg = BASES[nextBase];
    bases.set(reg, WARM_BASE + (DATA_PAGE + nextBase) * 4096 + 256);
    nextBase++;
    return reg;
  };
  const addi = row(Op.ADDI);
  const amoBase = base(); // AMOs translate every time: one page for all
  const start = c.pc;
  for (const r of ISA) {
    if (r.len !== 4) continue;
    const sem = SEM[r.op];
    switch (sem.kind) {
      case Kind.ALU:
        if (r.fmt === Fmt.R) for (const [s1, s2] of [[A, B], [D, C]]) c.emit(encode(r, R, s1, s2, 0));
        else if (r.fmt === Fmt.ISH) for (const s of [0, 5, 40]) c.emit(encode(r, R + 1, A, 0, s), encode(r, R + 2, B, 0, s));
        else if (r.fmt === Fmt.U) for (const v of [0x12345000, 0x80000000]) c.emit(encode(r, R, 0, 0, v));
        else for (const v of [5, -2048]) c.emit(encode(r, R + 1, A, 0, v), encode(r, R + 2, B, 0, v));
        break;
      case Kind.BRANCH:
        for (const [s1, s2] of [[A, A], [A, B], [B, A], [C, D]]) c.emit(encode(r, 0, s1, s2, 8), encode(addi, R, R, 0, 1));
        break;
      case Kind.JUMP:
        if (r.op === Op.JAL) c.emit(encode(r, 1, 0, 0, 8), encode(addi, R, R, 0, 1));
        else c.emit(encode(row(Op.AUIPC), 3, 0, 0, 0), encode(r, 1, 3, 0, 12), encode(addi, R, R, 0, 1));
        break;
      case Kind.LOAD: case Kind.FLOAD: { const b = base(); c.emit(encode(r, R, b, 0, 8), encode(r, R + 1, b, 0, 16)); break; }
      case Kind.STORE: case Kind.FSTORE: { const b = base(); c.emit(encode(r, 0, b, A, 8), encode(r, 0, b, B, 16)); break; }
      case Kind.FP: c.emit(encode(r, R, A, B, 0), encode(r, R + 1, C, D, 0)); break;
      case Kind.SYSTEM:
        if (r.fmt === Fmt.CSR) c.emit(encode(r, R, 0, 0, Csr.MSCRATCH), encode(r, R, A, 0, Csr.MSCRATCH));
        else if (r.fmt === Fmt.CSRI) c.emit(encode(r, R, 5, 0, Csr.MSCRATCH));
        else if (r.fmt === Fmt.AMO || r.fmt === Fmt.LR) {
          // lr then its sc on the same address (the sc succeeds), every other AMO on its own
          if (r.op === Op.SC_W || r.op === Op.SC_D) break;
          const b = amoBase;
          c.emit(encode(r, R, b, A, 0));
          if (r.op === Op.LR_W || r.op === Op.LR_D) c.emit(encode(row(r.op === Op.LR_W ? Op.SC_W : Op.SC_D), R + 1, b, B, 0));
        } else if (r.op === Op.FENCE_I) c.emit(r.match);
        break;
    }
  }
  c.emit(encode(row(Op.FENCE), 0, 0, 0, 0xff), encode(row(Op.JAL), 0, 0, 0, 0)); // then a jump to itself till the budget ends
  const straight: Snippet = { pc: start, budget: c.words.length + 16 };
  const spin = c.pc - 4;

  if (c.pc > ENDERS) throw new Error('warm-up: straight-line code too long');
  while (c.pc < ENDERS) c.emit(0);
  const enders: Snippet[] = [];
  const one = (...w: number[]): void => { enders.push({ pc: c.pc, budget: ENDER_BUDGET }); c.emit(...w); };
  one(row(Op.ECALL).match);
  one(row(Op.EBREAK).match);
  one(row(Op.WFI).match);
  one(row(Op.SFENCE_VMA).match);
  one(encode(row(Op.CSRRSI), 0, MS.MIE, 0, Csr.MSTATUS)); // a write that ends the batch
  one(encode(row(Op.CSRRS), R, 0, 0, 0x7ff)); // no such CSR: illegal
  one(0); // illegal instruction
  one(encode(row(Op.JALR), 0, 4, 0, 0)); // fetch fault
  for (const r of ISA) {
    if (r.len !== 4) continue;
    const k = SEM[r.op].kind;
    if (k === Kind.LOAD || k === Kind.FLOAD) one(encode(r, R, 4, 0, 8));
    else if (k === Kind.STORE || k === Kind.FSTORE) {
      one(encode(r, 0, 4, A, 8));
      one(encode(r, 0, 3, A, 1000)); // into the enders' page, past them: ends the batch
    }
  }
  // Translated blocks (run on their own, with translation on): a loop block, and a block with a
  // load that bails out to the interpreter while its page is not in the TLB, chained.
  const chain = new Code(CHAIN);
  chain.emit(encode(addi, R, R, 0, 1), encode(row(Op.BNE), 0, R, R + 1, -4), encode(addi, R, 0, 0, 0),
    encode(row(Op.LD), R + 3, BASES[0], 0, 8), encode(row(Op.JAL), 0, 0, 0, -16));
  const mret = c.pc;
  c.emit(row(Op.MRET).match);
  const sret = c.pc;
  c.emit(row(Op.SRET).match);
  if (c.pc > INTO_CODE) throw new Error('warm-up: too many enders');
  return { code: c, chain, straight, spin, enders, bases, mret, sret };
}

let decodeScratch: Fields | undefined;

/**
 * Run the loop `run` over the warm-up program on `cpu` (a scratch hart on its own bus of
 * WARM_SIZE bytes at WARM_BASE), and decode every row of the ISA table a few times
 * (decodeFields is as large and as deopt-prone, with a case per format).
 */
export function warmUp(run: RunFn, cpu: Cpu): void {
  const p = program();
  const bus = cpu.bus;
  const ram32 = bus.ram32;
  for (const code of [p.code, p.chain]) {
    const o = (code.base - WARM_BASE) >>> 2;
    for (let i = 0; i < code.words.length; i++) ram32[o + i] = code.words[i] | 0;
  }
  // an instruction across the end of page 3 (cached undecoded), and one cut off by RAM's end
  const across = WARM_BASE + 4 * 4096 - 2, cut = LAST - 2;
  const addi = encode(rowsByOp().get(Op.ADDI)!, R, A, 0, 1);
  const put16 = (addr: number, h: number): void => { bus.ram16[(addr - WARM_BASE) >>> 1] = h; };
  put16(across, addi & 0xffff); put16(across + 2, addi >>> 16); put16(across + 4, 0x0073); put16(across + 6, 0); // then ecall
  put16(cut, addi & 0xffff);
  cpu.jitThreshold = 0;
  const x = cpu.x;
  const setReg = (r: number, v: number): void => { x[2 * r] = v % 4294967296; x[2 * r + 1] = Math.floor(v / 4294967296); };
  const go = (pc: number, budget: number, set: number): void => {
    cpu.pc = pc;
    for (const [r, a] of p.bases) setReg(r, a);
    setReg(3, ENDERS + 2048); setReg(4, NOWHERE);
    const v = VALUES[set], fv = FVALUES[set];
    for (let i = 0; i < 4; i++) { setReg(A + i, v[i]); cpu.fd[A + i] = fv[i]; }
    setReg(R, 0); setReg(R + 1, 3);
    run(cpu, budget);
  };
  // From reset (an empty TLB and decode cache: every memory row misses, then hits; every
  // instruction is decoded), after priming (PRIME). The xRETs, which leave M-mode, come last.
  cpu.reset(WARM_BASE);
  cpu.csr.mstatus |= MS.FS;
  go(p.spin, PRIME, 0);
  for (let set = 0; set < VALUES.length; set++) go(p.straight.pc, p.straight.budget, set);
  for (const s of p.enders) go(s.pc, s.budget, 0);
  // Chains also bring heap numbers into the loop's counters (read back from St, a Float64Array).
  cpu.jitThreshold = 1;
  go(CHAIN, CHAIN_BUDGET, 0);
  cpu.jitThreshold = 0;
  go(across, ENDER_BUDGET, 0);
  go(cut, ENDER_BUDGET, 0);
  go(p.mret, ENDER_BUDGET, 0);
  go(p.sret, ENDER_BUDGET, 0);
  const f = (decodeScratch ??= { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 });
  for (let pass = 0; pass < 2; pass++) {
    for (const r of ISA) {
      const fill = pass === 0 ? 0x5555_5555 : 0x2aaa_aaaa;
      decodeFields((r.match | (fill & ~r.mask)) >>> 0, f);
    }
  }
}
