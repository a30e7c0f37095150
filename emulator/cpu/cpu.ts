/**
 * The RV64IMAFDC hart: integer registers as int32 lo/hi pairs, a decoded-instruction cache per
 * physical page, per-access-type TLBs, M/S/U privilege with traps and interrupts.
 *
 * Addresses are JS numbers (doubles): every valid Sv39 or physical address is exact; any
 * address a register can form that is not exactly representable is necessarily invalid and
 * faults, with the exact 64-bit tval recomputed from the registers.
 *
 * `run(n)` executes up to n instructions and stops early after anything that may change
 * interrupt state, translation or device state (CSR writes, xRET, MMIO, traps, WFI).
 */
import { Bus, PAGE_SHIFT, PageFlag } from '../bus.js';
import { Op } from './isa.js';
import { type JitBlock, type BlockEnv, compileBlock } from './jit.js';
import { TranslationPolicy } from './translate-policy.js';
import { makeRun, type RunFn } from './interp.js';
import { St, RegionSlot, type ChainEnv } from './chain.js';
import { compileRegion, type RegionEnv } from './wasm-region.js';
import { HartMem } from './hart-memory.js';
import { Priv, Cause, Stop, BLOCK_RING, BLOCK_RING_MAX } from './hart-enums.js';
import { decodeFields, pack, type Fields } from './decode.js';
import { CsrFile, csrExists, csrRead, csrWrite, CsrEffect, MS, R64, MIP_MEIP, MIP_MSIP, MIP_MTIP, MIP_SEIP, MIP_SSIP, MIP_STIP } from './csr-file.js';
import { Csr } from './csr-names.js';
import { sv39Walk, sv39Leaf, PTE_U, Access } from './sv39.js';

export { Priv, Cause, Stop, BLOCK_RING, BLOCK_RING_MAX } from './hart-enums.js';

const TLB_SIZE = 256;
/**
 * TLB entry classes. One set of arrays serves every privilege: an entry not usable in the
 * current context (a user page while in S-mode with SUM clear, a kernel page in U-mode, an
 * identity entry of M-mode while translating) is hidden — its tag moved out of the range of
 * virtual page numbers — instead of flushed, so traps and xRETs keep both sides' entries.
 */
const enum TlbCls { USER = 0, SUPER = 1, BARE = 2 }
/** Added to a hidden entry's tag: no vpn (|vpn| < 2^44) can match it; any tag >= HIDDEN_MIN is hidden. */
const TLB_HIDE = 2 ** 50;
const TLB_HIDDEN_MIN = 2 ** 49;
/** Address spaces whose entries switchAddressSpace keeps aside; more distinct roots empty the TLB and start over. */
const MAX_SPACES = 4096;
/** Doubles per kept entry: array (0 R, 1 W, 2 X), slot, vpn, RAM offset, physical page, class. */
const KEPT = 6;
const TWO32 = 4294967296;

/**
 * Host hook for system mode: traps taken from U-mode go to the TypeScript kernel instead of
 * the guest's trap vector. `cause` has bit 63 folded into `interrupt`.
 */
export type HostTrapHandler = (cause: number, interrupt: boolean, tvalLo: number, tvalHi: number) => void;

/** The interpreter loop, generated from the instruction semantics on first use (after the module cycle with interp.ts has settled). */
let RUN: RunFn | undefined;

/** The interrupt to take among pending bits `pick` (priority MEI, MSI, MTI, SEI, SSI, STI), or -1. */
export function highestPriorityInterrupt(pick: number): number {
  if (pick & MIP_MEIP) return 11;
  if (pick & MIP_MSIP) return 3;
  if (pick & MIP_MTIP) return 7;
  if (pick & MIP_SEIP) return 9;
  if (pick & MIP_SSIP) return 1;
  if (pick & MIP_STIP) return 5;
  return -1;
}

/** Hide entry i of `tag` if its class `c` is not in `visible` (bit per TlbCls), else unhide it. */
function hideEntry(tag: Float64Array, i: number, c: number, visible: number): void {
  const t = tag[i];
  if (t !== t) return; // empty (NaN)
  const hidden = t >= TLB_HIDDEN_MIN;
  if (((visible >>> c) & 1) !== 0) { if (hidden) tag[i] = t - TLB_HIDE; } else if (!hidden) tag[i] = t + TLB_HIDE;
}

/** hideEntry over every slot of `tag`. */
function hideTlb(tag: Float64Array, cls: Uint8Array, visible: number): void {
  for (let i = 0; i < TLB_SIZE; i++) hideEntry(tag, i, cls[i], visible);
}

export class Cpu {
  /** x0–x31 as lo/hi int32 pairs (a view of the bus's hart area, cpu/hart-memory.ts, like the TLB, out and block arrays). */
  readonly x: Int32Array;
  /** f0–f31 as lo/hi pairs like x (singles NaN-boxed), and the same bytes as doubles. */
  readonly fd = new Float64Array(32);
  readonly f = new Int32Array(this.fd.buffer);
  pc = 0;
  priv: Priv = Priv.M;
  readonly csr = new CsrFile();
  /** Total cycles and retired instructions (< 2^53). cycle = instret + idle + modelled costs. */
  cycle = 0;
  instret = 0;
  /** Stalled in WFI until an interrupt is pending (part of the architectural state we snapshot). */
  wfiWait = false;
  /** LR reservation (physical address) or -1. */
  reservation = -1;
  /** Set when run() stopped early; the machine reads and clears it. */
  stop: Stop = Stop.NONE;
  /**
   * Takes every trap from U-mode when set (a host kernel). The TLB is left as it is: the handler
   * flushes it when it changes satp or page tables (emulator/kernel: exitToUser, vspace.ts).
   */
  hostTrap: HostTrapHandler | null = null;
  /** Observer of traps taken by guest code (not those consumed by hostTrap). */
  onTrap: ((cause: number, interrupt: boolean, pc: number, tvalLo: number, tvalHi: number, priv: number) => void) | null = null;
  /**
   * Offered every ebreak in M or S mode before it traps (semihosting): true when the host
   * handled it as a call, and the ebreak then retires like any instruction.
   */
  onEbreak: ((pc: number) => boolean) | null = null;
  /** Observer of every sret, after it took effect (priv and pc are the destination's); real-kernel probes. */
  onSret: (() => void) | null = null;
  /** Incremented by every run(), so observers can tell whether block records are new. */
  batchSeq = 0;
  /**
   * The block-record ring: straight-line blocks retired, as pairs (start pc, instruction count).
   * Each run() writes on from where the last one ended: its records are the pairs from
   * blockStart up to blockEnd, indices modulo blockMask + 1 (in float64s). A reader that keeps
   * records past the batch (the recorder) must read them before the ring comes round to them.
   */
  readonly blocks: Float64Array;
  blockStart = 0;
  blockEnd = 0;
  /** Index mask of the ring in use: its length in float64s minus one (setBlockRing). */
  blockMask = BLOCK_RING * 2 - 1;
  /** Instructions of the running batch already added to cycle/instret (see commit). */
  private batchCommitted = 0;
  /** mtime at a given cycle (wired to the CLINT by the machine). */
  timeAt: (cycle: number) => number = () => 0;

  /**
   * Executions of a block start before it is translated (0 disables translation). Setting
   * it to 1 translates everything at once, which the tests use to check the translator.
   */
  jitThreshold = 50;
  // Per RAM page: translated blocks by halfword slot (null = not translatable) and hit counts.
  private readonly jitBlocks: ((JitBlock | null | undefined)[] | undefined)[];
  private readonly jitHot: (Uint16Array | undefined)[];
  /** Per RAM page: its wasm region state (wasm-region.ts), while the page is decoded. */
  private readonly jitRegions: (RegionSlot | undefined)[];
  /**
   * Per code page: 1 for each byte an instruction was decoded or translated from. A store into
   * a code page drops its decoded and translated code only if it writes such a byte — data next
   * to code (.bss after .text, a stack in the code page) costs a slow store, not a retranslation.
   */
  private readonly codeBytes: (Uint8Array | undefined)[];
  private readonly regionEnv: RegionEnv | null;
  /**
   * WebAssembly regions (wasm-region.ts) on top of the JS blocks (Machine turns it on unless
   * its config says otherwise); needs the bus's memory to be a WebAssembly.Memory, else it
   * stays off. Set between runs.
   */
  get wasmTier(): boolean { return this.wasmOn; }
  set wasmTier(on: boolean) { this.wasmOn = on && this.regionEnv !== null; this.chainEnv.page = null; }
  private wasmOn = false;
  /**
   * Uncovered chain entries into a page's JS blocks before its region is (re)compiled; doubles
   * per page with each compile unless 1 (tests: every new block joins at once).
   */
  get regionAfter(): number { return this.chainEnv.regionAfter; }
  set regionAfter(n: number) { this.chainEnv.regionAfter = Math.max(1, n); }
  /** Counters for the bench and tests: regions compiled and the blocks they hold in total. */
  readonly regionStats = { compiled: 0, blocks: 0, calls: 0 };
  private readonly jitOut: Float64Array;
  private readonly chainState: Float64Array;
  private readonly blockEnv: BlockEnv;
  /** Whether a hot block is translated now (compile budget) and reuse of earlier translations. */
  readonly translation: TranslationPolicy<JitBlock>;
  private readonly chainEnv: ChainEnv;
  private fetchJit: (JitBlock | null | undefined)[] = [];
  private fetchHot: Uint16Array = new Uint16Array(0);
  private fetchRamOff = 0;
  // Per-page decoded-instruction cache (2 Int32 per halfword slot: packed word, imm).
  private readonly decoded: (Int32Array | undefined)[];
  // TLBs: tag = virtual page number; ram = RAM offset of the page or -1; pa = physical page address.
  private readonly tagR: Float64Array;
  private readonly tagW: Float64Array;
  private readonly tagX = new Float64Array(TLB_SIZE).fill(NaN);
  private readonly ramR: Float64Array;
  private readonly ramW: Float64Array;
  private readonly ramX = new Float64Array(TLB_SIZE);
  private readonly paR = new Float64Array(TLB_SIZE);
  private readonly paW = new Float64Array(TLB_SIZE);
  /** TlbCls of each entry, and the classes visible now (bit per class) for data and fetch. */
  private readonly clsR = new Uint8Array(TLB_SIZE);
  private readonly clsW = new Uint8Array(TLB_SIZE);
  private readonly clsX = new Uint8Array(TLB_SIZE);
  private dataVis = 1 << TlbCls.BARE;
  private fetchVis = 1 << TlbCls.BARE;
  /** mstatus.MXR the translated entries were filled under. */
  private tlbMxr = 0;
  /** Scratch for slow loads / CSR reads: (lo, hi). */
  private readonly tmp = new Int32Array(2);
  private readonly fields: Fields = { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };

  constructor(readonly bus: Bus) {
    const buf = bus.buffer, a = bus.hartArea;
    this.x = new Int32Array(buf, a + HartMem.X, 64);
    this.jitOut = new Float64Array(buf, a + HartMem.OUT, 2);
    this.chainState = new Float64Array(buf, a + HartMem.ST, St.SIZE);
    this.tagR = new Float64Array(buf, a + HartMem.TAG_R, TLB_SIZE).fill(NaN);
    this.ramR = new Float64Array(buf, a + HartMem.RAM_R, TLB_SIZE);
    this.tagW = new Float64Array(buf, a + HartMem.TAG_W, TLB_SIZE).fill(NaN);
    this.ramW = new Float64Array(buf, a + HartMem.RAM_W, TLB_SIZE);
    this.blocks = new Float64Array(buf, a + HartMem.BLOCKS, BLOCK_RING_MAX * 2);
    this.decoded = new Array(bus.ramSize >>> PAGE_SHIFT).fill(undefined);
    this.jitBlocks = new Array(bus.ramSize >>> PAGE_SHIFT).fill(undefined);
    this.jitHot = new Array(bus.ramSize >>> PAGE_SHIFT).fill(undefined);
    this.jitRegions = new Array(bus.ramSize >>> PAGE_SHIFT).fill(undefined);
    this.codeBytes = new Array(bus.ramSize >>> PAGE_SHIFT).fill(undefined);
    this.regionEnv = bus.memory !== null ? { memory: bus.memory, area: bus.hartArea, ram: bus.ram, hart: this } : null;
    this.blockEnv = {
      x: this.x, r8: bus.ram, r16: bus.ram16, r32: bus.ram32,
      tagR: this.tagR, ramR: this.ramR, tagW: this.tagW, ramW: this.ramW, hart: this, out: this.jitOut,
    };
    this.chainEnv = {
      blk: this.blocks, out: this.jitOut, mask: BLOCK_RING * 2 - 1, page: null, hart: this, regionAfter: 32, stats: this.regionStats,
      compileRegion: (slot, jpage, pageBase) => {
        const base = this.chainEnv.regionAfter;
        slot.misses = 0; slot.after = base <= 1 ? base : Math.min(slot.after * 2, 1 << 16);
        slot.region = compileRegion(this.regionEnv!, slot.ramOff, pageBase, jpage);
        if (slot.region !== null) { this.regionStats.compiled++; this.regionStats.blocks += slot.region.blocks; }
      },
    };
    const env = this.blockEnv;
    this.translation = new TranslationPolicy(bus.ram, (ramOff, pageBase, pc) => compileBlock(env, ramOff, pageBase, pc),
      (ramOff, bytes) => this.markCode(ramOff, bytes));
    bus.codeWritten = (page) => this.invalidateCodePage(page);
  }

  /**
   * Trap-storm watch: the same exception (cause, pc, tval) taken again and again with no other
   * exception between, each time with the same integer registers, means the guest cannot make
   * progress (a faulting trap vector, a handler that returns to the fault). A loop whose handler
   * emulates the instruction and moves on changes some register (its counter) between two
   * visits: progress, not a storm. Interrupts do not break a streak; an ecall ends it (a syscall
   * in a loop is progress). The machine reads `storm` between batches.
   */
  storm = { cause: -1, pc: -1, tvalLo: 0, tvalHi: 0, regs: 0, count: 0 };
  /**
   * The exception taken just before the current streak began (cause -1: none), and the last
   * one taken: a storm at a faulting trap vector is the echo of the exception that first went
   * there (an `ecall` with `mtvec` = 0), which is what the user needs to hear about.
   */
  stormEntry = { cause: -1, pc: -1, tvalLo: 0, tvalHi: 0 };
  private lastException = { cause: -1, pc: -1, tvalLo: 0, tvalHi: 0 };

  private noteException(cause: number, tvalLo: number, tvalHi: number): void {
    const s = this.storm, last = this.lastException;
    // A hash of x1..x31 (exceptions are rare: 62 steps each is nothing beside the trap itself).
    const x = this.x;
    let regs = 0;
    for (let i = 2; i < 64; i++) regs = Math.imul(regs ^ x[i], 0x9e3779b1) + i | 0;
    if (cause === Cause.ECALL_U || cause === Cause.ECALL_S || cause === Cause.ECALL_M) { s.count = 0; s.cause = -1; }
    else if (s.cause === cause && s.pc === this.pc && s.tvalLo === tvalLo && s.tvalHi === tvalHi && s.regs === regs) { s.count++; return; }
    else {
      s.cause = cause; s.pc = this.pc; s.tvalLo = tvalLo; s.tvalHi = tvalHi; s.regs = regs; s.count = 1;
      const e = this.stormEntry;
      e.cause = last.cause; e.pc = last.pc; e.tvalLo = last.tvalLo; e.tvalHi = last.tvalHi;
    }
    last.cause = cause; last.pc = this.pc; last.tvalLo = tvalLo; last.tvalHi = tvalHi;
  }

  reset(pc: number): void {
    this.storm.count = 0; this.storm.cause = -1; this.stormEntry.cause = -1; this.lastException.cause = -1;
    this.x.fill(0);
    this.f.fill(0);
    this.pc = pc;
    this.priv = Priv.M;
    this.csr.reset();
    this.cycle = 0; this.instret = 0; this.reservation = -1; this.stop = Stop.NONE; this.wfiWait = false;
    this.flushTlb();
    this.flushDecoded();
  }

  // ---------------------------------------------------------------- register helpers
  getReg(r: number): number { return this.x[2 * r + 1] * TWO32 + (this.x[2 * r] >>> 0); }
  setReg(r: number, v: number): void {
    if (r === 0) return;
    this.x[2 * r] = v; this.x[2 * r + 1] = Math.floor(v / TWO32);
  }

  // ---------------------------------------------------------------- caches
  /** Drop every TLB entry. */
  flushTlb(): void {
    this.tagR.fill(NaN); this.tagW.fill(NaN); this.tagX.fill(NaN);
    this.keptCount.fill(0); this.liveN = 0;
  }

  /** Drop the translated entries (satp write, sfence.vma); identity (bare) entries stay valid. */
  private flushTranslated(): void {
    this.keptCount.fill(0); this.liveN = 0;
    const { tagR, tagW, tagX, clsR, clsW, clsX } = this;
    for (let i = 0; i < TLB_SIZE; i++) {
      if (clsR[i] !== TlbCls.BARE) tagR[i] = NaN; else if (tagR[i] === tagR[i]) this.noteLive(0, i);
      if (clsW[i] !== TlbCls.BARE) tagW[i] = NaN; else if (tagW[i] === tagW[i]) this.noteLive(1, i);
      if (clsX[i] !== TlbCls.BARE) tagX[i] = NaN; else if (tagX[i] === tagX[i]) this.noteLive(2, i);
    }
  }

  /** sfence.vma with rs1 != 0: drop the translated entries, visible or hidden (or kept aside: all of those), for one virtual page. */
  private flushTlbPage(va: number): void {
    this.keptCount.fill(0);
    const vpn = Math.floor(va / 4096);
    const i = vpn & (TLB_SIZE - 1);
    const hid = vpn + TLB_HIDE;
    if (this.clsR[i] !== TlbCls.BARE && (this.tagR[i] === vpn || this.tagR[i] === hid)) this.tagR[i] = NaN;
    if (this.clsW[i] !== TlbCls.BARE && (this.tagW[i] === vpn || this.tagW[i] === hid)) this.tagW[i] = NaN;
    if (this.clsX[i] !== TlbCls.BARE && (this.tagX[i] === vpn || this.tagX[i] === hid)) this.tagX[i] = NaN;
  }

  /** Address spaces switchAddressSpace knows: satp root PPN → id. */
  private readonly spaceIds = new Map<number, number>();
  /** Per space id: the translated entries kept aside while it is not loaded (KEPT doubles each), and how many. */
  private kept: Float64Array[] = [];
  private keptCount = new Int32Array(MAX_SPACES);
  /**
   * Slots (array * TLB_SIZE + slot: 0 R, 1 W, 2 X) that may hold an entry — every fill since
   * the last flush, with repeats — so hiding (selectTlb) and switchAddressSpace visit these
   * instead of every slot; -1 once the list overflowed (then they scan all slots).
   */
  private readonly live = new Int32Array(3 * TLB_SIZE);
  private liveN = 0;

  private noteLive(a: number, i: number): void {
    const n = this.liveN;
    if (n < 0) return;
    if (n === this.live.length) { this.liveN = -1; return; }
    this.live[n] = a * TLB_SIZE + i; this.liveN = n + 1;
  }

  /** Id of the Sv39 address space satp (lo, hi) selects, or -1 if translation is off. */
  private spaceId(lo: number, hi: number): number {
    if ((hi >>> 28) !== 8) return -1;
    const ppn = (hi & 0xfff) * TWO32 + (lo >>> 0);
    let id = this.spaceIds.get(ppn);
    if (id === undefined) {
      if (this.spaceIds.size >= MAX_SPACES) { this.flushTlb(); this.spaceIds.clear(); }
      id = this.spaceIds.size;
      this.spaceIds.set(ppn, id);
    }
    return id;
  }

  /**
   * Load satp for a host kernel's address-space switch (emulator/kernel exitToUser) without
   * the cost of the flush a new address space means otherwise (there are no ASIDs): the
   * outgoing space's translated TLB entries are kept aside, per space, and the incoming
   * space's kept entries come back into their slots. The guest sees exactly what a flush would
   * give — no walks, that is all — because the host kernel calls flushTlb (which drops the
   * kept entries too) whenever it writes page tables or memory that may hold them
   * (emulator/kernel: writePte, zeroPhys, restore), and user code cannot reach page-table
   * memory: a kept entry is always what a fresh walk would return, its A/D bits already set,
   * its page already marked dirty for this epoch. A write entry comes back only if its page
   * still takes fast stores (not since become code or watched), like a fill. Guest satp
   * writes and sfence.vma still drop every translated entry, kept ones included.
   */
  switchAddressSpace(satpLo: number, satpHi: number): void {
    const r = this.csr.r64;
    const from = this.spaceId(r[R64.SATP * 2], r[R64.SATP * 2 + 1]);
    const to = this.spaceId(satpLo, satpHi);
    r[R64.SATP * 2] = satpLo; r[R64.SATP * 2 + 1] = satpHi;
    if (from === to) return;
    this.selectTlb();
    // Keep aside (or drop, when leaving a bare space) the live translated entries.
    let buf = from >= 0 ? this.kept[from] : undefined;
    if (from >= 0 && buf === undefined) { buf = new Float64Array(TLB_SIZE * KEPT); this.kept[from] = buf; }
    let n = 0;
    const all = this.liveN < 0, visits = all ? 3 * TLB_SIZE : this.liveN, live = this.live;
    this.liveN = 0;
    for (let v = 0; v < visits; v++) {
      const s = all ? v : live[v];
      const a = (s / TLB_SIZE) | 0, i = s % TLB_SIZE;
      const tag = a === 0 ? this.tagR : a === 1 ? this.tagW : this.tagX;
      const cls = a === 0 ? this.clsR : a === 1 ? this.clsW : this.clsX;
      const t = tag[i];
      if (t !== t) continue;
      if (cls[i] === TlbCls.BARE) { this.noteLive(a, i); continue; } // stays: listed again (in place: the list only shrinks here)
      tag[i] = NaN;
      if (buf === undefined) continue;
      if ((n + 1) * KEPT > buf.length) { const b2 = new Float64Array(buf.length * 2); b2.set(buf); buf = b2; this.kept[from] = buf; }
      const k = n * KEPT;
      buf[k] = a; buf[k + 1] = i; buf[k + 2] = t >= TLB_HIDDEN_MIN ? t - TLB_HIDE : t;
      buf[k + 3] = a === 0 ? this.ramR[i] : a === 1 ? this.ramW[i] : this.ramX[i];
      buf[k + 4] = a === 0 ? this.paR[i] : a === 1 ? this.paW[i] : 0;
      buf[k + 5] = cls[i];
      n++;
    }
    if (from >= 0) this.keptCount[from] = n;
    if (to < 0) return;
    const m = this.keptCount[to];
    if (m === 0) return;
    this.keptCount[to] = 0;
    const back = this.kept[to]!;
    const flags = this.bus.pageFlags;
    for (let j = 0; j < m; j++) {
      const k = j * KEPT;
      const a = back[k], i = back[k + 1], vpn = back[k + 2], off = back[k + 3], c = back[k + 5];
      const vis = ((a === 2 ? this.fetchVis : this.dataVis) >>> c) & 1;
      const t = vis !== 0 ? vpn : vpn + TLB_HIDE;
      if (a === 0) { this.tagR[i] = t; this.ramR[i] = off; this.paR[i] = back[k + 4]; this.clsR[i] = c; }
      else if (a === 1) {
        if (off >= 0 && flags[off >>> PAGE_SHIFT] !== 0) continue;
        this.tagW[i] = t; this.ramW[i] = off; this.paW[i] = back[k + 4]; this.clsW[i] = c;
      } else { this.tagX[i] = t; this.ramX[i] = off; this.clsX[i] = c; }
      this.noteLive(a, i);
    }
  }

  /**
   * Make visible exactly the TLB entries usable under the current privilege, MPRV, SUM and satp
   * mode, hiding the others (called whenever these may have changed, and before every fill).
   */
  private selectTlb(): void {
    const ms = this.csr.mstatus;
    const mxr = ms & MS.MXR;
    if (mxr !== this.tlbMxr) { this.flushTranslated(); this.tlbMxr = mxr; }
    const bare = (this.csr.r64[R64.SATP * 2 + 1] >>> 28) !== 8;
    const dp = this.dataPriv();
    const d = bare || dp === Priv.M ? 1 << TlbCls.BARE : dp === Priv.U ? 1 << TlbCls.USER
      : (ms & MS.SUM) !== 0 ? (1 << TlbCls.USER) | (1 << TlbCls.SUPER) : 1 << TlbCls.SUPER;
    const f = bare || this.priv === Priv.M ? 1 << TlbCls.BARE : this.priv === Priv.U ? 1 << TlbCls.USER : 1 << TlbCls.SUPER;
    if (d === this.dataVis && f === this.fetchVis) return;
    const dd = d !== this.dataVis ? d : -1, ff = f !== this.fetchVis ? f : -1;
    this.dataVis = d; this.fetchVis = f;
    if (this.liveN >= 0) { this.hideListed(dd, ff); return; }
    if (dd >= 0) { hideTlb(this.tagR, this.clsR, d); hideTlb(this.tagW, this.clsW, d); }
    if (ff >= 0) hideTlb(this.tagX, this.clsX, f);
  }

  /** hideTlb over the listed slots only: data entries by `d`, fetch entries by `f` (-1: leave as they are). */
  private hideListed(d: number, f: number): void {
    const live = this.live, n = this.liveN;
    for (let v = 0; v < n; v++) {
      const s = live[v];
      const a = (s / TLB_SIZE) | 0, i = s % TLB_SIZE;
      const visible = a === 2 ? f : d;
      if (visible < 0) continue;
      if (a === 0) hideEntry(this.tagR, i, this.clsR[i], visible);
      else if (a === 1) hideEntry(this.tagW, i, this.clsW[i], visible);
      else hideEntry(this.tagX, i, this.clsX[i], visible);
    }
  }

  flushDecoded(): void {
    for (let p = 0; p < this.decoded.length; p++) if (this.decoded[p] !== undefined) this.invalidateCodePage(p);
  }

  /** Drop write-TLB entries for a RAM page (it just became special: code or watched). */
  dropWriteTlbForPage(ramPage: number): void {
    const base = ramPage * 4096;
    for (let i = 0; i < TLB_SIZE; i++) if (this.ramW[i] === base) this.tagW[i] = NaN;
  }

  /**
   * Use `records` (a power of two, at most BLOCK_RING_MAX) of the block-record ring, from its
   * start. Wasm regions carry the ring's mask as a constant: those compiled are dropped (they
   * compile again when next hot).
   */
  setBlockRing(records: number): void {
    if (!(records >= 1 && records <= BLOCK_RING_MAX && (records & (records - 1)) === 0)) throw new Error(`block ring of ${records} records`);
    this.blockMask = records * 2 - 1;
    this.chainEnv.mask = this.blockMask;
    this.blockStart = this.blockEnd = 0;
    for (const slot of this.jitRegions) if (slot !== undefined) slot.region = null;
  }

  /** The last batch's block records, copied out of the ring (tests). */
  batchRecords(): Float64Array {
    const out = new Float64Array((this.blockEnd - this.blockStart) & this.blockMask);
    for (let i = 0; i < out.length; i++) out[i] = this.blocks[(this.blockStart + i) & this.blockMask];
    return out;
  }

  /** Drop decoded instructions and translated blocks of a RAM page whose bytes changed. */
  invalidateCodePage(ramPage: number): void {
    this.decoded[ramPage] = undefined;
    this.codeBytes[ramPage] = undefined;
    this.jitBlocks[ramPage] = undefined;
    this.jitHot[ramPage] = undefined;
    this.dropRegion(ramPage);
    this.bus.pageFlags[ramPage] &= ~PageFlag.CODE;
  }

  /** Drop a page's wasm region (a chain still holding its slot sees none). */
  private dropRegion(ramPage: number): void {
    const r = this.jitRegions[ramPage];
    if (r !== undefined) { r.region = null; this.jitRegions[ramPage] = undefined; }
  }

  // ---------------------------------------------------------------- translation
  /** Effective privilege for data accesses (MPRV). */
  private dataPriv(): number {
    const ms = this.csr.mstatus;
    return this.priv === Priv.M && (ms & MS.MPRV) !== 0 ? (ms >>> 11) & 3 : this.priv;
  }

  /** Translate; returns physical address or -(cause+1). Fills the matching TLB on success. */
  translate(va: number, access: Access): number {
    this.selectTlb();
    const priv = access === Access.FETCH ? this.priv : this.dataPriv();
    const satpHi = this.csr.r64[R64.SATP * 2 + 1];
    let pa: number;
    let cls: TlbCls = TlbCls.BARE;
    if (priv === Priv.M || (satpHi >>> 28) !== 8) {
      if (va < 0 || va >= 2 ** 56) return -((access === Access.FETCH ? 1 : access === Access.LOAD ? 5 : 7) + 1);
      pa = va;
    } else {
      const ppn = (satpHi & 0xfff) * TWO32 + (this.csr.r64[R64.SATP * 2] >>> 0);
      const ms = this.csr.mstatus;
      pa = sv39Walk(this.bus, va, access, ppn, priv, (ms & MS.SUM) !== 0, (ms & MS.MXR) !== 0);
      if (pa < 0) return pa;
      cls = (sv39Leaf[0] & PTE_U) !== 0 ? TlbCls.USER : TlbCls.SUPER;
    }
    const vpn = Math.floor(va / 4096);
    const i = vpn & (TLB_SIZE - 1);
    const ppage = pa - (pa % 4096);
    const off = this.bus.ramOffset(ppage);
    if (access === Access.LOAD) { this.tagR[i] = vpn; this.ramR[i] = off; this.paR[i] = ppage; this.clsR[i] = cls; this.noteLive(0, i); }
    else if (access === Access.STORE) {
      // Pages needing store interception never get a fast write entry.
      if (off < 0 || this.bus.pageFlags[off >>> PAGE_SHIFT] === 0) {
        this.tagW[i] = vpn; this.ramW[i] = off; this.paW[i] = ppage; this.clsW[i] = cls;
        if (off >= 0) { this.bus.dirty[off >>> PAGE_SHIFT] = 1; this.bus.epochDirty[off >>> PAGE_SHIFT] = 1; }
        this.noteLive(1, i);
      }
    } else if (off >= 0) { this.tagX[i] = vpn; this.ramX[i] = off; this.clsX[i] = cls; this.noteLive(2, i); }
    return pa;
  }

  /**
   * Translate for a debugger/inspector: no TLB fill, no A/D update, no trap. Returns the
   * physical address or -1. Uses the hart's current privilege and satp.
   */
  peekTranslate(va: number, access: Access = Access.LOAD): number {
    const priv = access === Access.FETCH ? this.priv : this.dataPriv();
    const satpHi = this.csr.r64[R64.SATP * 2 + 1];
    if (priv === Priv.M || (satpHi >>> 28) !== 8) return va >= 0 && va < 2 ** 56 ? va : -1;
    const ppn = (satpHi & 0xfff) * TWO32 + (this.csr.r64[R64.SATP * 2] >>> 0);
    const ms = this.csr.mstatus;
    const pa = sv39Walk(this.bus, va, access, ppn, priv, (ms & MS.SUM) !== 0 || access !== Access.FETCH, (ms & MS.MXR) !== 0, false);
    return pa < 0 ? -1 : pa;
  }

  /** Read guest memory through the current translation without side effects; null where unmapped. */
  peekBytes(va: number, len: number, access: Access = Access.LOAD): Uint8Array | null {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const pa = this.peekTranslate(va + i, access);
      const off = pa < 0 ? -1 : this.bus.ramOffset(pa);
      if (off < 0) return null;
      out[i] = this.bus.ram[off];
    }
    return out;
  }

  /** Bits of the instruction at va (16 or 32, by its low bits) through fetch translation, no side effects. */
  peekInsn(va: number): number | null {
    const lo = this.peekBytes(va, 2, Access.FETCH);
    if (lo === null) return null;
    const bits = lo[0] | (lo[1] << 8);
    if ((bits & 3) !== 3) return bits;
    const hi = this.peekBytes(va + 2, 2, Access.FETCH);
    return hi === null ? null : (bits | (hi[0] << 16) | (hi[1] << 24)) >>> 0;
  }

  // ---------------------------------------------------------------- traps
  /**
   * Take a trap at the current `this.pc`. tval as (lo, hi). Delegation per medeleg/mideleg.
   */
  trap(cause: number, interrupt: boolean, tvalLo: number, tvalHi: number): void {
    this.reservation = -1;
    this.stop = Stop.SYNC;
    if (!interrupt) this.noteException(cause, tvalLo, tvalHi);
    if (this.hostTrap !== null && this.priv === Priv.U) {
      this.hostTrap(cause, interrupt, tvalLo, tvalHi);
      return;
    }
    if (this.onTrap !== null) this.onTrap(cause, interrupt, this.pc, tvalLo, tvalHi, this.priv);
    // Trap entry takes a cycle: time advances even when a faulting vector retires nothing.
    this.cycle += 1;
    const c = this.csr, r = c.r64;
    const deleg = interrupt ? c.mideleg : c.medeleg;
    const pcLo = this.pc % TWO32, pcHi = Math.floor(this.pc / TWO32);
    if (this.priv <= Priv.S && ((deleg >>> cause) & 1) !== 0) {
      r[R64.SEPC * 2] = pcLo; r[R64.SEPC * 2 + 1] = pcHi;
      r[R64.SCAUSE * 2] = cause; r[R64.SCAUSE * 2 + 1] = interrupt ? 0x80000000 : 0;
      r[R64.STVAL * 2] = tvalLo; r[R64.STVAL * 2 + 1] = tvalHi;
      let ms = c.mstatus;
      ms = (ms & ~(MS.SPIE | MS.SPP)) | ((ms & MS.SIE) !== 0 ? MS.SPIE : 0) | (this.priv === Priv.S ? MS.SPP : 0);
      c.mstatus = ms & ~MS.SIE;
      this.priv = Priv.S;
      this.pc = this.vector(r[R64.STVEC * 2], r[R64.STVEC * 2 + 1], cause, interrupt);
    } else {
      r[R64.MEPC * 2] = pcLo; r[R64.MEPC * 2 + 1] = pcHi;
      r[R64.MCAUSE * 2] = cause; r[R64.MCAUSE * 2 + 1] = interrupt ? 0x80000000 : 0;
      r[R64.MTVAL * 2] = tvalLo; r[R64.MTVAL * 2 + 1] = tvalHi;
      let ms = c.mstatus;
      ms = (ms & ~(MS.MPIE | MS.MPP)) | ((ms & MS.MIE) !== 0 ? MS.MPIE : 0) | (this.priv << 11);
      c.mstatus = ms & ~MS.MIE;
      this.priv = Priv.M;
      this.pc = this.vector(r[R64.MTVEC * 2], r[R64.MTVEC * 2 + 1], cause, interrupt);
    }
    this.selectTlb();
  }

  private vector(lo: number, hi: number, cause: number, interrupt: boolean): number {
    const base = hi * TWO32 + ((lo & ~3) >>> 0);
    return interrupt && (lo & 1) === 1 ? base + 4 * cause : base;
  }

  /** Trap with a 64-bit tval given as a double address (exact for valid addresses). */
  private trapAddr(cause: number, va: number): void {
    this.trap(cause, false, va % TWO32, Math.floor(va / TWO32));
  }

  /** The highest-priority pending and enabled interrupt, or -1. */
  pendingInterrupt(): number {
    const c = this.csr;
    const pend = c.mip & c.mie;
    if (pend === 0) return -1;
    const mEnabled = this.priv < Priv.M || (c.mstatus & MS.MIE) !== 0;
    const sEnabled = this.priv < Priv.S || (this.priv === Priv.S && (c.mstatus & MS.SIE) !== 0);
    const m = mEnabled ? pend & ~c.mideleg : 0;
    const s = sEnabled ? pend & c.mideleg : 0;
    return highestPriorityInterrupt(m !== 0 ? m : s);
  }

  /** Take a pending interrupt if one is enabled. Returns true if taken. */
  checkInterrupts(): boolean {
    const irq = this.pendingInterrupt();
    if (irq < 0) return false;
    this.trap(irq, true, 0, 0);
    return true;
  }

  // ---------------------------------------------------------------- slow memory paths
  /** Load `size` bytes from va into tmp (zero/sign extension by caller). false = trapped. */
  private loadSlow(va: number, size: number): boolean {
    const pa0 = this.translate(va, Access.LOAD);
    if (pa0 < 0) { this.trapAddr(-pa0 - 1, va); return false; }
    const off = this.bus.ramOffset(pa0);
    if (off >= 0 && off + size <= this.bus.ramSize && ((pa0 % 4096) + size <= 4096)) {
      const ram = this.bus.ram;
      let lo = 0, hi = 0;
      for (let k = size - 1; k >= 0; k--) {
        if (k >= 4) hi = (hi << 8) | ram[off + k]; else lo = (lo << 8) | ram[off + k];
      }
      this.tmp[0] = lo; this.tmp[1] = hi;
      return true;
    }
    if (off >= 0) {
      // Misaligned access crossing a page: byte by byte, each translated.
      let lo = 0, hi = 0;
      for (let k = size - 1; k >= 0; k--) {
        const pa = this.translate(va + k, Access.LOAD);
        if (pa < 0) { this.trapAddr(-pa - 1, va); return false; }
        const o = this.bus.ramOffset(pa);
        if (o < 0) { this.trapAddr(Cause.LOAD_ACCESS, va); return false; }
        if (k >= 4) hi = (hi << 8) | this.bus.ram[o]; else lo = (lo << 8) | this.bus.ram[o];
      }
      this.tmp[0] = lo; this.tmp[1] = hi;
      return true;
    }
    const dev = this.bus.device(pa0);
    if (dev === undefined || (pa0 % size) !== 0) { this.trapAddr(Cause.LOAD_ACCESS, va); return false; }
    const o = pa0 - dev.base;
    if (size === 8) { this.tmp[0] = dev.read(o, 4); this.tmp[1] = dev.read(o + 4, 4); }
    else { this.tmp[0] = dev.read(o, size as 1 | 2 | 4); this.tmp[1] = 0; }
    this.stop = Stop.SYNC;
    return true;
  }

  /** Store `size` bytes of (lo, hi). false = trapped. */
  private storeSlow(va: number, size: number, lo: number, hi: number): boolean {
    const pa0 = this.translate(va, Access.STORE);
    if (pa0 < 0) { this.trapAddr(-pa0 - 1, va); return false; }
    const bus = this.bus;
    const off = bus.ramOffset(pa0);
    if (off >= 0) {
      // Translate every byte first so a faulting access writes nothing.
      const sameRun = (pa0 % 4096) + size <= 4096 && off + size <= bus.ramSize;
      const offs = sameRun ? null : new Array<number>(size);
      if (offs !== null) {
        for (let k = 0; k < size; k++) {
          const pa = this.translate(va + k, Access.STORE);
          if (pa < 0) { this.trapAddr(-pa - 1, va); return false; }
          const o = bus.ramOffset(pa);
          if (o < 0) { this.trapAddr(Cause.STORE_ACCESS, va); return false; }
          offs[k] = o;
        }
      }
      for (let k = 0; k < size; k++) {
        const o = offs === null ? off + k : offs[k];
        bus.ram[o] = k >= 4 ? hi >>> ((k - 4) * 8) : lo >>> (k * 8);
        const page = o >>> PAGE_SHIFT;
        bus.dirty[page] = 1; bus.epochDirty[page] = 1;
        const flags = bus.pageFlags[page];
        if (flags !== 0) {
          if ((flags & PageFlag.CODE) !== 0) {
            if (this.codeBytes[page]?.[o & 4095] !== 0) this.invalidateCodePage(page);
            // The batch ends at every store into a code page, invalidating or not: which bytes
            // count as code differs between translation settings, batch ends must not (they
            // place checkpoints, so recordings stay byte-identical at every threshold).
            this.stop = Stop.SYNC;
          }
        }
      }
      if (this.reservation >= 0 && Math.abs(this.reservation - pa0) < 8) this.reservation = -1;
      const fl = bus.pageFlags[off >>> PAGE_SHIFT];
      if ((fl & PageFlag.WATCH) !== 0 && bus.onWatchedStore !== null) {
        this.stop = Stop.SYNC;
        bus.onWatchedStore(pa0, size);
      }
      return true;
    }
    const dev = bus.device(pa0);
    if (dev === undefined || (pa0 % size) !== 0) { this.trapAddr(Cause.STORE_ACCESS, va); return false; }
    const o = pa0 - dev.base;
    if (size === 8) { dev.write(o, 4, lo >>> 0); dev.write(o + 4, 4, hi >>> 0); }
    else dev.write(o, size as 1 | 2 | 4, size === 4 ? lo >>> 0 : lo & (size === 1 ? 0xff : 0xffff));
    this.stop = Stop.SYNC;
    return true;
  }

  // ---------------------------------------------------------------- fetch / decode
  /** Decoded page for a fetch at `pc`: returns the page array (sets fetchBase), or null if trapped. */
  private fetchBase = 0;
  private fetchPage(pc: number): Int32Array | null {
    // Fetch-TLB hit: the page's RAM offset without a translation (a page-table walk under Sv39).
    const vpn = Math.floor(pc / 4096);
    const ti = vpn & (TLB_SIZE - 1);
    let off: number;
    if (this.tagX[ti] === vpn) off = this.ramX[ti];
    else {
      const pa = this.translate(pc, Access.FETCH);
      if (pa < 0) { this.trapAddr(-pa - 1, pc); return null; }
      off = this.bus.ramOffset(pa);
      if (off < 0) { this.trapAddr(Cause.FETCH_ACCESS, pc); return null; }
    }
    const page = Math.floor(off / 4096);
    let d = this.decoded[page];
    if (d === undefined) {
      d = new Int32Array(4096);
      this.decoded[page] = d;
      this.codeBytes[page] = new Uint8Array(4096);
      this.jitBlocks[page] = new Array<JitBlock | null | undefined>(2048);
      this.jitHot[page] = new Uint16Array(2048);
      this.jitRegions[page] = new RegionSlot(page * 4096, this.chainEnv.regionAfter);
      if ((this.bus.pageFlags[page] & PageFlag.CODE) === 0) {
        this.bus.pageFlags[page] |= PageFlag.CODE;
        this.dropWriteTlbForPage(page);
      }
    }
    this.fetchBase = pc - (pc % 4096 + 4096) % 4096;
    this.fetchJit = this.jitBlocks[page]!;
    this.fetchHot = this.jitHot[page]!;
    this.fetchRamOff = page * 4096;
    this.chainEnv.page = this.wasmOn ? this.jitRegions[page]! : null;
    return d;
  }

  /**
   * Decode the instruction at pc into slot `slot` of page `d`. Returns the packed word, or 0
   * if the fetch trapped. Instructions straddling a page end are decoded but not cached.
   */
  private decodeAt(pc: number, d: Int32Array, slot: number): number {
    const pa = this.translate(pc, Access.FETCH);
    if (pa < 0) { this.trapAddr(-pa - 1, pc); return 0; }
    const off = this.bus.ramOffset(pa);
    const ram = this.bus.ram;
    let bits = ram[off] | (ram[off + 1] << 8);
    let cache = true;
    if ((bits & 3) === 3) {
      if ((pa % 4096) === 4094) {
        const pa2 = this.translate(pc + 2, Access.FETCH);
        if (pa2 < 0) { this.trapAddr(-pa2 - 1, pc + 2); return 0; }
        const off2 = this.bus.ramOffset(pa2);
        if (off2 < 0) { this.trapAddr(Cause.FETCH_ACCESS, pc + 2); return 0; }
        bits |= (ram[off2] | (ram[off2 + 1] << 8)) << 16;
        cache = false;
      } else {
        bits |= (ram[off + 2] | (ram[off + 3] << 8)) << 16;
      }
    }
    const f = decodeFields(bits, this.fields);
    const w = pack(f);
    if (cache) { d[slot] = w; d[slot + 1] = f.imm; this.markCode(off, f.len); } else { this.uncachedImm = f.imm; }
    return w;
  }

  /** Note RAM bytes [off, off + bytes) of a code page as decoded or translated (see codeBytes). */
  private markCode(off: number, bytes: number): void {
    const page = off >>> PAGE_SHIFT;
    let m = this.codeBytes[page];
    if (m === undefined) { m = new Uint8Array(4096); this.codeBytes[page] = m; }
    const rel = off & 4095;
    m.fill(1, rel, Math.min(4096, rel + bytes));
  }
  private uncachedImm = 0;

  // ---------------------------------------------------------------- CSR instructions
  /** Execute a CSR op; returns false if it trapped. `count` = instructions retired in this batch. */
  private csrOp(op: Op, rd2: number, rs1: number, csr: number, pc: number, count: number): boolean {
    const c = this.csr;
    const srcLo = op >= Op.CSRRWI ? rs1 : this.x[rs1 * 2];
    const srcHi = op >= Op.CSRRWI ? 0 : this.x[rs1 * 2 + 1];
    const writes = op === Op.CSRRW || op === Op.CSRRWI || rs1 !== 0;
    const reads = !((op === Op.CSRRW || op === Op.CSRRWI) && rd2 === 0);
    if (!csrExists(csr) || this.priv < ((csr >>> 8) & 3)) return this.illegalAt(pc);
    if (csr <= Csr.FCSR && (c.mstatus & MS.FS) === 0) return this.illegalAt(pc); // fflags/frm/fcsr with the FPU off
    if (writes && (csr >>> 10) === 3) return this.illegalAt(pc);
    if (csr === Csr.SATP && this.priv === Priv.S && (c.mstatus & MS.TVM) !== 0) return this.illegalAt(pc);
    if (csr >= 0xc00 && csr <= 0xc1f) {
      const bit = 1 << (csr & 31);
      if (this.priv < Priv.M && (c.mcounteren & bit) === 0) return this.illegalAt(pc);
      if (this.priv === Priv.U && (c.scounteren & bit) === 0) return this.illegalAt(pc);
    }
    const cycle = this.cycle, instret = this.instret;
    const t = this.tmp;
    csrRead(c, csr, cycle, instret, this.timeAt(cycle), t);
    const oldLo = t[0], oldHi = t[1];
    if (writes) {
      let lo = srcLo, hi = srcHi;
      if (op === Op.CSRRS || op === Op.CSRRSI) { lo = oldLo | srcLo; hi = oldHi | srcHi; }
      else if (op === Op.CSRRC || op === Op.CSRRCI) { lo = oldLo & ~srcLo; hi = oldHi & ~srcHi; }
      const ms = c.mstatus, ie = c.mie, ip = c.mipSw, ideleg = c.mideleg;
      const eff = csrWrite(c, csr, lo, hi, cycle, instret);
      // Only writes that change translation or interrupt state end the batch (sscratch, sepc,
      // fcsr... do not: the kernel's trap entry and exit write several of them; nor does an
      // mstatus/sstatus/mie... write that leaves the value as it was — OpenSBI and seL4 write
      // mstatus/sstatus back unchanged on every trap). A satp write always flushes.
      if (eff !== CsrEffect.NONE && (csr === Csr.SATP || c.mstatus !== ms || c.mie !== ie || c.mipSw !== ip || c.mideleg !== ideleg)) {
        if (eff & CsrEffect.FLUSH_TLB) { if (csr === Csr.SATP) this.flushTranslated(); this.selectTlb(); }
        this.stop = Stop.SYNC;
      }
    }
    if (reads && rd2 !== 0) { this.x[rd2] = oldLo; this.x[rd2 + 1] = oldHi; }
    return true;
  }

  // ---------------------------------------------------------------- xRET
  private mret(): void {
    const c = this.csr;
    let ms = c.mstatus;
    const mpp = (ms >>> 11) & 3;
    ms = (ms & ~MS.MIE) | ((ms & MS.MPIE) !== 0 ? MS.MIE : 0);
    ms |= MS.MPIE;
    ms &= ~MS.MPP; // MPP := U
    if (mpp !== Priv.M) ms &= ~MS.MPRV;
    c.mstatus = ms;
    this.priv = mpp as Priv;
    this.pc = c.r64[R64.MEPC * 2 + 1] * TWO32 + (c.r64[R64.MEPC * 2] >>> 0);
    this.selectTlb();
    this.stop = Stop.SYNC;
  }

  private sret(): void {
    const c = this.csr;
    let ms = c.mstatus;
    const spp = (ms & MS.SPP) !== 0 ? Priv.S : Priv.U;
    ms = (ms & ~MS.SIE) | ((ms & MS.SPIE) !== 0 ? MS.SIE : 0);
    ms |= MS.SPIE;
    ms &= ~MS.SPP;
    ms &= ~MS.MPRV;
    c.mstatus = ms;
    this.priv = spp;
    this.pc = c.r64[R64.SEPC * 2 + 1] * TWO32 + (c.r64[R64.SEPC * 2] >>> 0);
    this.selectTlb();
    this.stop = Stop.SYNC;
    if (this.onSret !== null) this.onSret();
  }

  // ---------------------------------------------------------------- AMOs
  /** Atomic memory op at va (word or double). Returns false if trapped. */
  private amo(op: Op, rd2: number, rs1: number, rs2: number, count: number): boolean {
    const x = this.x;
    const isD = op >= Op.LR_D;
    const size = isD ? 8 : 4;
    const va = x[rs1 * 2 + 1] * TWO32 + (x[rs1 * 2] >>> 0);
    const isLr = op === Op.LR_W || op === Op.LR_D;
    const isSc = op === Op.SC_W || op === Op.SC_D;
    if (va % size !== 0) { this.trapAddr(isLr ? Cause.MISALIGNED_LOAD : Cause.MISALIGNED_STORE, va); return false; }
    const pa = this.translate(va, isLr ? Access.LOAD : Access.STORE);
    if (pa < 0) { this.trapAddr(-pa - 1, va); return false; }
    const off = this.bus.ramOffset(pa);
    if (off < 0) { this.trapAddr(isLr ? Cause.LOAD_ACCESS : Cause.STORE_ACCESS, va); return false; }
    const ram32 = this.bus.ram32;
    const w = off >> 2;
    const oldLo = ram32[w], oldHi = isD ? ram32[w + 1] : oldLo >> 31;
    if (isLr) {
      this.reservation = pa;
      x[rd2] = oldLo; x[rd2 + 1] = oldHi;
      return true;
    }
    const bLo = x[rs2 * 2], bHi = isD ? x[rs2 * 2 + 1] : bLo >> 31;
    if (isSc) {
      const ok = this.reservation === pa;
      this.reservation = -1;
      if (ok) { if (!this.storeSlow(va, size, bLo, bHi)) return false; }
      x[rd2] = ok ? 0 : 1; x[rd2 + 1] = 0;
      return true;
    }
    let lo: number, hi: number;
    const base = isD ? op - Op.AMOSWAP_D : op - Op.AMOSWAP_W;
    const lt = oldHi < bHi || (oldHi === bHi && (oldLo >>> 0) < (bLo >>> 0));
    const ltu = (oldHi >>> 0) < (bHi >>> 0) || (oldHi === bHi && (oldLo >>> 0) < (bLo >>> 0));
    switch (base) {
      case 0: lo = bLo; hi = bHi; break; // swap
      case 1: { lo = (oldLo + bLo) | 0; hi = (oldHi + bHi + ((lo >>> 0) < (oldLo >>> 0) ? 1 : 0)) | 0; break; }
      case 2: lo = oldLo ^ bLo; hi = oldHi ^ bHi; break;
      case 3: lo = oldLo & bLo; hi = oldHi & bHi; break;
      case 4: lo = oldLo | bLo; hi = oldHi | bHi; break;
      case 5: lo = lt ? oldLo : bLo; hi = lt ? oldHi : bHi; break; // min
      case 6: lo = lt ? bLo : oldLo; hi = lt ? bHi : oldHi; break; // max
      case 7: lo = ltu ? oldLo : bLo; hi = ltu ? oldHi : bHi; break; // minu
      default: lo = ltu ? bLo : oldLo; hi = ltu ? bHi : oldHi; break; // maxu
    }
    if (!this.storeSlow(va, size, lo, hi)) return false;
    x[rd2] = oldLo; x[rd2 + 1] = oldHi;
    void count;
    return true;
  }

  /**
   * Bring cycle/instret up to date with `count` instructions retired in this batch, so that
   * devices, CSR reads and the host trap handler see exact time mid-batch.
   */
  private commit(count: number): void {
    const d = count - this.batchCommitted;
    this.cycle += d; this.instret += d; this.batchCommitted = count;
  }

  // ---------------------------------------------------------------- the interpreter
  /**
   * Execute up to `n` instructions. Returns the number retired. Stops early (this.stop != NONE)
   * after traps, CSR writes, xRET, fence.i/sfence.vma, MMIO and WFI. The loop is generated from
   * the instruction semantics (interp.ts).
   */
  run(n: number): number {
    return (RUN ??= makeRun())(this, n);
  }

  /** Illegal-instruction trap for the instruction at pc (tval: its bits); returns false (trapped). */
  private illegalAt(pc: number): false {
    this.trap(Cause.ILLEGAL, false, this.rawBits(pc), 0);
    return false;
  }

  /** Raw instruction bits at pc (for illegal-instruction tval); 0 if unreadable. */
  private rawBits(pc: number): number {
    return this.peekInsn(pc) ?? 0;
  }
}
