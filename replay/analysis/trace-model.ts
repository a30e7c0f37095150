/**
 * What the deadline analysis needs from a system recording, rebuilt in one pass over its events:
 * who held the CPU when (user code, a kernel entry with its modelled cost, or idle), every thread's
 * state over time, and thread names and priorities. Pure: events in, model out.
 */
import type { ThreadStateName } from '../../emulator/observer.js';
import type { EventRow } from '../event-queries.js';

/** The kinds the analysis reads (event-queries filter). */
export const MODEL_KINDS = ['object', 'schedule', 'thread_state', 'kernel', 'budget', 'signal', 'irq', 'ipc', 'syscall', 'exit', 'fault'] as const;

export interface ThreadInfo { id: number; name: string; priority: number; }

/** A stretch of CPU time: user code of `thread`, a kernel entry (from `thread`), or idle. */
export interface CpuSegment {
  start: number; end: number;
  what: 'user' | 'kernel' | 'idle';
  thread: number | null;
  /** Kernel entries: the entry kind (syscall, fastpathIpc, interrupt, timer, ...). */
  entry: string | null;
  /** Event where it starts (the kernel entry, or the entry that switched to this thread). */
  event: number;
}

export interface StateChange { cycle: number; state: ThreadStateName; object: number | null; event: number; }

export interface TraceModel {
  threads: Map<number, ThreadInfo>;
  /** CPU segments in time order, contiguous from the first schedule to `end`. */
  cpu: CpuSegment[];
  /** Per thread, its reported states in time order. */
  states: Map<number, StateChange[]>;
  /** All events read, by position (ids are not necessarily dense). */
  events: EventRow[];
  end: number;
  /** Per thread, its budget exhaustions in time order, with the SC that ran out (maybe a donated one). */
  exhausted: Map<number, { cycle: number; sc: number }[]>;
  /** SC → the thread it was made for (its object's owner), when the recording says. */
  scHome: Map<number, number>;
  /**
   * Who a wait that never ends within the recording is waiting for: per caller, the receivers
   * of its calls (blocked-reply: the server holding its reply); per endpoint, the threads that
   * received on it (blocked-send: the server that will take the message). In time order.
   */
  callees: Map<number, { cycle: number; thread: number }[]>;
  receivers: Map<number, { cycle: number; thread: number }[]>;
  /** Per thread, the faults it took, in time order. */
  faults: Map<number, { cycle: number; type: string; pc: number }[]>;
}

/** Build the model from events in stream order. */
export function buildModel(events: EventRow[]): TraceModel {
  const threads = new Map<number, ThreadInfo>();
  const states = new Map<number, StateChange[]>();
  const cpu: CpuSegment[] = [];
  const exhausted = new Map<number, { cycle: number; sc: number }[]>();
  const scHome = new Map<number, number>();
  const callees = new Map<number, { cycle: number; thread: number }[]>();
  const receivers = new Map<number, { cycle: number; thread: number }[]>();
  const faults = new Map<number, { cycle: number; type: string; pc: number }[]>();
  const push = (m: Map<number, { cycle: number; thread: number }[]>, k: number, v: { cycle: number; thread: number }): void => {
    let l = m.get(k);
    if (l === undefined) { l = []; m.set(k, l); }
    l.push(v);
  };
  let cur: number | null = null, pending: number | null = null, pendingSet = false;
  let segStart = -1, segEvent = -1, end = 0;
  const userUntil = (c: number): void => {
    if (segStart >= 0 && c > segStart) cpu.push({ start: segStart, end: c, what: cur === null ? 'idle' : 'user', thread: cur, entry: null, event: segEvent });
  };
  for (const r of events) {
    const e = r.event;
    if (r.cycle > end) end = r.cycle;
    switch (e.kind) {
      case 'object':
        if (e.type.toLowerCase() === 'tcb') threads.set(e.id, { id: e.id, name: e.name, priority: 0 });
        else if (e.type === 'SchedContext' && e.owner !== null) scHome.set(e.id, e.owner);
        break;
      case 'budget':
        if (e.change === 'exhausted' && e.thread !== null) {
          let l = exhausted.get(e.thread);
          if (l === undefined) { l = []; exhausted.set(e.thread, l); }
          l.push({ cycle: r.cycle, sc: e.sc });
        }
        break;
      case 'thread_state': {
        let l = states.get(e.thread);
        if (l === undefined) { l = []; states.set(e.thread, l); }
        l.push({ cycle: r.cycle, state: e.state, object: e.object, event: r.id });
        const t = threads.get(e.thread);
        if (t !== undefined && typeof e.priority === 'number') t.priority = e.priority;
        break;
      }
      case 'ipc':
        // receiver 0 is the Microkit monitor (no thread of the recording).
        if (e.receiver === 0 || e.transfer === 'reply') break;
        if (e.transfer === 'call') push(callees, e.sender, { cycle: r.cycle, thread: e.receiver });
        if (e.endpoint !== null) push(receivers, e.endpoint, { cycle: r.cycle, thread: e.receiver });
        break;
      case 'fault': {
        let l = faults.get(e.thread);
        if (l === undefined) { l = []; faults.set(e.thread, l); }
        l.push({ cycle: r.cycle, type: e.type, pc: e.pc });
        break;
      }
      case 'schedule':
        if (segStart < 0) { cur = e.to; segStart = r.cycle; segEvent = r.id; break; } // boot: no entry cost
        pending = e.to; pendingSet = true;
        break;
      case 'kernel': {
        if (segStart < 0) { segStart = r.cycle; segEvent = r.id; }
        userUntil(r.cycle);
        cpu.push({ start: r.cycle, end: r.cycle + e.cost, what: 'kernel', thread: e.thread, entry: e.entry, event: r.id });
        if (pendingSet) { cur = pending; pendingSet = false; }
        segStart = r.cycle + e.cost; segEvent = r.id;
        if (segStart > end) end = segStart;
        break;
      }
      default: break;
    }
  }
  userUntil(end);
  // Threads named only through states (no object event) still get an entry.
  for (const id of states.keys()) if (!threads.has(id)) threads.set(id, { id, name: `T${id}`, priority: 0 });
  return { threads, cpu, states, events, end, exhausted, scHome, callees, receivers, faults };
}

/** Index of the last element with key ≤ x (binary search), -1 if none. */
export function lastAtOrBefore<T>(a: readonly T[], x: number, key: (v: T) => number): number {
  let lo = 0, hi = a.length - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(a[mid]) <= x) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}

/** A thread's state at cycle c (after every event at c). */
export function stateAt(m: TraceModel, thread: number, c: number): StateChange | null {
  const l = m.states.get(thread);
  if (l === undefined) return null;
  const i = lastAtOrBefore(l, c, (s) => s.cycle);
  return i < 0 ? null : l[i];
}

/** The CPU segment covering cycle c. */
export function cpuAt(m: TraceModel, c: number): CpuSegment | null {
  const i = lastAtOrBefore(m.cpu, c, (s) => s.start);
  if (i < 0) return null;
  const s = m.cpu[i];
  return c < s.end ? s : null;
}

export const isBlocked = (s: ThreadStateName): boolean =>
  s === 'blocked-recv' || s === 'blocked-notification' || s === 'blocked-reply' || s === 'blocked-send' || s === 'inactive';
export const isWaiting = (s: ThreadStateName): boolean => s === 'blocked-recv' || s === 'blocked-notification';
export const isRunnable = (s: ThreadStateName): boolean => s === 'ready' || s === 'running';
