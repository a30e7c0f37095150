/**
 * The gdb stub's view of a recording: registers of the hart or of a thread's saved context,
 * memory through an address space, threads, the block stream, and moves. A front end like the
 * TUI: it moves only through the session's timeline and reads only through the session's
 * accessors and replay's query module, never the machine, the kernel model or the index.
 * Everything else in replay/gdb/ goes through this class.
 */
import { ReplaySession, type EventRow } from '../session.js';
import { isSystemImage, readSystemImage } from '../../emulator/kernel/image.js';
import type { EventKind } from '../../tracer/schema.js';
import { csrExists } from '../../emulator/cpu/csr-file.js';
import { csrName } from '../../emulator/cpu/csr-names.js';
import { decodeFields, type Fields } from '../../emulator/cpu/decode.js';
import { Op } from '../../emulator/cpu/isa.js';
import type { ThreadView } from '../../emulator/kernel-view.js';
import { currentPd, locate } from '../state-view.js';

/** gdb's RISC-V register numbers (riscv-tdep.h). */
export const REG = { PC: 32, FIRST_FPR: 33, FIRST_CSR: 65, PRIV: 65 + 4096 } as const;

export interface GdbThread { id: number; name: string; state: string; }
/** A point of the recording: both counters, since a trap entry retires nothing. */
export interface Position { instret: number; cycle: number; }
/** One straight-line block of the recorded stream. */
export interface ChunkRef { offset: number; instret0: number; instructions: number; }
/** A data access by the instruction about to execute. */
export interface DataAccess { addr: number; size: number; load: boolean; store: boolean; }

const TWO32 = 4294967296;
/** Thread id of the single thread of a bare recording. */
export const BARE_THREAD = 1;

interface Context { x: Int32Array; pc: number; live: boolean; root: number; priv: number; f?: Int32Array; fcsr?: number; }

export class RecordingTarget {
  readonly system: boolean;
  private chunkList: ChunkRef[] | null = null;
  /** The thread to show while the hart idles (the last one that ran). */
  private lastThread: number | null = null;
  private readonly fields: Fields = { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };

  constructor(readonly session: ReplaySession) {
    this.system = session.isSystem;
  }

  static open(path: string): RecordingTarget { return new RecordingTarget(ReplaySession.open(path)); }
  close(): void { this.session.close(); }

  get imageName(): string { return this.session.header.imageName; }

  // ------------------------------------------------------------------ threads
  private views(): ThreadView[] { return this.session.threads(); }

  threads(): GdbThread[] {
    if (!this.system) return [{ id: BARE_THREAD, name: this.imageName, state: 'running' }];
    return this.views().map((t) => ({ id: t.id, name: t.name, state: t.state }));
  }

  /** The thread on the hart now (system: the kernel's current thread; while idle, the last one). */
  currentThread(): number {
    if (!this.system) return BARE_THREAD;
    const cur = this.session.currentThread();
    if (cur !== null) { this.lastThread = cur; return cur; }
    if (this.lastThread !== null && this.views().some((t) => t.id === this.lastThread)) return this.lastThread;
    return this.views()[0]?.id ?? BARE_THREAD;
  }

  hasThread(id: number): boolean { return this.threads().some((t) => t.id === id); }

  /** The hart is running no thread (system recordings between events). */
  idle(): boolean { return this.system && this.session.hartIdle; }

  private context(thread: number): Context | null {
    const r = this.session;
    const running = !this.system || (!r.hartIdle && r.currentThread() === thread);
    if (running) { const h = r.hartContext(); return { x: h.x, pc: h.pc, live: true, root: -2, priv: h.priv }; }
    const c = r.threadContext(thread);
    return c === null ? null : { x: c.x, pc: c.pc, live: false, root: c.vspaceRoot, priv: 0, f: c.f, fcsr: c.fcsr };
  }

  // ------------------------------------------------------------------ registers
  /** Register numbers of the implemented CSRs (target.xml lists these). */
  csrs(): { num: number; name: string }[] {
    const out: { num: number; name: string }[] = [];
    for (let n = 0; n < 4096; n++) {
      if (!csrExists(n)) continue;
      const name = csrName(n);
      if (!name.startsWith('0x')) out.push({ num: n, name });
    }
    return out;
  }

  /**
   * The hart's floating-point state (RV64GC: always there): f0–f31 as lo/hi pairs and fcsr,
   * served as target.xml's fpu feature (regnums 33–64, fflags/frm/fcsr at 65 + 1..3). Null is
   * kept for a hart without F/D.
   */
  fpu(): { f: Int32Array; fcsr: number } | null { return this.session.fpuState(); }

  /** x0–x31 and pc of a thread as (lo, hi) pairs; null for an unknown thread. */
  gprs(thread: number): { x: Int32Array; pc: number } | null {
    const c = this.context(thread);
    return c === null ? null : { x: c.x, pc: c.pc };
  }

  /**
   * One register as (lo, hi), null if this target has no such register, 'unavailable' if it
   * has one but cannot say its value for this thread (a kernel without FP state per thread).
   * FP registers of a thread off the hart come from the kernel model (ThreadContext.f/fcsr).
   * CSRs are the hart's.
   */
  register(thread: number, n: number): [number, number] | null | 'unavailable' {
    const c = this.context(thread);
    if (c === null) return null;
    const isFp = (n >= REG.FIRST_FPR && n < REG.FIRST_CSR) || (n >= REG.FIRST_CSR + 1 && n <= REG.FIRST_CSR + 3);
    if (isFp && this.fpu() !== null && !c.live) {
      // A thread off the hart: its FP state as the kernel model keeps it (TCB copy or the hart's
      // registers while it still owns the FPU).
      if (c.f === undefined || c.fcsr === undefined) return 'unavailable';
      if (n < REG.FIRST_CSR) return [c.f[2 * (n - REG.FIRST_FPR)], c.f[2 * (n - REG.FIRST_FPR) + 1]];
      const csr = n - REG.FIRST_CSR;
      return [csr === 1 ? c.fcsr & 0x1f : csr === 2 ? (c.fcsr >>> 5) & 7 : c.fcsr & 0xff, 0];
    }
    if (n >= 0 && n < 32) return [c.x[2 * n], c.x[2 * n + 1]];
    if (n === REG.PC) return [c.pc % TWO32 | 0, Math.floor(c.pc / TWO32) | 0];
    const fpu = this.fpu();
    if (n >= REG.FIRST_FPR && n < REG.FIRST_CSR) return fpu === null ? null : [fpu.f[2 * (n - REG.FIRST_FPR)], fpu.f[2 * (n - REG.FIRST_FPR) + 1]];
    if (n === REG.PRIV) return [c.priv, 0];
    if (n >= REG.FIRST_CSR && n < REG.PRIV) {
      const csr = n - REG.FIRST_CSR;
      if (csr >= 1 && csr <= 3) return fpu === null ? null : [csr === 1 ? fpu.fcsr & 0x1f : csr === 2 ? (fpu.fcsr >>> 5) & 7 : fpu.fcsr & 0xff, 0];
      return this.session.readCsr(csr);
    }
    return null;
  }

  // ------------------------------------------------------------------ memory
  /**
   * Read `len` bytes at virtual address `va` through the thread's address space (the hart's
   * translation for the running thread, its VSpace for one that is not). Stops at the first
   * unreadable byte: the result may be shorter than asked, even empty.
   */
  readMemory(thread: number, va: number, len: number): Uint8Array {
    const c = this.context(thread);
    const out = new Uint8Array(len);
    let n = 0;
    while (n < len) {
      const a = va + n;
      // Up to the end of this page in one go.
      const inPage = Math.min(len - n, 4096 - (((a % 4096) + 4096) % 4096));
      const got = this.session.readPhysical(this.translate(c, a), inPage);
      out.set(got, n);
      n += got.length;
      if (got.length < inPage) break;
    }
    return out.subarray(0, n);
  }

  /** Up to `len` bytes of physical memory at `pa` (shorter at the end of RAM / a device). */
  readPhysical(pa: number, len: number): Uint8Array { return this.session.readPhysical(pa, len); }

  /** Bits of the instruction at `va` on the hart now, or null. */
  peekInsn(va: number): number | null { return this.session.readInstruction(va); }

  /** The memory access the instruction about to execute will make, if any (rwatch/awatch). */
  pendingAccess(): DataAccess | null {
    if (this.idle()) return null;
    const h = this.session.hartContext();
    const bits = this.session.readInstruction(h.pc);
    if (bits === null) return null;
    const f = decodeFields(bits, this.fields), op = f.op;
    const isLoad = op >= Op.LB && op <= Op.LWU;
    const isStore = op === Op.SB || op === Op.SH || op === Op.SW || op === Op.SD;
    const isAmo = op >= Op.LR_W && op <= Op.AMOMAXU_D;
    if (!isLoad && !isStore && !isAmo) return null;
    const base = h.x[2 * f.rs1 + 1] * TWO32 + (h.x[2 * f.rs1] >>> 0);
    const addr = isAmo ? base : base + f.imm;
    const size = op === Op.LB || op === Op.LBU || op === Op.SB ? 1 : op === Op.LH || op === Op.LHU || op === Op.SH ? 2
      : op === Op.LW || op === Op.LWU || op === Op.SW || (isAmo && op < Op.LR_D) ? 4 : 8;
    const sign = addr >= 2 ** 63 ? addr - 2 ** 64 : addr;
    return {
      addr: sign, size,
      load: isLoad || (isAmo && op !== Op.SC_W && op !== Op.SC_D),
      store: isStore || (isAmo && op !== Op.LR_W && op !== Op.LR_D),
    };
  }

  // ------------------------------------------------------------------ where we are
  get pc(): number { return this.session.pc; }
  position(): Position { return { instret: this.session.instret, cycle: this.session.cycle }; }
  get endCycle(): number { return this.session.endCycle; }
  atEnd(): boolean { return this.session.cycle >= this.session.endCycle; }
  atStart(): boolean { return this.session.cycle === 0 && this.session.instret === 0; }

  /** One line for `monitor where`. */
  where(): string {
    const p = this.position();
    const t = this.currentThread();
    const name = this.system ? (this.threads().find((x) => x.id === t)?.name ?? `thread ${t}`) : this.imageName;
    const last = this.session.prevEvent();
    return `cycle ${p.cycle} of ${this.endCycle}, instret ${p.instret}, thread ${t} (${name})${this.idle() ? ' [hart idle]' : ''}, ` +
      `pc 0x${this.pc.toString(16)} <${locate(this.session, this.pc)}>` + (last !== undefined ? `, last event #${last.id} ${last.kind} at cycle ${last.cycle}` : '');
  }

  /** Name of the PD whose code the hart runs ('' on bare recordings). */
  pdName(): string { return currentPd(this.session); }

  // ------------------------------------------------------------------ moving
  /** One instruction boundary forward (a trap entry is a boundary); false at the end. */
  stepForward(): boolean {
    if (this.atEnd()) return false;
    const c = this.session.cycle;
    this.session.seek(c + 1);
    return this.session.cycle !== c;
  }

  /** One instruction boundary backward; false at the start. */
  stepBackward(): boolean {
    const here = this.position();
    if (here.cycle === 0) return false;
    const r = this.session;
    // Boundaries sharing our instret that come before us (trap entries retire nothing).
    r.seekInstret(here.instret);
    if (r.cycle >= here.cycle) {
      if (here.instret === 0) { this.goto(here); return false; }
      r.seekInstret(here.instret - 1);
    }
    let best = this.position();
    for (;;) {
      const c = r.cycle;
      r.seek(c + 1);
      if (r.cycle === c || r.cycle >= here.cycle) break;
      best = this.position();
    }
    this.goto(best);
    return true;
  }

  /** Go to an exact position (as returned by position()). */
  goto(p: Position): void {
    const r = this.session;
    // Already there: seekInstret to our own instret restores a snapshot and re-executes.
    if (r.instret === p.instret && r.cycle === p.cycle) return;
    r.seekInstret(p.instret);
    if (r.cycle < p.cycle) r.seek(p.cycle);
  }

  /** The first boundary at or after `instret` where pc = `addr`, or null if there is none nearby. */
  gotoPc(instret: number, addr: number): Position | null {
    this.session.seekPc(instret, addr);
    return this.pc === addr && this.session.instret >= instret ? this.position() : null;
  }

  seekCycle(cycle: number): void { this.session.seek(cycle); }
  seekInstret(instret: number): void { this.session.seekInstret(instret); }
  /** Re-execute forward to `cycle` from where the machine is (no checkpoint restore). */
  runToCycle(cycle: number): void { this.session.runForward(cycle); }

  event(id: number): EventRow | undefined { return this.session.event(id); }
  nextEvent(kinds?: EventKind[]): EventRow | undefined { return this.session.nextEvent(kinds); }
  prevEvent(kinds?: EventKind[]): EventRow | undefined { return this.session.prevEvent(kinds); }
  gotoEvent(e: EventRow): void { this.session.gotoEvent(e); }
  symbolAddress(name: string): number | undefined { return this.session.symbolAddress(name); }

  // ------------------------------------------------------------------ recorded data
  /**
   * The ELFs gdb needs for symbols: each PD's program of a packed system image (they share
   * link addresses, so one at a time with `symbol-file`), or the bare image itself.
   */
  programs(): { name: string; elf: Uint8Array }[] {
    const h = this.session.header;
    if (!isSystemImage(h.image)) return [{ name: h.imageName.replace(/\.elf$/i, ''), elf: h.image }];
    const img = readSystemImage(h.image, h.imageName);
    return img.desc.pds.flatMap((pd) => {
      const elf = img.programs.get(pd.name);
      return elf === undefined ? [] : [{ name: pd.name, elf }];
    });
  }

  /** The event chunks of the stream in order, each with its first instret and instruction count. */
  chunks(): ChunkRef[] {
    this.chunkList ??= this.session.chunkSpans();
    return this.chunkList;
  }

  /** Calls fn(start, len, count) for each run of `count` executions of one recorded block of a chunk, in order. */
  blockRuns(c: ChunkRef, fn: (start: number, len: number, count: number) => void): void {
    this.session.blockRuns(c.offset, fn);
  }

  // ------------------------------------------------------------------ watching memory
  /** Physical address of `va` in the thread's address space, or -1 if unmapped. */
  physical(thread: number, va: number): number { return this.translate(this.context(thread), va); }

  /** Through the hart's translation for the running thread (or an unknown one), else the thread's VSpace. */
  private translate(c: Context | null, va: number): number {
    return this.session.physicalAddress(va, c === null || c.live ? null : c.root);
  }

  /**
   * Instret spans (ascending) that may contain a write to the RAM page holding physical `pa`,
   * from the checkpoints alone (the timeline knows which pages each delta holds).
   */
  maybeWrittenSpans(pa: number): [number, number][] {
    return this.session.timeline.maybeWrittenSpans(this.session.ramPage(pa));
  }

  /**
   * Instret spans (ascending, each at most `slice` long) within [from, to) during which the
   * RAM page(s) holding physical [pa, pa+size) were written (re-execution with dirty marks).
   */
  dirtySpans(pa: number, size: number, from: number, to: number, slice: number): [number, number][] {
    const p0 = this.session.ramPage(pa), p1 = this.session.ramPage(pa + size - 1);
    if (p0 < 0 || p1 < 0) return [[from, to]]; // not RAM: no marks to go by
    return this.session.timeline.writtenSpans(p0, p1, from, to, slice);
  }

  private readPhys(pa: number, size: number): string {
    return Buffer.from(this.session.readPhysical(pa, size)).toString('hex');
  }

  /**
   * Single-step instret [from, to) and report every access to physical [pa, pa+size): loads
   * and stores by decoding each instruction, and writes by the kernel model (the value changes
   * across a step whose instruction does not store there). `pos` is the point before the
   * instruction (for the kernel, after the entry).
   */
  scanAccesses(pa: number, size: number, from: number, to: number): { pos: Position; load: boolean; store: boolean; byKernel: boolean }[] {
    const out: { pos: Position; load: boolean; store: boolean; byKernel: boolean }[] = [];
    const r = this.session;
    r.seekInstret(from);
    let before = this.readPhys(pa, size);
    while (r.instret < to && r.cycle < r.endCycle) {
      const pos = this.position();
      const acc = this.pendingAccess();
      let load = false, store = false;
      if (acc !== null) {
        const apa = r.physicalAddress(acc.addr, null, acc.store);
        const a = apa >= 0 ? apa : acc.addr;
        if (a < pa + size && pa < a + acc.size) { load = acc.load; store = acc.store; }
      }
      r.runForward(pos.cycle + 1);
      if (r.cycle === pos.cycle) break; // the recording ends here
      const retired = r.instret > pos.instret;
      const after = this.readPhys(pa, size);
      if (retired && (load || store)) out.push({ pos, load, store, byKernel: false });
      else if (after !== before) out.push({ pos: this.position(), load: false, store: true, byKernel: true });
      before = after;
    }
    return out;
  }
}
