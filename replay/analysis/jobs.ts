/**
 * Jobs of every real-time thread, derived from a recording (pure; see README "Deadline analysis"):
 * - job marks: a thread that calls `seltrace_job_begin()` / `seltrace_job_end()` (sdk/include/
 *   seltrace.h) has exactly those jobs;
 * - periodic: a thread whose SC has budget < period. A job is released by the replenishment
 *   that makes it runnable after its previous job completed (the first job: when it first
 *   becomes runnable) and completes at `seL4_Yield` — or, if the thread never yields, when it
 *   goes back to waiting in its event loop (a yielding thread's last job: at the wait it never
 *   leaves). Only the thread's own SC counts (not one donated to it by a caller);
 * - event-driven: any other thread woken by a notification or an IRQ while waiting: released by
 *   that delivery, complete when back to waiting.
 * A thread that goes back to its receive (seL4_Recv / ReplyRecv / Wait / NBSendRecv /
 * NBSendWait) with a signal already pending does not block: that receive completes the job, and
 * the pending signal — which arrived while the previous job ran — releases the next one at the
 * signal's cycle (periodic threads without a pending signal: at the receive). So an overloaded
 * handler shows each late job, queued behind the one before (Job.backlogUntil), instead of one
 * long job.
 */
import type { SyscallEvent } from '../../emulator/observer.js';
import { isRunnable, isWaiting, type TraceModel } from './trace-model.js';
import { notificationOwnerFact, RECEIVE_SYSCALLS } from '../../tracer/notifications.js';

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
  /** Released while the thread still ran its previous job: that job's finish (the backlog's end). */
  backlogUntil?: number;
  /**
   * Signals sent after the one that released this job while it was still pending: a notification
   * word merges them, so each is a release the thread never saw.
   */
  folded?: number;
}

/** Who woke a thread: a thread (signal / IPC) or an IRQ, at a cycle. */
export interface Wake { cycle: number; by: number | null; irq: number | null; via: 'signal' | 'ipc' | 'irq'; event: number; }

interface Point {
  cycle: number; event: number; what: 'state' | 'yield' | 'begin' | 'end' | 'recv'; state?: string;
  /** A Yield or receive the kernel did not perform (budget exhausted at entry): the thread re-runs it after its refill. */
  restarts?: boolean;
  /** That re-run of a receive: the job ended at the first attempt, so it is no job boundary of its own. */
  rerun?: boolean;
}

/** A signal that found its thread busy (not waiting): it is taken by the thread's next receive. */
interface Pending { cycle: number; event: number; irq: boolean; badge: bigint; }

/**
 * Per thread: signals delivered while it was not waiting on them. A notification belongs to the
 * thread it wakes or that blocks on it (Microkit: one PD per notification, bound or not).
 */
function pendingSignals(m: TraceModel): Map<number, Pending[]> {
  const owner = new Map<number, number>();
  for (const r of m.events) {
    // All of the trace first: signals that all came before the PD ever waited (it was kept off
    // the CPU) still belong to it (the loader names each PD's notification's owner).
    const f = notificationOwnerFact(r.event);
    if (f !== null) owner.set(f[0], f[1]);
  }
  const out = new Map<number, Pending[]>();
  for (const r of m.events) {
    const e = r.event;
    if (e.kind !== 'signal' || e.woke !== null) continue;
    const t = owner.get(e.notification);
    if (t === undefined) continue;
    let l = out.get(t);
    if (l === undefined) { l = []; out.set(t, l); }
    l.push({ cycle: r.cycle, event: r.id, irq: e.sender === null, badge: BigInt(e.badge) });
  }
  return out;
}

/**
 * Receives that did not block (no waiting state reported for the thread in the same kernel
 * entry, before or after the syscall event): they took a pending signal or message at once.
 */
function keepQuickReceives(pts: Point[]): Point[] {
  const waitingAt = new Set<number>();
  for (const p of pts) if (p.what === 'state' && isWaiting(p.state as never)) waitingAt.add(p.cycle);
  return pts.filter((p) => p.what !== 'recv' || !waitingAt.has(p.cycle));
}

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
  // An SC's own thread is the one it was made for (the loader names it the SC object's owner): a
  // passive server charged on a client's donated SC is not made periodic by it.
  const home = new Map<number, number>();
  for (const r of m.events) {
    const e = r.event;
    if (e.kind === 'object' && e.type === 'SchedContext' && e.owner !== null) home.set(e.id, e.owner);
  }
  for (const r of m.events) {
    const e = r.event;
    if (e.kind !== 'budget' || e.thread === null || typeof e.period !== 'number') continue;
    const h = home.get(e.sc);
    if (h !== undefined && h !== e.thread) continue;
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
      if (s.name === 'Yield') {
        yields.add(s.thread);
        add(s.thread, { cycle: r.cycle, event: r.id, what: 'yield', ...(s.result === 'budget-exhausted' ? { restarts: true } : {}) });
      }
      else if (RECEIVE_SYSCALLS.has(s.name)) add(s.thread, { cycle: r.cycle, event: r.id, what: 'recv', ...(s.result === 'budget-exhausted' ? { restarts: true } : {}) });
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
  const pendingBy = pendingSignals(m);
  const jobs: Job[] = [];
  const threadIds = [...points.keys()].sort((a, b) => a - b);
  for (const t of threadIds) {
    const raw = points.get(t) as Point[];
    // seL4 checkBudgetRestart: a receive entered with the budget exhausted is re-run after the
    // refill. The job ended at the first attempt (the thread was back at its receive); the re-run
    // takes what was pending then and is no boundary of its own (it made a job of the throttled
    // wait alone, and the next job "at once").
    for (let i = 0, after = false; i < raw.length; i++) {
      if (raw[i].what !== 'recv') continue;
      if (after) raw[i].rerun = true;
      after = raw[i].restarts === true;
    }
    const pts = keepQuickReceives(raw).filter((p) => p.rerun !== true);
    const pend = pendingBy.get(t) ?? [];
    let pi = 0;
    /**
     * The first signal still pending at cycle c, and how many later ones were folded into it: the
     * notification word ORs badges, so a signal whose badge bits were all pending already is lost
     * (one on another channel's bit is not: the event loop calls notified() for each bit). All
     * of them are taken.
     */
    const takePending = (c: number): (Pending & { folded: number }) | null => {
      const from = pi;
      let word = 0n, folded = 0;
      for (; pi < pend.length && pend[pi].cycle <= c; pi++) {
        if (pi > from && (pend[pi].badge & ~word) === 0n) folded++;
        word |= pend[pi].badge;
      }
      return pi === from ? null : { ...pend[from], folded };
    };
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
      let lastRunnable = -1;
      for (let i = 0; i < pts.length; i++) if (pts[i].what === 'state' && isRunnable(pts[i].state as never)) lastRunnable = i;
      let open: Job | null = null;
      let waitingRelease = true;
      let sawOff = true; // not runnable since the last completion (throttled / blocked)
      // seL4 checkBudgetRestart: a Yield entered with the budget exhausted ended the job but is
      // re-run after the refill (and then sleeps a period): that re-run is no job of its own.
      let restartedYield = false;
      // The thread's state as the entry of point i leaves it (that entry's state reports may precede
      // the syscall event).
      const stateAfter = (i: number): Point | undefined => {
        for (let q = i - 1; q >= 0 && pts[q].cycle === pts[i].cycle; q--) if (pts[q].what === 'state') return pts[q];
        return pts.slice(i + 1).find((q) => q.what === 'state');
      };
      for (let i = 0; i < pts.length; i++) {
        const p = pts[i];
        if (open === null && restartedYield) {
          if (p.what !== 'yield') continue;
          restartedYield = p.restarts === true;
          if (restartedYield) continue;
          // The re-run Yield: as a completing Yield, the next job starts at the next release (or
          // at once if the thread stays runnable).
          waitingRelease = true;
          const after = stateAfter(i);
          sawOff = after !== undefined && !isRunnable(after.state as never);
          if (after !== undefined && isRunnable(after.state as never)) { open = push('periodic', p.cycle, p.event); waitingRelease = false; }
          continue;
        }
        if (open === null) {
          if (p.what === 'recv') takePending(p.cycle);
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
        if (p.what === 'state' && isWaiting(p.state as never)) takePending(p.cycle);
        if (!byYield && p.what === 'recv') {
          // Back to the receive with a signal (or message) already there: done, and the next job
          // was released by that signal (else: at once, as after a Yield that stays runnable).
          const prev = open;
          prev.finish = p.cycle; prev.finishEvent = p.event;
          const sig = takePending(p.cycle);
          if (sig === null && p.restarts === true) {
            // Throttled at its receive with nothing pending: the next job is released by what
            // wakes it after the re-run (which waits).
            open = null; waitingRelease = true; sawOff = true;
            continue;
          }
          open = push('periodic', sig?.cycle ?? p.cycle, sig?.event ?? p.event);
          if (sig !== null && sig.folded > 0) open.folded = sig.folded;
          continue;
        }
        // A thread that yields between jobs may wait inside a job (for a server's answer); one that
        // goes to wait and never runs again in the recording has finished its last job there.
        const waits = p.what === 'state' && isWaiting(p.state as never);
        const done = byYield ? p.what === 'yield' || (waits && i > lastRunnable) : waits;
        if (!done) continue;
        open.finish = p.cycle; open.finishEvent = p.event; open = null;
        waitingRelease = true;
        if (p.what === 'yield' && p.restarts === true) { restartedYield = true; continue; }
        // The thread's state as the completing entry leaves it (state reports of that entry may
        // precede the syscall event): off the CPU (throttled / waiting) → the next job starts at
        // the release that makes it runnable again; still runnable (seL4_Yield with another
        // refill already due) → the next job starts at once.
        if (p.what === 'state') { sawOff = true; continue; } // back to waiting: off the CPU
        const after = stateAfter(i);
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
        if (p.what === 'recv') {
          const sig = takePending(p.cycle);
          const prev = open;
          if (prev !== null) { prev.finish = p.cycle; prev.finishEvent = p.event; open = null; }
          if (sig !== null) {
            open = push(sig.irq ? 'irq' : 'notification', sig.cycle, sig.event);
            if (sig.folded > 0) open.folded = sig.folded;
          }
          continue;
        }
        if (p.what !== 'state') continue;
        const st = p.state as string;
        if (isWaiting(st as never)) takePending(p.cycle);
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
  return markBacklogs(jobs);
}

/** Set backlogUntil on every job released before its thread's previous job finished (jobs of a thread in seq order). */
export function markBacklogs(jobs: Job[]): Job[] {
  const last = new Map<number, Job>();
  for (const j of [...jobs].sort((a, b) => a.thread - b.thread || a.seq - b.seq)) {
    const prev = last.get(j.thread);
    if (prev !== undefined && prev.finish !== null && j.release < prev.finish) j.backlogUntil = prev.finish;
    last.set(j.thread, j);
  }
  return jobs;
}
