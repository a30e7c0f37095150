/**
 * The replay timeline of an open trace (rr's ReplayTimeline): it owns the replaying machine and
 * kernel, the trace's checkpoints, the extra in-memory snapshots taken while moving, and every
 * way of moving (seek by cycle or instret, step either way, go to an event's point, run to a
 * pc). Front ends (CLI, TUI, debugger stubs, analyses) move only through it.
 *
 * A move restores the latest base on the way to its target — the current point, an in-memory
 * snapshot or a checkpoint (keyframe + deltas) — and re-executes from there. Re-execution from
 * any point on the recorded path reaches the same next instruction boundary, so every path to a
 * target ends in the same state (tests compare state hashes). Moves leave snapshots every
 * `spacing` instructions within the last few spacings before their target, so stepping back
 * near where the user is costs at most `spacing` re-executed instructions.
 */
import type { Machine, MachineSnapshot } from '../emulator/machine.js';
import type { BootedKernel, KernelSnapshot } from '../emulator/kernel-api.js';
import { readChunk, TraceError, type CheckpointChunk, type TraceFile } from '../tracer/trace-stream.js';
import { decodeCheckpoint, type DecodedCheckpoint } from '../tracer/checkpoint.js';

export interface CheckpointRef { idx: number; cycle: number; instret: number; key: boolean; offset: number; }

export interface TimelineOptions {
  /** Instructions between in-memory snapshots (bounds the re-execution of a step back). */
  spacing?: number;
  /** Memory the snapshots may hold (RAM pages), farthest from the current point evicted first. */
  budgetBytes?: number;
  /** How many spacings before a move's target it leaves snapshots in. */
  snapshotWindow?: number;
}

/** A point of the recording: instructions retired, and the cycle. */
export interface Point { instret: number; cycle: number; }

interface Snap extends Point { m: MachineSnapshot; k: KernelSnapshot | null; bytes: number; }
type Base = { kind: 'here' } & Point | { kind: 'snap'; s: Snap } & Point | { kind: 'ckpt'; c: CheckpointRef } & Point;

export class Timeline {
  /** Decoded checkpoints, most recently used kept (seeking back and forth reuses them). */
  private cache = new Map<number, DecodedCheckpoint>();
  private snaps: Snap[] = [];
  private bytes = 0;
  /** The checkpoints that can be restored (a damaged stream may have lost some). */
  readonly checkpoints: readonly CheckpointRef[];
  readonly spacing: number;
  private readonly budget: number;
  private readonly window: number;
  /** Counters for reports and tests: where the last move started from, work done. */
  readonly stats = { restores: 0, snapshots: 0, evictions: 0, lastBase: 'here' as Base['kind'], lastBaseInstret: 0 };

  constructor(
    private readonly path: string,
    private readonly buf: Uint8Array | TraceFile,
    all: readonly CheckpointRef[],
    readonly machine: Machine,
    readonly kernel: BootedKernel | null,
    /** Last cycle of the recording; no move goes past it. */
    readonly endCycle: number,
    o: TimelineOptions = {},
  ) {
    this.checkpoints = restorable(all);
    if (this.checkpoints.length === 0) throw new TraceError(path, 0, 'trace has no checkpoint to replay from');
    this.spacing = o.spacing ?? 100_000;
    this.budget = o.budgetBytes ?? 96 * 1024 * 1024;
    this.window = o.snapshotWindow ?? 4;
  }

  get cycle(): number { return this.machine.cpu.cycle; }
  get instret(): number { return this.machine.cpu.instret; }
  get snapshotCount(): number { return this.snaps.length; }

  // ------------------------------------------------------------------ moves
  /** The first instruction boundary at or after `cycle` (clamped to the recording). */
  seek(cycle: number): void {
    const m = this.machine;
    const target = Math.max(0, Math.min(cycle, this.endCycle));
    this.restore(this.pick((p) => p.cycle <= target, m.exitReason() === null && this.cycle <= target));
    // Walk in slices so the last stretch before the target leaves snapshots behind.
    while (this.cycle < target) {
      const before = this.cycle;
      m.run(Math.min(target, this.cycle + this.spacing));
      if (this.cycle === before) break;
      if (this.cycle < target && target - this.cycle <= this.window * this.spacing) this.maybeSnapshot();
    }
  }

  /** The first point at which exactly `instret` instructions have retired. */
  seekInstret(instret: number): void {
    this.moveTo(Math.max(0, instret), null);
  }

  /** The point where an event happened: `instret` instructions retired, then on to its cycle. */
  gotoPoint(p: Point): void {
    this.moveTo(p.instret, p.cycle);
  }

  /** Run forward only (no restore) until `instret` instructions have retired or the recording ends. */
  seekInstretForward(instret: number): void {
    const m = this.machine;
    while (this.instret < instret && this.cycle < this.endCycle) {
      const before = this.cycle;
      m.run(Math.min(this.endCycle, this.cycle + (instret - this.instret)));
      if (this.cycle === before) break;
    }
  }

  /** Run forward only to the next instruction boundary at or after `cycle` (within the recording). */
  runForward(cycle: number): void {
    const target = Math.min(cycle, this.endCycle);
    if (this.cycle < target) this.machine.run(target);
  }

  /** Step `n` instructions forward, or back for negative `n`. */
  step(n: number): void {
    if (n >= 0) this.seekInstretForward(this.instret + n);
    else this.seekInstret(Math.max(0, this.instret + n));
  }

  /**
   * The first point at or after `instret` where pc = `addr`. A trap retires nothing, so a
   * handler's first instruction shares its instret with the trapping one: step through.
   */
  seekPc(instret: number, addr: number): void {
    this.seekInstret(instret);
    for (let i = 0; i < 64 && this.machine.cpu.pc !== addr && this.cycle < this.endCycle; i++) this.machine.run(this.cycle + 1);
  }

  /**
   * Make sure a snapshot sits within `spacing` instructions before the current point (so the
   * next step back is fast), without moving. Returns whether it did any work (idle-time use).
   */
  warm(): boolean {
    const i = this.instret;
    if (i === 0 || this.snaps.some((s) => s.instret <= i && s.instret >= i - this.spacing)) return false;
    if (this.checkpointAtInstret(i).instret > i - this.spacing) return false;
    this.moveTo(i, this.cycle, true);
    return true;
  }

  // ------------------------------------------------------------------ where memory was written
  /**
   * Instret spans (ascending) that may contain a write to RAM page `page` (RAM offset / 4096;
   * -1: not RAM, the whole recording), from the checkpoints alone: a delta checkpoint holds
   * exactly the pages written since the previous one, so an interval whose delta lacks the page
   * is skipped without re-execution. Keyframe intervals and the stretch after the last
   * checkpoint are always included.
   */
  maybeWrittenSpans(page: number): [number, number][] {
    const cks = this.checkpoints;
    if (page < 0 || cks.length === 0) return [[0, Number.MAX_SAFE_INTEGER]];
    const out: [number, number][] = [];
    const add = (a: number, b: number): void => {
      const last = out[out.length - 1];
      if (last !== undefined && last[1] >= a) last[1] = Math.max(last[1], b); else out.push([a, b]);
    };
    if (cks[0].instret > 0) add(0, cks[0].instret + 1);
    for (let i = 1; i < cks.length; i++) {
      if (cks[i].key || this.deltaPages(i).has(page)) add(cks[i - 1].instret, cks[i].instret + 1);
    }
    add(cks[cks.length - 1].instret, Number.MAX_SAFE_INTEGER);
    return out;
  }

  /** Pages of checkpoint i's delta (page sets only: the page data is not kept). */
  private deltaPages(i: number): Set<number> {
    let s = this.pageSets.get(i);
    if (s === undefined) {
      const ref = this.checkpoints[i];
      s = new Set(decodeCheckpoint(readChunk(this.path, this.buf, ref.offset) as CheckpointChunk).machine.pages);
      this.pageSets.set(i, s);
    }
    return s;
  }
  private readonly pageSets = new Map<number, Set<number>>();

  /**
   * Instret spans (ascending, each at most `slice` long) within [from, to) during which RAM
   * pages `p0`..`p1` (either end) were written: re-execution at full speed with the bus's
   * per-page dirty marks, cleared every slice. Leaves the timeline where the scan stopped.
   */
  writtenSpans(p0: number, p1: number, from: number, to: number, slice: number): [number, number][] {
    const bus = this.machine.bus, cpu = this.machine.cpu;
    const out: [number, number][] = [];
    this.seekInstret(from);
    while (this.instret < to && this.cycle < this.endCycle) {
      const start = this.instret;
      bus.epochDirty.fill(0);
      cpu.flushTlb(); // stores mark pages dirty when they fill the write TLB
      this.seekInstretForward(Math.min(to, start + slice));
      if (bus.epochDirty[p0] !== 0 || bus.epochDirty[p1] !== 0) out.push([start, this.instret]);
      if (this.instret === start) break;
    }
    return out;
  }

  // ------------------------------------------------------------------ checkpoints
  /** The last checkpoint at or before `cycle` (the first one if `cycle` precedes all). */
  before(cycle: number): CheckpointRef {
    const cks = this.checkpoints;
    let lo = 0, hi = cks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cks[mid].cycle <= cycle) lo = mid; else hi = mid - 1;
    }
    return cks[lo];
  }

  private checkpointAtInstret(instret: number): CheckpointRef {
    const cks = this.checkpoints;
    let lo = 0, hi = cks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cks[mid].instret <= instret) lo = mid; else hi = mid - 1;
    }
    return cks[lo];
  }

  private load(ref: CheckpointRef): DecodedCheckpoint {
    const hit = this.cache.get(ref.idx);
    if (hit !== undefined) { this.cache.delete(ref.idx); this.cache.set(ref.idx, hit); return hit; }
    const c = readChunk(this.path, this.buf, ref.offset) as CheckpointChunk;
    if (c.t !== 'ckpt' || c.index !== ref.idx) throw new TraceError(this.path, ref.offset, 'index does not match the stream (checkpoint mismatch); rebuild it with `seltrace index`');
    const v = decodeCheckpoint(c, this.path, ref.offset, this.machine.bus.ramSize);
    this.cache.set(ref.idx, v);
    while (this.cache.size > 24) this.cache.delete(this.cache.keys().next().value as number);
    return v;
  }

  /** Put machine and kernel into the exact state of checkpoint `ref` (its keyframe, then deltas). */
  private restoreCheckpoint(ref: CheckpointRef): void {
    try { this.restoreChain(ref); } catch (e) {
      // Checkpoints are data from a file: one that passes its checksum but not restore is corrupt.
      if (e instanceof TraceError) throw e;
      throw new TraceError(this.path, ref.offset, `corrupt checkpoint ${ref.idx}: ${(e as Error).message}`);
    }
  }

  private restoreChain(ref: CheckpointRef): void {
    const m = this.machine;
    const at = this.checkpoints.indexOf(ref);
    let k = at;
    while (k > 0 && !this.checkpoints[k].key) k--;
    m.restore(this.load(this.checkpoints[k]).machine);
    for (let i = k + 1; i <= at; i++) m.applyPages(this.load(this.checkpoints[i]).machine);
    const target = this.load(ref);
    m.restoreState(target.machine);
    if (this.kernel !== null && target.kernel !== null) this.kernel.restore(target.kernel);
  }

  // ------------------------------------------------------------------ internals
  private moveTo(n: number, thenCycle: number | null, forceRebuild = false): void {
    const m = this.machine;
    // A base must lie on the way to the target: fewer instructions retired, or the same
    // number at a cycle not after the one asked for.
    const ok = (p: Point): boolean => p.instret < n || (p.instret === n && thenCycle !== null && p.cycle <= thenCycle);
    this.restore(this.pick(ok, !forceRebuild && m.exitReason() === null && ok(this)));
    while (this.instret < n && this.cycle < this.endCycle) {
      const sub = Math.min(n, (Math.floor(this.instret / this.spacing) + 1) * this.spacing);
      this.seekInstretForward(sub);
      if (this.instret < sub) break;
      if (this.instret < n && n - this.instret <= this.window * this.spacing) this.maybeSnapshot();
    }
    if (thenCycle !== null) this.runForward(thenCycle);
  }

  /** The latest of: here (if allowed), a snapshot, a checkpoint, that `ok` accepts. */
  private pick(ok: (p: Point) => boolean, hereOk: boolean): Base {
    let best: Base | null = hereOk ? { kind: 'here', instret: this.instret, cycle: this.cycle } : null;
    for (const s of this.snaps) {
      if (ok(s) && (best === null || s.instret > best.instret || (s.instret === best.instret && s.cycle > best.cycle))) best = { kind: 'snap', s, instret: s.instret, cycle: s.cycle };
    }
    // Checkpoints, newest acceptable one (the first is at cycle 0 and always acceptable).
    let ck = this.checkpoints[0];
    for (const c of this.checkpoints) if (ok(c)) ck = c; else break;
    if (best === null || ck.instret > best.instret) best = { kind: 'ckpt', c: ck, instret: ck.instret, cycle: ck.cycle };
    return best;
  }

  private restore(b: Base): void {
    this.stats.lastBase = b.kind;
    this.stats.lastBaseInstret = b.instret;
    if (b.kind === 'here') return;
    this.stats.restores++;
    if (b.kind === 'ckpt') { this.restoreCheckpoint(b.c); return; }
    this.machine.restore(b.s.m);
    if (this.kernel !== null && b.s.k !== null) this.kernel.restore(b.s.k);
  }

  private maybeSnapshot(): void {
    const m = this.machine;
    if (m.exitReason() !== null) return;
    const i = this.instret;
    const half = this.spacing / 2;
    if (this.snaps.some((s) => Math.abs(s.instret - i) < half)) return;
    if (i - this.checkpointAtInstret(i).instret < half) return;
    const ms = m.snapshot('full');
    const snap: Snap = { instret: i, cycle: this.cycle, m: ms, k: this.kernel?.snapshot() ?? null, bytes: ms.pageData.length + 4096 };
    this.snaps.push(snap);
    this.snaps.sort((a, b) => a.instret - b.instret);
    this.bytes += snap.bytes;
    this.stats.snapshots++;
    while (this.bytes > this.budget && this.snaps.length > 1) {
      // Evict the snapshot farthest from where we are.
      let far = 0;
      for (let k = 1; k < this.snaps.length; k++) if (Math.abs(this.snaps[k].instret - i) > Math.abs(this.snaps[far].instret - i)) far = k;
      this.bytes -= this.snaps[far].bytes;
      this.snaps.splice(far, 1);
      this.stats.evictions++;
    }
  }
}

/**
 * The checkpoints that can be rebuilt: a keyframe, or a delta whose chain back to its keyframe
 * is whole (a damaged stream can lose a checkpoint; the deltas after it wait for the next key).
 */
function restorable(all: readonly CheckpointRef[]): CheckpointRef[] {
  const out: CheckpointRef[] = [];
  let prev: CheckpointRef | null = null;
  for (const c of all) {
    if (c.key || (prev !== null && c.idx === prev.idx + 1)) { out.push(c); prev = c; }
  }
  return out;
}
