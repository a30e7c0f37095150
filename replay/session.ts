/**
 * A replay session over one trace: re-boots the recorded image and hands it to the replay
 * timeline (replay/timeline.ts), which owns every move; answers questions about the current
 * point through read accessors and replay's query module. The CLI, the TUI and every other
 * front end sit on this class; none of them touches the machine, the kernel model or
 * the index database (`machine`, `kernel`, `db` are for replay/'s own modules).
 */
import type Database from 'better-sqlite3';
import { bootImageBytes } from '../emulator/boot.js';
import type { BootedKernel } from '../emulator/kernel-api.js';
import type { KernelView, ThreadContext, ThreadView } from '../emulator/kernel-view.js';
import { csrExists, csrRead } from '../emulator/cpu/csr-file.js';
import { Access, sv39Walk } from '../emulator/cpu/sv39.js';
import type { Machine } from '../emulator/machine.js';
import { TraceError, type HeaderChunk, type TraceFile, type EventsChunk, type Hole } from '../tracer/trace-stream.js';
import { decodeBlockRuns, decodeBlocks } from '../tracer/block-codec.js';
import { openIndexedTrace, type IndexedTrace } from '../tracer/index-cache.js';
import { checkpointProblem } from '../tracer/checkpoint.js';
import type { EventKind } from '../tracer/schema.js';
import * as Q from './event-queries.js';
import type { EventRow, EventFilter, EventQuery, ThreadInfo } from './event-queries.js';
import { Timeline, type CheckpointRef, type TimelineOptions } from './timeline.js';
import { SpecError } from './spec.js';

export type { EventRow, EventFilter, EventQuery, ThreadInfo } from './event-queries.js';

/** The hart's registers at the current point. */
export interface Registers {
  pc: number;
  priv: 'U' | 'S' | 'M';
  /** x0..x31 as unsigned 64-bit values. */
  x: bigint[];
  /** f0..f31 as raw 64-bit patterns (NaN-boxed singles included). */
  f: bigint[];
  fcsr: number;
}

export class ReplaySession {
  readonly header: HeaderChunk;
  /** The replaying machine (replay/ internal: front ends use the accessors). */
  readonly machine: Machine;
  /** The kernel model, for system traces (replay/ internal). */
  readonly kernel: BootedKernel | null;
  /** The index (replay/ internal: front ends use the query methods). */
  readonly db: Database.Database;
  readonly timeline: Timeline;
  /** Last cycle of the recording (end of a complete trace, or of the last whole chunk). */
  readonly endCycle: number;
  readonly complete: boolean;
  /** The first unreadable stretch of the stream, if any (replay re-executes through it). */
  readonly damage: Hole | null;
  /** Cycles per second of guest time (for `time 1.2ms` specs). */
  readonly cyclesPerSecond: number;

  private readonly file: TraceFile;

  private constructor(readonly streamPath: string, t: IndexedTrace, o: TimelineOptions) {
    this.file = t.file;
    this.header = t.file.header;
    this.db = t.db;
    this.complete = t.summary.complete;
    this.damage = t.summary.holes[0] ?? null;
    const cfg = this.header.config;
    const booted = bootImageBytes(this.header.image, this.header.imageName, {
      ramBase: cfg.ramBase, ramSize: cfg.ramSize, cyclesPerTick: cfg.cyclesPerTick, input: this.header.input ?? undefined,
      semihosting: cfg.semihosting === true,
    }, {}, cfg.firmware ?? null);
    this.machine = booted.machine;
    this.machine.batchCap = cfg.batchCap;
    this.kernel = booted.kernel;
    this.cyclesPerSecond = cfg.cyclesPerTick * 10_000_000;
    this.endCycle = t.summary.endCycle;
    const cks = Q.checkpointRows(this.db).map((c): CheckpointRef => ({ ...c, key: c.key === 1 }));
    this.timeline = new Timeline(streamPath, this.file, cks, this.machine, this.kernel, this.endCycle, o);
    this.seek(0);
  }

  /**
   * Open a trace stream. Its index is a cache (tracer/index-cache.ts): missing, stale or
   * damaged, it is rebuilt from the stream with a line saying so.
   */
  static open(streamPath: string, o: TimelineOptions = {}): ReplaySession {
    const t = openIndexedTrace(streamPath);
    try {
      const ckProblem = checkpointProblem(t.file.header.config);
      if (ckProblem !== null) throw new TraceError(streamPath, 0, ckProblem);
      return new ReplaySession(streamPath, t, o);
    } catch (e) {
      t.db.close();
      t.file.close();
      throw e;
    }
  }

  get cycle(): number { return this.machine.cpu.cycle; }
  get instret(): number { return this.machine.cpu.instret; }
  /** The hart's pc now. */
  get pc(): number { return this.machine.cpu.pc; }

  close(): void { this.db.close(); this.file.close(); }

  // ------------------------------------------------------------------ moving through time
  // Every move is the timeline's; these are the names front ends already use.

  /**
   * Put the machine in its recorded state at `cycle`: the first instruction boundary at or
   * after it (kernel entries take several cycles at once). Clamped to the recording.
   */
  seek(cycle: number): void { this.timeline.seek(cycle); }

  /** Step one instruction forward (`n` > 0) or backward (`n` < 0). */
  stepInstruction(n = 1): void { this.timeline.step(n); }

  /** Seek to the first point where exactly `instret` instructions have retired. */
  seekInstret(instret: number): void { this.timeline.seekInstret(instret); }

  /** Run forward (no restore) until `instret` instructions have retired or the recording ends. */
  seekInstretForward(instret: number): void { this.timeline.seekInstretForward(instret); }

  /** Run forward (no restore) to the first instruction boundary at or after `cycle`. */
  runForward(cycle: number): void { this.timeline.runForward(cycle); }

  /** Go to the point where an event happened (instructions retired before it, its cycle). */
  gotoEvent(e: EventRow): void { this.timeline.gotoPoint(e); }

  /**
   * Go to the first point at or after `instret` where pc = `addr` (a trap entry shares its
   * instret with the trapping instruction: step through).
   */
  seekPc(instret: number, addr: number): void { this.timeline.seekPc(instret, addr); }

  // ------------------------------------------------------------------ state at the current point
  registers(): Registers {
    const cpu = this.machine.cpu, x = cpu.x;
    const regs: bigint[] = [];
    const f = cpu.f, fregs: bigint[] = [];
    for (let i = 0; i < 32; i++) regs.push((BigInt(x[2 * i + 1] >>> 0) << 32n) | BigInt(x[2 * i] >>> 0));
    for (let i = 0; i < 32; i++) fregs.push((BigInt(f[2 * i + 1] >>> 0) << 32n) | BigInt(f[2 * i] >>> 0));
    return { pc: cpu.pc, priv: cpu.priv === 0 ? 'U' : cpu.priv === 1 ? 'S' : 'M', x: regs, f: fregs, fcsr: cpu.csr.fcsr };
  }

  /**
   * `len` bytes at virtual address `addr` in the hart's current address space (through its
   * page tables, without side effects), or null where any byte is unmapped.
   */
  readMemory(addr: number, len: number): Uint8Array | null {
    return this.machine.cpu.peekBytes(addr, len);
  }

  /** The instruction word at `addr` (16- or 32-bit), or null if unmapped. */
  readInstruction(addr: number): number | null { return this.machine.cpu.peekInsn(addr); }

  // ------------------------------------------------------------------ the hart, for debuggers
  // Raw views in the machine's own layout (lo/hi int32 pairs), copies: a debugger reads many
  // registers per stop and must not hold the live arrays.

  /** The hart idles (system recordings: no thread runs until the next event). */
  get hartIdle(): boolean { return this.machine.idle; }

  /** The kernel's current thread (null: none, or a bare trace). */
  currentThread(): number | null { return this.kernel?.currentThread() ?? null; }

  /** The hart's integer registers (lo/hi pairs), pc and privilege (0 U, 1 S, 3 M). */
  hartContext(): { x: Int32Array; pc: number; priv: number } {
    const cpu = this.machine.cpu;
    return { x: cpu.x.slice(), pc: cpu.pc, priv: cpu.priv };
  }

  /** The hart's FP registers f0–f31 (lo/hi pairs) and fcsr. */
  fpuState(): { f: Int32Array; fcsr: number } {
    const cpu = this.machine.cpu;
    return { f: cpu.f.slice(), fcsr: cpu.csr.fcsr };
  }

  /** An implemented CSR's value now as (lo, hi), or null if the hart has no such CSR. */
  readCsr(n: number): [number, number] | null {
    if (!csrExists(n)) return null;
    const cpu = this.machine.cpu, out = new Int32Array(2);
    csrRead(cpu.csr, n, cpu.cycle, cpu.instret, cpu.timeAt(cpu.cycle), out);
    return [out[0], out[1]];
  }

  /** A thread's saved context as the kernel holds it while the thread is off the hart (system traces). */
  threadContext(id: number): ThreadContext | null { return this.kernel?.threadContext?.(id) ?? null; }

  /**
   * Physical address of `va` in an address space, -1 if unmapped. `root` null: the hart's
   * translation now (`store` asks for a write); -1: none (physical = virtual); else the physical
   * address of an Sv39 root page table (a thread's VSpace). No side effects.
   */
  physicalAddress(va: number, root: number | null, store = false): number {
    if (root === null) return this.machine.cpu.peekTranslate(va, store ? Access.STORE : Access.LOAD);
    if (root < 0) return va;
    const pa = sv39Walk(this.machine.bus, va, Access.LOAD, root / 4096, 0, true, true, false);
    return pa < 0 ? -1 : pa;
  }

  /** Up to `len` bytes of RAM at physical `pa`, ending at the end of RAM; empty outside RAM. A copy. */
  readPhysical(pa: number, len: number): Uint8Array {
    const bus = this.machine.bus;
    const off = pa < 0 ? -1 : bus.ramOffset(pa);
    if (off < 0) return new Uint8Array(0);
    return bus.ram.slice(off, Math.min(off + len, bus.ram.length));
  }

  /** The RAM page (RAM offset / 4096) holding physical `pa`, or -1 outside RAM. */
  ramPage(pa: number): number {
    const off = pa < 0 ? -1 : this.machine.bus.ramOffset(pa);
    return off < 0 ? -1 : off >>> 12;
  }

  /** The console output (UART) so far. */
  consoleText(): string { return Buffer.from(this.machine.consoleOutput()).toString('latin1'); }

  /** A system trace (kernel model present), as opposed to a bare ELF. */
  get isSystem(): boolean { return this.kernel !== null; }

  /** The kernel's state (threads, queues, scheduling contexts, CSpaces), or null for bare traces. */
  kernelView(): KernelView | null { return this.kernel?.inspect() ?? null; }

  /** Threads at the current point with their state (empty for bare traces). */
  threads(): ThreadView[] { return this.kernelView()?.threads ?? []; }

  /**
   * A thread's saved user registers x0..x31 (live ones if it is on the hart), or null if there
   * is no such thread.
   */
  threadRegisters(id: number): bigint[] | null { return this.kernel?.threadRegisters(id) ?? null; }

  // ------------------------------------------------------------------ events
  events(f: EventFilter = {}): EventRow[] { return Q.queryEvents(this.db, f); }

  event(id: number): EventRow | undefined { return Q.eventById(this.db, id); }

  eventCount(): number { return Q.eventCount(this.db); }

  /** Next event (of the kinds given) strictly after the current point, or undefined. */
  nextEvent(kinds?: EventKind[], thread?: number): EventRow | undefined {
    return Q.neighbourEvent(this.db, '>', this.instret, this.cycle, kinds, thread);
  }

  /** Previous event (of the kinds given) strictly before the current point. */
  prevEvent(kinds?: EventKind[], thread?: number): EventRow | undefined {
    return Q.neighbourEvent(this.db, '<', this.instret, this.cycle, kinds, thread);
  }

  /** The nearest event after (dir 1) or before (dir -1) the current point that `q` accepts. */
  neighbourEvent(dir: 1 | -1, q: EventQuery): EventRow | undefined {
    return Q.neighbour(this.db, dir > 0 ? '>' : '<', this.instret, this.cycle, q);
  }

  /** Up to `before` events before the current point and `after` at or after it. */
  eventsAround(q: EventQuery, before: number, after: number): { past: EventRow[]; future: EventRow[] } {
    return Q.eventsAround(this.db, this, q, before, after);
  }

  /** Events with from <= cycle < to of the given kinds, at most `limit`. */
  eventsIn(from: number, to: number, kinds: readonly EventKind[], limit: number): EventRow[] {
    return Q.eventsIn(this.db, from, to, kinds, limit);
  }

  /** The last thread_state event of each thread and the last schedule event before `cycle`. */
  stateEventsBefore(cycle: number): EventRow[] { return Q.stateEventsBefore(this.db, cycle); }

  /** Thread-state intervals (index table thread_states) overlapping [from, to). */
  threadStatesIn(from: number, to: number): Q.StateInterval[] { return Q.threadStatesIn(this.db, from, to); }

  /** The thread running at `cycle` by the recorded schedule events (null: idle). */
  runningThreadAt(cycle: number): number | null { return Q.runningThreadAt(this.db, cycle); }

  /** The thread running when `instret` instructions have retired (null: idle). */
  runningThreadAtInstret(instret: number): number | null { return Q.runningThreadAtInstret(this.db, instret); }

  /** Every thread of the recording (id, name), by id. */
  threadList(): ThreadInfo[] { return Q.threadList(this.db); }

  /**
   * The instret at which a straight-line block starting at `addr` next (or previously) begins,
   * searched in the recorded block stream (no re-execution). Function entries and branch
   * targets are block starts. `fromInstret` -1 searches from the start.
   */
  findPcHit(addr: number, fromInstret: number, dir: 'next' | 'prev', accept?: (instret: number) => boolean): number | undefined {
    for (const ch of Q.chunkSpans(this.db, dir)) {
      if (dir === 'next' && ch.instret0 + ch.instructions <= fromInstret) continue;
      if (dir === 'prev' && ch.instret0 >= fromInstret) continue;
      const c = this.file.chunkAt(ch.offset) as EventsChunk;
      let at = c.instret0;
      let found: number | undefined;
      decodeBlocks(c.blocks, (start, len) => {
        if (start === addr && (dir === 'next' ? at > fromInstret && found === undefined : at < fromInstret) && (accept === undefined || accept(at))) found = at;
        at += len;
      });
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The event chunks of the stream in order: offset, first instret, instructions. */
  chunkSpans(): Q.ChunkSpan[] { return Q.chunkSpans(this.db, 'next'); }

  /** Calls fn(start, len, count) for each run of `count` executions of one recorded block of the chunk at `offset`, in order. */
  blockRuns(offset: number, fn: (start: number, len: number, count: number) => void): void {
    decodeBlockRuns((this.file.chunkAt(offset) as EventsChunk).blocks, fn);
  }

  /** Names of kernel objects (threads, endpoints, ...) by id, from the recorded object events. */
  objectNames(): Map<number, string> {
    if (this.names === null) this.names = Q.objectNames(this.db);
    return this.names;
  }
  private names: Map<number, string> | null = null;

  /** Symbols from the trace header: name → address. */
  symbolAddress(name: string): number | undefined { return Q.symbolAddress(this.db, name); }

  /**
   * The symbol a user means: `name` as is if it exists; `pd:<pd>:<sym>` (the PD-prefix form)
   * as `<pd>:<sym>`; an unqualified PD symbol if exactly one PD has it. Ambiguous names throw a
   * SpecError listing the choices; unknown ones come back unchanged.
   */
  resolveSymbol(name: string): string {
    if (this.symbolAddress(name) !== undefined) return name;
    if (name.startsWith('pd:') && this.symbolAddress(name.slice(3)) !== undefined) return name.slice(3);
    if (!name.includes(':') && this.isSystem) {
      const all = Q.pdSymbolsNamed(this.db, name);
      if (all.length === 1) return all[0];
      if (all.length > 1) throw new SpecError(`symbol '${name}' is in several PDs: ${all.join(', ')} (name one as <pd>:${name})`);
    }
    return name;
  }

  /** Symbol names resembling `name`, for suggestions. */
  similarSymbols(name: string): string[] { return Q.similarSymbols(this.db, name); }
  hasSymbols(): boolean { return Q.hasSymbols(this.db); }
}
