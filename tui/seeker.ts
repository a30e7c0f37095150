/**
 * Fast moves backwards: dense in-memory snapshots near where the user is, on top of the
 * trace's sparse checkpoints (rr's ReplayTimeline keeps such marks too). A step back then
 * restores a snapshot at most `spacing` instructions earlier and re-executes from it, instead
 * of re-executing from a checkpoint millions of instructions away.
 *
 * Every move ends in exactly the state ReplaySession's own seek / seekInstret / gotoEvent
 * reaches (tests compare state hashes): re-execution from any point on the recorded path
 * reaches the same next instruction boundary. No Ink here; it can move into replay/.
 */
import type { EventRow, ReplaySession } from '../replay/session.js';
import type { MachineSnapshot } from '../emulator/machine.js';
import type { CheckpointRef } from '../replay/timeline.js';

interface Snap { instret: number; cycle: number; m: MachineSnapshot; k: unknown; bytes: number; }
type Base = { kind: 'here'; instret: number; cycle: number } | { kind: 'snap'; s: Snap; instret: number; cycle: number } | { kind: 'ckpt'; c: CheckpointRef; instret: number; cycle: number };

export interface SeekerOptions {
  /** Instructions between snapshots (bounds the re-execution of a step back). */
  spacing?: number;
  /** Memory the snapshots may hold (RAM pages), oldest-farthest evicted first. */
  budgetBytes?: number;
}

export class Seeker {
  private snaps: Snap[] = [];
  private bytes = 0;
  readonly spacing: number;
  private readonly budget: number;
  /** Counters for the report / tests. */
  readonly stats = { restores: 0, snapshots: 0, evictions: 0, lastBase: 'here' as Base['kind'], lastBaseInstret: 0 };

  constructor(private readonly r: ReplaySession, o: SeekerOptions = {}) {
    this.spacing = o.spacing ?? 100_000;
    this.budget = o.budgetBytes ?? 96 * 1024 * 1024;
  }

  get snapshotCount(): number { return this.snaps.length; }

  /** Step `n` instructions (negative = back), like ReplaySession.stepInstruction. */
  step(n: number): void {
    if (n >= 0) this.r.stepInstruction(n);
    else this.seekInstret(Math.max(0, this.r.instret + n));
  }

  /** Like ReplaySession.seekInstret: the first point at which `n` instructions have retired. */
  seekInstret(n: number): void {
    this.moveTo(n, null);
  }

  /** Like ReplaySession.gotoEvent. */
  gotoEvent(e: EventRow): void {
    this.moveTo(e.instret, e.cycle);
  }

  /** Like ReplaySession.seek: the first instruction boundary at or after `cycle`. */
  seekCycle(cycle: number): void {
    const r = this.r, m = r.machine;
    const target = Math.max(0, Math.min(cycle, r.endCycle));
    const base = this.pick((p) => p.cycle <= target, m.exitReason() === null && r.cycle <= target);
    this.restore(base);
    // Walk in slices so the way there leaves snapshots behind.
    while (r.cycle < target) {
      const before = r.cycle;
      m.run(Math.min(target, r.cycle + this.spacing));
      this.maybeSnapshot();
      if (r.cycle === before) break;
    }
  }

  /**
   * Make sure a snapshot sits within `spacing` instructions before the current point (so the
   * next step back is fast); a no-op when one does. Returns whether it did any work.
   */
  warm(): boolean {
    const r = this.r;
    const i = r.instret;
    if (i === 0 || this.snaps.some((s) => s.instret <= i && s.instret >= i - this.spacing)) return false;
    const ck = this.ckptFor(i);
    if (ck.instret > i - this.spacing) return false;
    this.moveTo(i, r.cycle, true);
    return true;
  }

  // ------------------------------------------------------------------ internals
  private moveTo(n: number, thenCycle: number | null, forceRebuild = false): void {
    const r = this.r, m = r.machine;
    // A base must lie on the way to the target: fewer instructions retired, or the same
    // number at a cycle not after the one asked for.
    const ok = (p: { instret: number; cycle: number }): boolean => p.instret < n || (p.instret === n && thenCycle !== null && p.cycle <= thenCycle);
    this.restore(this.pick(ok, !forceRebuild && m.exitReason() === null && ok({ instret: r.instret, cycle: r.cycle })));
    while (r.instret < n && r.cycle < r.endCycle) {
      const sub = Math.min(n, (Math.floor(r.instret / this.spacing) + 1) * this.spacing);
      while (r.instret < sub && r.cycle < r.endCycle) {
        const before = r.cycle;
        m.run(r.cycle + (sub - r.instret));
        if (r.cycle === before) break;
      }
      if (r.instret < sub) break;
      if (r.instret < n) this.maybeSnapshot();
    }
    if (thenCycle !== null && r.cycle < thenCycle) m.run(thenCycle);
  }

  private ckptFor(instret: number): CheckpointRef {
    const cks = this.r.timeline.checkpoints;
    let ck = cks[0];
    for (const c of cks) if (c.instret <= instret) ck = c; else break;
    return ck;
  }

  /** The latest of: here (if allowed), a snapshot, a checkpoint, that `ok` accepts. */
  private pick(ok: (p: { instret: number; cycle: number }) => boolean, hereOk: boolean): Base {
    const r = this.r;
    let best: Base | null = hereOk ? { kind: 'here', instret: r.instret, cycle: r.cycle } : null;
    for (const s of this.snaps) {
      if (ok(s) && (best === null || s.instret > best.instret || (s.instret === best.instret && s.cycle > best.cycle))) best = { kind: 'snap', s, instret: s.instret, cycle: s.cycle };
    }
    // Checkpoints, newest acceptable one (the first is at cycle 0 and always acceptable).
    const cks = r.timeline.checkpoints;
    let ck = cks[0];
    for (const c of cks) if (ok(c)) ck = c; else break;
    if (best === null || ck.instret > best.instret) best = { kind: 'ckpt', c: ck, instret: ck.instret, cycle: ck.cycle };
    return best;
  }

  private restore(b: Base): void {
    const r = this.r;
    this.stats.lastBase = b.kind;
    this.stats.lastBaseInstret = b.instret;
    if (b.kind === 'here') return;
    this.stats.restores++;
    if (b.kind === 'ckpt') { r.timeline.restore(b.c, r.machine, r.kernel); return; }
    r.machine.restore(b.s.m);
    if (r.kernel !== null && b.s.k !== null) r.kernel.restore(b.s.k);
  }

  private maybeSnapshot(): void {
    const r = this.r, m = r.machine;
    if (m.exitReason() !== null) return;
    const i = r.instret;
    const half = this.spacing / 2;
    if (this.snaps.some((s) => Math.abs(s.instret - i) < half)) return;
    const ck = this.ckptFor(i);
    if (i - ck.instret < half) return;
    const ms = m.snapshot('full');
    const snap: Snap = { instret: i, cycle: r.cycle, m: ms, k: r.kernel?.snapshot() ?? null, bytes: ms.pageData.length + 4096 };
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
