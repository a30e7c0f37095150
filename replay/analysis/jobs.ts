/**
 * Jobs of every real-time thread, derived from a recording (pure; see README "Deadline analysis"):
 * - job marks: a thread that calls `seltrace_job_begin()` / `seltrace_job_end()` (sdk/include/
 *   seltrace.h) has exactly those jobs;
 * - periodic: a thread whose SC has budget < period. A job is released by the replenishment
 *   that makes it runnable after its previous job completed (the first job: when it first
 *   becomes runnable) and completes at `seL4_Yield` — or, if the thread never yields, when it
 *   goes back to waiting in its event loop;
 * - event-driven: any other thread woken by a notification or an IRQ while waiting: released by
 *   that delivery, complete when back to waiting.
 */
import type { SyscallEvent } from '../../emulator/observer.js';
import { isRunnable, isWaiting, type TraceModel } from './trace-model.js';

/** cptr values of the job-mark calls (seL4_DebugCapIdentify on a cap no CSpace holds). */
export const JOB_MARK_BEGIN = (0x5e17ace000000001n).toString();
export const JOB_MARK_END = (0x5e17ace000000002n).toString();

export type JobKind = 'periodic' | 'notification' | 'irq' | 'mark';

export interface Job {
  thread: number;
  /** 1-based number of the job within its thread. */
  seq: number;
  kind: JobKind;
  release: number;
  releaseEvent: number;
  /** null: not finished when the recording ends. */
  finish: number | null;
  finishEvent: number | null;
  /** The SC period in cycles at release (periodic threads), else null. */
  period: number | null;
}

/** Who woke a thread: a thread (signal / IPC) or an IRQ, at a cycle. */
export interface Wake { cycle: number; by: number | null; irq: number | null; via: 'signal' | 'ipc' | 'irq'; event: number; }

interface Point { cycle: number; event: number; what: 'state' | 'yield' | 'begin' | 'end'; state?: string; }

/** Per thread: wake-ups in time order (for release kinds and blocking chains). */
export function collectWakes(m: TraceModel): Map<number, Wake[]> {
  const wakes = new Map<number, Wake[]>();
  const add = (t: number, w: Wake): void => { let l = wakes.get(t); if (l === undefined) { l = []; wakes.set(t, l); } l.push(w); };
  for (const r of m.events) {
    const e = r.event;
    // A signal without a sender is an IRQ's: its 'deliver' event (same entry) records it as one.
    if (e.kind === 'signal' && e.woke !== null && e.sender !== null) add(e.woke, { cycle: r.cycle, by: e.sender, irq: null, via: 'signal', event: r.id });
    else if (e.kind === 'irq' && e.phase === 'deliver' && e.thread !== null) add(e.thread, { cycle: r.cycle, by: null, irq: e.irq, via: 'irq', event: r.id });
    else if (e.kind === 'ipc' && e.receiver !== 0) {
      add(e.receiver, { cycle: r.cycle, by: e.sender, irq: null, via: 'ipc', event: r.id });
      // A blocked sender is released by its receiver.
      add(e.sender, { cycle: r.cycle, by: e.receiver, irq: null, via: 'ipc', event: r.id });
    }
  }
  return wakes;
}

/** Period (cycles) of each thread's SC as last reported, for threads with budget < period. */
function periods(m: TraceModel): Map<number, { cycle: number; period: number }[]> {
  const out = new Map<number, { cycle: number; period: number }[]>();
  for (const r of m.events) {
    const e = r.event;
    if (e.kind !== 'budget' || e.thread === null || typeof e.period !== 'number') continue;
    const periodic = e.period > 0 && e.budget < e.period;
    let l = out.get(e.thread);
    if (l === undefined) { l = []; out.set(e.thread, l); }
    const p = periodic ? e.period : 0;
    if (l.length === 0 || l[l.length - 1].period !== p) l.push({ cycle: r.cycle, period: p });
  }
  return out;
}

const periodAt = (l: { cycle: number; period: number }[] | undefined, c: number): number => {
  if (l === undefined || l.length === 0) return 0;
  let p = l[0].period;
  for (const x of l) { if (x.cycle <= c) p = x.period; else break; }
  return p;
};

export function deriveJobs(m: TraceModel, wakes: Map<number, Wake[]> = collectWakes(m)): Job[] {
  // Per thread points: state changes, Yield calls, job marks.
  const points = new Map<number, Point[]>();
  const add = (t: number, p: Point): void => { let l = points.get(t); if (l === undefined) { l = []; points.set(t, l); } l.push(p); };
  const yields = new Set<number>(), marks = new Set<number>();
  const replenished = new Map<string, number>();
  for (const r of m.events) {
    const e = r.event;
    if (e.kind === 'thread_state') add(e.thread, { cycle: r.cycle, event: r.id, what: 'state', state: e.state });
    else if (e.kind === 'syscall') {
      const s = e as SyscallEvent & { kind: 'syscall' };
      if (s.name === 'Yield') { yields.add(s.thread); add(s.thread, { cycle: r.cycle, event: r.id, what: 'yield' }); }
      else if (s.name === 'DebugCapIdentify' && (s.cptr === JOB_MARK_BEGIN || s.cptr === JOB_MARK_END)) {
        marks.add(s.thread);
        add(s.thread, { cycle: r.cycle, event: r.id, what: s.cptr === JOB_MARK_BEGIN ? 'begin' : 'end' });
      }
    } else if (e.kind === 'budget' && e.change === 'replenished' && e.thread !== null) {
      const key = `${e.thread}@${r.cycle}`;
      if (!replenished.has(key)) replenished.set(key, r.id);
    }
  }
  const per = periods(m);
  const jobs: Job[] = [];
  const threadIds = [...points.keys()].sort((a, b) => a - b);
  for (const t of threadIds) {
    const pts = points.get(t) as Point[];
    const pl = per.get(t);
    const isPeriodic = pl !== undefined && pl.some((x) => x.period > 0);
    let seq = 0;
    const push = (kind: JobKind, release: number, releaseEvent: number): Job => {
      const p = periodAt(pl, release);
      const j: Job = { thread: t, seq: ++seq, kind, release, releaseEvent, finish: null, finishEvent: null, period: p > 0 ? p : null };
      jobs.push(j);
      return j;
    };
    if (marks.has(t)) {
      let open: Job | null = null;
      for (const p of pts) {
        if (p.what === 'begin') { if (open === null) open = push('mark', p.cycle, p.event); }
        else if (p.what === 'end' && open !== null) { open.finish = p.cycle; open.finishEvent = p.event; open = null; }
      }
    } else if (isPeriodic) {
      const byYield = yields.has(t);
      let open: Job | null = null;
      let waitingRelease = true;
      let sawOff = true; // not runnable since the last completion (throttled / blocked)
      for (let i = 0; i < pts.length; i++) {
        const p = pts[i];
        if (open === null) {
          if (p.what === 'state') {
            if (isRunnable(p.state as never)) {
              if (waitingRelease && sawOff) {
                open = push('periodic', p.cycle, replenished.get(`${t}@${p.cycle}`) ?? p.event);
                waitingRelease = false;
              }
            } else sawOff = true;
          }
          continue;
        }
        const done = byYield ? p.what === 'yield' : p.what === 'state' && isWaiting(p.state as never);
        if (!done) continue;
        open.finish = p.cycle; open.finishEvent = p.event; open = null;
        waitingRelease = true;
        // The thread's state as the completing entry leaves it (state reports of that entry may
        // precede the syscall event): off the CPU (throttled / waiting) → the next job starts at
        // the release that makes it runnable again; still runnable (seL4_Yield with another
        // refill already due) → the next job starts at once.
        if (p.what === 'state') { sawOff = true; continue; } // back to waiting: off the CPU
        let after: Point | undefined;
        for (let q = i - 1; q >= 0 && pts[q].cycle === p.cycle; q--) if (pts[q].what === 'state') { after = pts[q]; break; }
        if (after === undefined) after = pts.slice(i + 1).find((q) => q.what === 'state');
        sawOff = after !== undefined && !isRunnable(after.state as never);
        if (after !== undefined && isRunnable(after.state as never)) {
          open = push('periodic', p.cycle, p.event);
          waitingRelease = false;
        }
      }
    } else {
      const wl = wakes.get(t) ?? [];
      let open: Job | null = null;
      let prev: string | null = null;
      let wi = 0;
      for (const p of pts) {
        if (p.what !== 'state') continue;
        const st = p.state as string;
        if (open === null && prev !== null && isWaiting(prev as never) && isRunnable(st as never)) {
          while (wi < wl.length && wl[wi].cycle < p.cycle) wi++;
          const w = wi < wl.length && wl[wi].cycle === p.cycle ? wl[wi] : null;
          if (w !== null && w.via !== 'ipc') open = push(w.via === 'irq' ? 'irq' : 'notification', p.cycle, w.event);
        } else if (open !== null && isWaiting(st as never)) {
          open.finish = p.cycle; open.finishEvent = p.event; open = null;
        }
        prev = st;
      }
    }
  }
  return jobs;
}
