/**
 * Why a job took as long as it did: its window [release, finish) split into exclusive causes
 * that add up exactly to the response time. Every instant of the window is classified by the
 * job thread's own state and who held the CPU:
 *   running    – the job's thread executing user code;
 *   kernel     – a modelled kernel entry while the job's thread was runnable (its own syscalls,
 *                the timer, another thread's entry that delayed it);
 *   interrupt  – a device-interrupt entry while the job's thread was runnable;
 *   preempted  – runnable, another thread's user code on the CPU;
 *   throttled  – its budget ran out, waiting for a refill;
 *   blocked    – waiting on an endpoint / notification / reply: the chain is followed through
 *                the thread that ended the wait (signal, IPC, reply) to what that thread was
 *                doing (running, preempted by whom, throttled, blocked on whom, ...);
 *   inversion  – blocked, and the chain reaches a lower-priority thread that is ready but kept
 *                off the CPU by a thread whose priority lies between the two;
 *   backlog    – released (a signal arrived) while the thread was still on its previous job:
 *                queued behind that job until it finished (Job.backlogUntil).
 */
import { cpuAt, isBlocked, lastAtOrBefore, stateAt, type TraceModel } from './trace-model.js';
import type { Job, Wake } from './jobs.js';

export type CauseKind = 'running' | 'preempted' | 'blocked' | 'throttled' | 'interrupt' | 'kernel' | 'inversion' | 'backlog';
export const CAUSE_KINDS: readonly CauseKind[] = ['running', 'preempted', 'blocked', 'throttled', 'interrupt', 'kernel', 'inversion', 'backlog'];

/** One link of a blocking chain: `thread` (priority) was `state`, waiting for / held by `by`. */
export interface ChainLink {
  thread: string; priority: number; state: string; waitsFor?: string; irq?: number; by?: string; byPriority?: number; entry?: string;
  /** throttled on another thread's SC (a passive server on a caller's donated budget): that thread. */
  budgetOf?: string;
  /** inactive since a fault it took (never handled: it stays stopped): the fault, e.g. "VMFault at 0x200034". */
  fault?: string;
}

export interface Cause {
  kind: CauseKind;
  cycles: number;
  /** The job's thread. */
  thread: string;
  priority: number;
  /** preempted / inversion / kernel: the thread holding the CPU (kernel: whose entry it was). */
  by: string | null;
  byPriority: number | null;
  /** blocked / inversion: the thread the job waits for directly, and at the end of the chain. */
  waitsFor: string | null;
  /** inversion: the low-priority thread kept off the CPU. */
  heldOff: string | null;
  /** kernel / interrupt: the entry kind. */
  entry: string | null;
  /** blocked / inversion: the chain as it was when this part started. */
  chain: ChainLink[];
  /** First cycle of this part, and the event there (`seltrace replay --at event N`). */
  start: number;
  event: number;
}

export interface Context { model: TraceModel; wakes: Map<number, Wake[]>; }

const name = (m: TraceModel, id: number | null): string => (id === null ? 'idle' : m.threads.get(id)?.name ?? `T${id}`);
const prio = (m: TraceModel, id: number | null): number => (id === null ? -1 : m.threads.get(id)?.priority ?? 0);

/** The wake that ended `thread`'s wait which was in progress at cycle c. */
function wakeFor(ctx: Context, thread: number, c: number): Wake | null {
  const st = stateAt(ctx.model, thread, c);
  if (st === null) return null;
  const l = ctx.wakes.get(thread);
  if (l === undefined) return null;
  // The first wake at or after c (the wait may have begun before a previous wake in the same cycle).
  let lo = 0, hi = l.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (l[mid].cycle < Math.max(c, st.cycle)) lo = mid + 1; else hi = mid; }
  return lo < l.length ? l[lo] : null;
}

/** The thread whose SC `thread` exhausted last at or before c, when that SC is not its own. */
function donorOf(m: TraceModel, thread: number, c: number): number | null {
  const l = m.exhausted.get(thread);
  if (l === undefined) return null;
  const i = lastAtOrBefore(l, c, (x) => x.cycle);
  if (i < 0) return null;
  const home = m.scHome.get(l[i].sc);
  return home !== undefined && home !== thread ? home : null;
}

/**
 * For a wait no event ends within the recording: the thread it waits for, from what the
 * recording says so far — a caller blocked on its reply waits for the server its call went to;
 * a sender blocked on an endpoint waits for the thread that receives there (a Microkit server).
 */
function holderOf(m: TraceModel, thread: number, c: number): number | null {
  const st = stateAt(m, thread, c);
  if (st === null) return null;
  const last = (l: { cycle: number; thread: number }[] | undefined): number | null => {
    if (l === undefined) return null;
    const i = lastAtOrBefore(l, c, (x) => x.cycle);
    return i < 0 ? null : l[i].thread;
  };
  if (st.state === 'blocked-reply') return last(m.callees.get(thread));
  if (st.state === 'blocked-send' && st.object !== null) return last(m.receivers.get(st.object));
  return null;
}

/** The fault that left `thread` inactive at c (it stays stopped: Microkit's monitor never replies), else null. */
function faultedAt(m: TraceModel, thread: number, c: number): string | null {
  const fl = m.faults.get(thread);
  if (fl === undefined) return null;
  const i = lastAtOrBefore(fl, c, (f) => f.cycle);
  const since = stateAt(m, thread, c)?.cycle ?? -1;
  return i >= 0 && since >= fl[i].cycle ? `${fl[i].type} at 0x${fl[i].pc.toString(16)}` : null;
}

interface Piece { kind: CauseKind; by: number | null; waitsFor: number | null; heldOff: number | null; entry: string | null; chain: ChainLink[]; }

function classify(ctx: Context, job: Job, c: number): Piece {
  const m = ctx.model;
  const j = job.thread;
  const st = stateAt(m, j, c);
  const seg = cpuAt(m, c);
  const state = st?.state ?? 'inactive';
  const none = { by: null, waitsFor: null, heldOff: null, entry: null, chain: [] };
  if (job.backlogUntil !== undefined && c < job.backlogUntil) return { kind: 'backlog', ...none };
  if (state === 'throttled') return { kind: 'throttled', ...none };
  // The job's own kernel entry (the Call that just blocked it): its own kernel time, not a wait.
  if (isBlocked(state) && seg !== null && seg.what === 'kernel' && seg.thread === j && seg.entry !== 'timer' && seg.entry !== 'interrupt') {
    return { ...none, kind: 'kernel', by: j, entry: seg.entry };
  }
  if (!isBlocked(state)) {
    if (seg === null) return { kind: 'kernel', ...none };
    if (seg.what === 'kernel') return { ...none, kind: seg.entry === 'interrupt' ? 'interrupt' : 'kernel', by: seg.thread, entry: seg.entry };
    if (seg.what === 'user' && seg.thread === j) return { kind: 'running', ...none };
    if (seg.what === 'user') return { ...none, kind: 'preempted', by: seg.thread };
    return { kind: 'kernel', ...none };
  }
  // Blocked: follow the chain.
  const chain: ChainLink[] = [];
  const jp = prio(m, j);
  let t = j, tState: string = state;
  let first: number | null = null;
  for (let depth = 0; depth < 16; depth++) {
    const w = wakeFor(ctx, t, c);
    const link: ChainLink = { thread: name(m, t), priority: prio(m, t), state: tState };
    chain.push(link);
    if (w !== null && w.irq !== null) { link.irq = w.irq; break; }
    const x = w !== null ? w.by : holderOf(m, t, c);
    if (x === null || x === t) break;
    link.waitsFor = name(m, x);
    if (first === null) first = x;
    const xs = stateAt(m, x, c)?.state ?? 'inactive';
    const fault = xs === 'inactive' ? faultedAt(m, x, c) : null;
    if (fault !== null) { chain.push({ thread: name(m, x), priority: prio(m, x), state: xs, fault }); break; }
    if (isBlocked(xs)) { t = x; tState = xs; continue; }
    const xl: ChainLink = { thread: name(m, x), priority: prio(m, x), state: xs };
    chain.push(xl);
    if (xs === 'throttled') {
      const home = donorOf(m, x, c);
      if (home !== null) xl.budgetOf = name(m, home);
      break;
    }
    if (seg === null) break;
    // Who holds the CPU: user code, or a syscall/fault entry taken from a thread (its own work);
    // timer and device-interrupt entries are the kernel's.
    const holder = seg.what === 'user' || (seg.what === 'kernel' && seg.entry !== 'timer' && seg.entry !== 'interrupt') ? seg.thread : null;
    if (holder === x) {
      xl.state = 'running';
    } else if (holder !== null) {
      xl.state = 'ready';
      xl.by = name(m, holder); xl.byPriority = prio(m, holder);
      const yp = prio(m, holder), xp = prio(m, x);
      if (xp < yp && yp < jp) return { kind: 'inversion', by: holder, waitsFor: first, heldOff: x, entry: null, chain };
    } else if (seg.what === 'kernel') {
      xl.state = 'ready';
      xl.entry = seg.entry ?? undefined;
    }
    break;
  }
  return { kind: 'blocked', by: null, waitsFor: first, heldOff: null, entry: null, chain };
}

/**
 * The event where a part starts, for `seltrace replay --at event N`: the first event at its
 * start cycle, else the last one before it (a part may start when a kernel entry's modelled cost
 * ends, where no event is recorded: that entry is the event).
 */
function eventAt(m: TraceModel, c: number): number {
  const i = lastAtOrBefore(m.events, c - 1, (r) => r.cycle) + 1;
  if (i < m.events.length && m.events[i].cycle === c) return m.events[i].id;
  return i > 0 ? m.events[i - 1].id : m.events.length > 0 ? m.events[0].id : 0;
}

/** Causes of a job's window [release, end), in order of first appearance. */
export function explainJob(ctx: Context, job: Job, end: number): Cause[] {
  const m = ctx.model;
  // Every instant where something relevant can change: CPU segments and state changes.
  const cuts = new Set<number>([job.release, end]);
  if (job.backlogUntil !== undefined && job.backlogUntil > job.release && job.backlogUntil < end) cuts.add(job.backlogUntil);
  const si = lastAtOrBefore(m.cpu, job.release, (s) => s.start);
  for (let i = Math.max(0, si); i < m.cpu.length && m.cpu[i].start < end; i++) {
    const s = m.cpu[i];
    if (s.start > job.release) cuts.add(s.start);
    if (s.end > job.release && s.end < end) cuts.add(s.end);
  }
  for (const l of m.states.values()) {
    for (let i = Math.max(0, lastAtOrBefore(l, job.release, (s) => s.cycle)); i < l.length && l[i].cycle < end; i++) {
      if (l[i].cycle > job.release) cuts.add(l[i].cycle);
    }
  }
  const times = [...cuts].sort((a, b) => a - b);
  const byKey = new Map<string, Cause>();
  const out: Cause[] = [];
  const jn = name(m, job.thread), jp = prio(m, job.thread);
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i], b = times[i + 1];
    const p = classify(ctx, job, a);
    const chainKey = p.chain.map((l) => `${l.thread}:${l.state}:${l.by ?? ''}:${l.irq ?? ''}:${l.entry ?? ''}:${l.budgetOf ?? ''}:${l.fault ?? ''}`).join('>');
    const key = `${p.kind}|${p.by}|${p.waitsFor}|${p.heldOff}|${p.entry}|${p.kind === 'blocked' ? chainKey : ''}`;
    let cause = byKey.get(key);
    if (cause === undefined) {
      cause = {
        kind: p.kind, cycles: 0, thread: jn, priority: jp,
        by: p.by === null ? null : name(m, p.by), byPriority: p.by === null ? null : prio(m, p.by),
        waitsFor: p.waitsFor === null ? null : name(m, p.waitsFor), heldOff: p.heldOff === null ? null : name(m, p.heldOff),
        entry: p.entry, chain: p.chain, start: a, event: eventAt(m, a),
      };
      byKey.set(key, cause);
      out.push(cause);
    }
    cause.cycles += b - a;
  }
  return out;
}
