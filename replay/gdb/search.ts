/**
 * Continue in either direction to the next (or previous) breakpoint or watchpoint hit, by
 * searching the recording instead of single-stepping it (rr's ReplayTimeline::reverse_continue,
 * adapted to a recorded block stream):
 * - breakpoints: the block stream says which straight-line blocks ran, in order; a per-chunk
 *   summary of block starts skips chunks that cannot contain the address, and each candidate
 *   block is confirmed by seeking to it and walking its instructions;
 * - write watchpoints: re-execution at full speed with per-page dirty marks, refined at finer
 *   slices, then single steps only where the watched page was written (replay/dataflow.ts's
 *   method, on physical addresses so a PD's variable is not confused with another PD's);
 * - read/access watchpoints: single steps decoding each instruction's access (no index for reads).
 * The search runs in windows of instructions, yielding between them so Ctrl-C can stop it.
 */
import type { RecordingTarget, Position, ChunkRef } from './target.js';

export type WatchKind = 'write' | 'read' | 'access';
/** `addr` as gdb gave it (reported back in the stop reply); `pa` the physical address watched. */
export interface Watch { kind: WatchKind; addr: number; len: number; pa: number; }
/**
 * `pd`: breakpoints stop only while that PD's thread is on the hart (`monitor pd NAME`); PDs of
 * a packed system share link addresses, so an address alone fires in every PD with code there.
 */
export interface StopSet { breakpoints: ReadonlySet<number>; watches: readonly Watch[]; pd?: string | null; }

export type StopReason =
  | { kind: 'breakpoint'; addr: number }
  /** `byKernel`: the kernel model wrote the bytes during a trap (no instruction of the thread did). */
  | { kind: 'watch'; watch: Watch; byKernel: boolean }
  /** A thread faulted (system recordings): stopped at the faulting instruction, as gdb stops at a signal. */
  | { kind: 'fault'; type: string; thread: number | null }
  | { kind: 'end' }
  | { kind: 'begin' }
  | { kind: 'interrupt' };

interface Hit { pos: Position; reason: StopReason; }

/** First window of instructions searched; doubles up to MAX_WINDOW. */
const FIRST_WINDOW = 1 << 20;
const MAX_WINDOW = 1 << 25;
/** Window when every instruction must be stepped (read/access watchpoints). */
const STEP_WINDOW = 1 << 12;
/** Bytes one instruction may span (a candidate block may reach this far past its last start). */
const MAX_INSN = 4;
/** Slices (instructions) of the successive dirty-page passes before single-stepping. */
const SLICES = [1 << 20, 1 << 15, 1 << 10];
/** Chunks whose decoded block runs are kept (a chunk of one-instruction blocks: ~20 MB). */
const RUN_CACHE = 2;
/** Cycles run between checks for Ctrl-C when running to the end. */
const RUN_SLICE = 5_000_000;

/** Per-chunk summary of block starts: sorted unique starts and the longest block. */
interface Summary { starts: Float64Array; maxLen: number; }

export class Searcher {
  private readonly summaries = new Map<number, Summary>();
  private readonly endInstret: number;

  constructor(private readonly t: RecordingTarget, private readonly yieldNow: () => Promise<void> = () => new Promise((res) => setImmediate(res))) {
    const cs = t.chunks();
    this.endInstret = cs.length === 0 ? 0 : Math.max(...cs.map((c) => c.instret0 + c.instructions));
  }

  private summary(c: ChunkRef): Summary {
    let s = this.summaries.get(c.offset);
    if (s === undefined) {
      const set = new Set<number>();
      let maxLen = 0;
      const runs = this.runs(c);
      for (let i = 0; i < runs.length; i += 4) { set.add(runs[i + 1]!); if (runs[i + 2]! > maxLen) maxLen = runs[i + 2]!; }
      s = { starts: Float64Array.from(set).sort(), maxLen };
      this.summaries.set(c.offset, s);
    }
    return s;
  }

  /**
   * Chunk `c`'s block runs as quads [instret of the first execution, start, len, count], kept for
   * the last RUN_CACHE chunks: gdb steps an instruction at a time by continuing to a breakpoint
   * on the next one (software single-step), and decoding the whole chunk for each of those cost
   * ~15 ms a step (a `next` over a loop took minutes).
   */
  private runs(c: ChunkRef): Float64Array {
    const hit = this.runCache.get(c.offset);
    if (hit !== undefined) {
      this.runCache.delete(c.offset); // most recently used last
      this.runCache.set(c.offset, hit);
      return hit;
    }
    const quads: number[] = [];
    let at = c.instret0;
    this.t.blockRuns(c, (start, len, count) => { quads.push(at, start, len, count); at += len * count; });
    const runs = Float64Array.from(quads);
    if (this.runCache.size >= RUN_CACHE) this.runCache.delete(this.runCache.keys().next().value!);
    this.runCache.set(c.offset, runs);
    return runs;
  }
  private readonly runCache = new Map<number, Float64Array>();

  /** Could a block of chunk `c` contain an instruction at `addr`? */
  private mayContain(c: ChunkRef, addr: number): boolean {
    const { starts, maxLen } = this.summary(c);
    let lo = 0, hi = starts.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= addr) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return best >= 0 && addr - starts[best] < (maxLen + 1) * MAX_INSN;
  }

  /**
   * Positions where pc = one of `addrs` inside the block (at, start, len): confirmed by going
   * there and walking the block's instructions (the code is read in the address space it ran in).
   * The instruction after the block is included: a trapping instruction retires nothing.
   * When `here` lies inside this execution of the block, the code is read where we stand (same
   * block, same address space) and only the instructions on the `dir` side of `here` are visited:
   * gdb's software single-step continues to the next instruction, usually in the same block, and
   * going back to the block's start restored a snapshot for every step. null: none of `addrs`
   * is in the block's code (so no other execution of it has one either).
   */
  private confirm(at: number, start: number, len: number, addrs: readonly number[], here: Position, dir: 1 | -1): Hit[] | null {
    const t = this.t;
    const inside = at <= here.instret && here.instret <= at + len;
    if (inside) t.goto(here);
    else if (t.gotoPc(at, start) === null) return null;
    const offsets: { k: number; addr: number }[] = [];
    let has = false;
    let a = start;
    for (let k = 0; k <= len; k++) {
      const side = !inside || (dir > 0 ? at + k >= here.instret : at + k <= here.instret);
      if (addrs.includes(a)) { has = true; if (side) offsets.push({ k, addr: a }); }
      const bits = t.peekInsn(a);
      if (bits === null) break;
      a += (bits & 3) === 3 ? 4 : 2;
    }
    const hits: Hit[] = [];
    for (const o of offsets) {
      const p = o.k === 0 && !inside ? t.position() : t.gotoPc(at + o.k, o.addr);
      if (p !== null) hits.push({ pos: p, reason: { kind: 'breakpoint', addr: o.addr } });
    }
    return has ? hits : null;
  }

  /** Breakpoint hits with instret in [from, to], after (dir 1) or before (dir -1) `here`; the nearest. */
  private breakpointIn(from: number, to: number, here: Position, dir: 1 | -1, bps: readonly number[], pd: string | null): Hit | null {
    if (bps.length === 0) return null;
    const chunks = this.t.chunks().filter((c) => c.instret0 <= to && c.instret0 + c.instructions >= from && c.instructions > 0);
    if (dir < 0) chunks.reverse();
    for (const c of chunks) {
      const maybe = bps.filter((b) => this.mayContain(c, b));
      if (maybe.length === 0) continue;
      // Runs of one block, in the direction of travel, visited lazily (the nearest hit ends the search).
      const all = this.runs(c);
      const nRuns = all.length / 4;
      // Runs tile the chunk in instret order: the first one reaching `from`, the last starting by `to`.
      const firstReaching = (): number => {
        let lo = 0, hi = nRuns;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (all[mid * 4]! + all[mid * 4 + 2]! * all[mid * 4 + 3]! >= from) hi = mid; else lo = mid + 1; }
        return lo;
      };
      const lastStarting = (): number => {
        let lo = -1, hi = nRuns - 1;
        while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (all[mid * 4]! <= to) lo = mid; else hi = mid - 1; }
        return lo;
      };
      const lo0 = firstReaching(), hi0 = lastStarting();
      for (let r = dir > 0 ? lo0 : hi0; dir > 0 ? r <= hi0 : r >= lo0; r += dir) {
        const at0 = all[r * 4]!, start = all[r * 4 + 1]!, len = all[r * 4 + 2]!, count = all[r * 4 + 3]!;
        if (!maybe.some((b) => b >= start && b - start < (len + 1) * MAX_INSN)) continue;
        // The executions of the run inside the window, nearest first. Consecutive executions of
        // one block run the same code: if the first one has no breakpoint address, none does.
        const lo = len === 0 ? 0 : Math.max(0, Math.ceil((from - len - at0) / len));
        const hi = len === 0 ? 0 : Math.min(count - 1, Math.floor((to - at0) / len));
        for (let k = dir > 0 ? lo : hi; dir > 0 ? k <= hi : k >= lo;) {
          const found = this.confirm(at0 + k * len, start, len, maybe, here, dir);
          if (found === null) break;
          const hits = found.filter((h) => (dir > 0 ? h.pos.cycle > here.cycle : h.pos.cycle < here.cycle));
          const mine = pd === null ? hits : hits.filter((h) => { this.t.goto(h.pos); return this.t.pdName() === pd; });
          if (mine.length > 0) return dir > 0 ? mine[0] : mine[mine.length - 1];
          k += dir;
          if (hits.length > 0 && len > 0) {
            // Another PD runs this block: the PD changes only at a context switch, so skip the
            // executions before the next (or, going back, after the previous) schedule event.
            const sw = dir > 0 ? this.t.nextEvent(['schedule']) : this.t.prevEvent(['schedule']);
            if (sw === undefined) break;
            const first = Math.ceil((sw.instret - at0) / len); // first execution starting at or after the switch
            k = dir > 0 ? Math.max(k, first) : Math.min(k, first - 1);
          }
        }
      }
    }
    return null;
  }

  /**
   * Accesses to a watch's bytes in instret [from, to): spans whose page was written, refined
   * at finer slices, then single steps. Read watches have no index: every instruction is stepped.
   */
  private accessesIn(w: Watch, from: number, to: number): { pos: Position; load: boolean; store: boolean; byKernel: boolean }[] {
    if (w.kind !== 'write') return this.t.scanAccesses(w.pa, w.len, from, to);
    let spans: [number, number][] = this.t.maybeWrittenSpans(w.pa)
      .map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => a < b);
    for (const slice of SLICES) spans = spans.flatMap(([a, b]) => this.t.dirtySpans(w.pa, w.len, a, b, slice));
    return spans.flatMap(([a, b]) => this.t.scanAccesses(w.pa, w.len, a, b));
  }

  /** The nearest watchpoint hit in instret [from, to) after (dir 1) or before (dir -1) `here`. */
  private watchIn(from: number, to: number, here: Position, dir: 1 | -1, ws: readonly Watch[]): Hit | null {
    let best: Hit | null = null;
    for (const w of ws) {
      const found = this.accessesIn(w, from, to)
        .filter((a) => (w.kind === 'write' ? a.store : w.kind === 'read' ? a.load : a.load || a.store))
        .filter((a) => (dir > 0 ? a.pos.cycle > here.cycle : a.pos.cycle < here.cycle))
        .map((a): Hit => ({ pos: a.pos, reason: { kind: 'watch', watch: w, byKernel: a.byKernel } }));
      best = this.nearest(dir, best, dir > 0 ? found[0] ?? null : found[found.length - 1] ?? null);
    }
    return best;
  }

  private nearest(dir: 1 | -1, ...hs: (Hit | null)[]): Hit | null {
    let best: Hit | null = null;
    for (const h of hs) if (h !== null && (best === null || (dir > 0 ? h.pos.cycle < best.pos.cycle : h.pos.cycle > best.pos.cycle))) best = h;
    return best;
  }

  /** Nothing left to stop at: run to the end in slices so Ctrl-C still gets through. */
  private async runToEnd(interrupted: () => boolean): Promise<StopReason> {
    const t = this.t;
    while (!t.atEnd()) {
      t.runToCycle(Math.min(t.endCycle, t.position().cycle + RUN_SLICE));
      await this.yieldNow();
      if (interrupted()) return { kind: 'interrupt' };
    }
    return { kind: 'end' };
  }

  /**
   * The nearest fault in the direction of travel, as a stop at the faulting instruction (the
   * kernel's fault event follows the trap; the instruction did not retire). Faults that a
   * thread takes are what gdb shows as signals (SIGSEGV, SIGILL, ...), so continue stops there.
   */
  private faultStop(here: Position, dir: 1 | -1): Hit | null {
    const t = this.t;
    if (!t.system) return null;
    for (let i = 0; i < 1000; i++) {
      const e = dir > 0 ? t.nextEvent(['fault']) : t.prevEvent(['fault']);
      if (e === undefined || e.event.kind !== 'fault') break;
      const f = e.event;
      // The last instruction boundary before the trap: pc = the faulting instruction.
      const pos = t.gotoPc(Math.max(0, e.instret), f.pc) ?? t.position();
      const stop = pos.cycle <= e.cycle ? pos : { instret: e.instret, cycle: e.cycle };
      if (dir > 0 ? stop.cycle > here.cycle : stop.cycle < here.cycle) {
        return { pos: stop, reason: { kind: 'fault', type: f.type, thread: f.thread } };
      }
      t.gotoEvent(e); // at or behind where we stand: look further along
      if (dir > 0) t.stepForward();
    }
    return null;
  }

  /**
   * Continue forward (dir 1) or backward (dir -1) to the nearest stop; leaves the target there.
   * `interrupted` is polled between windows.
   */
  async continue(dir: 1 | -1, stops: StopSet, interrupted: () => boolean): Promise<StopReason> {
    const t = this.t;
    const here = t.position();
    const fault = this.faultStop(here, dir);
    t.goto(here);
    const bps = [...stops.breakpoints];
    // Read watches single-step everything: keep windows short so Ctrl-C is seen promptly.
    const stepping = stops.watches.some((w) => w.kind !== 'write');
    const maxWindow = stepping ? STEP_WINDOW : MAX_WINDOW;
    let window = stepping ? STEP_WINDOW : FIRST_WINDOW;
    let edge = here.instret; // searched up to here (exclusive of the unsearched side)
    for (;;) {
      const from = dir > 0 ? edge : Math.max(0, edge - window);
      const to = dir > 0 ? Math.min(this.endInstret, edge + window) : edge;
      const bp = this.breakpointIn(from, to, here, dir, bps, stops.pd ?? null);
      // Watchpoints only need searching between here and the breakpoint found.
      const wFrom = dir > 0 ? from : bp !== null ? bp.pos.instret : from;
      const wTo = dir > 0 ? (bp !== null ? bp.pos.instret + 1 : to + 1) : to + 1;
      let hit = this.nearest(dir, bp, this.watchIn(wFrom, wTo, here, dir, stops.watches));
      if (fault !== null && (dir > 0 ? fault.pos.instret <= to : fault.pos.instret >= from)) hit = this.nearest(dir, hit, fault);
      if (hit !== null) {
        t.goto(hit.pos);
        // gdb's RISC-V watchpoints are non-steppable: it expects to stop before the access and steps
        // over it itself, in the direction of travel. So going back, stop just after the access.
        const r = hit.reason;
        if (r.kind === 'watch' && dir < 0 && !r.byKernel) t.stepForward();
        if (r.kind === 'watch' && dir > 0 && r.byKernel) t.stepBackward();
        return r;
      }
      if (dir > 0 && to >= this.endInstret) return await this.runToEnd(interrupted);
      if (dir < 0 && from === 0) { t.seekCycle(0); return { kind: 'begin' }; }
      edge = dir > 0 ? to : from;
      window = Math.min(window * 2, maxWindow);
      await this.yieldNow();
      if (interrupted()) {
        t.seekInstret(edge);
        return { kind: 'interrupt' };
      }
    }
  }
}
