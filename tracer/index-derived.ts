/**
 * Derived tables of the index (intervals and pairs a person asks about), built in the same pass
 * as `events`: thread_states, syscalls, ipc, irqs, budget.
 *
 * Hook: a table producer is a DerivedTables factory; the index builder creates one per index,
 * feeds it every event in stream order and calls finish() at the end. Register new producers
 * in INDEX_TABLE_PRODUCERS (tracer/index-db.ts).
 */
import type Database from 'better-sqlite3';
import type { TraceEvent } from './schema.js';
import { notificationOwnerFact, RECEIVE_SYSCALLS } from './notifications.js';
import type { TableDecl } from './index-schema.js';

export interface IndexEnd {
  /** Last cycle of the recording (end chunk, or last event of a truncated trace). */
  cycle: number;
}

/** Inserts one row (values in the table's column declaration order). */
export type RowSink = (values: unknown[]) => void;

export interface DerivedTables {
  /** Tables it fills (created before the first event). */
  readonly tables: readonly TableDecl[];
  /** Each event in stream order with its id. `sink(table)` gives the inserter of one of its tables. */
  event(e: TraceEvent, id: number): void;
  /** The stream is done; write what is still open. `db` holds the other tables (committed rows). */
  finish(end: IndexEnd, db: Database.Database): void;
}

export type DerivedTablesFactory = (sink: (table: string) => RowSink) => DerivedTables;

// ---------------------------------------------------------------------------------------------

export const THREAD_STATES_TABLE = {
  name: 'thread_states', doc: 'per thread, the states it was in as intervals tiling [its creation, end of recording)',
  indexes: [['thread', 'start_cycle'], ['start_cycle']],
  columns: [
    { name: 'thread', type: 'INTEGER', doc: 'thread (kernel TCB id)' },
    { name: 'state', type: 'TEXT', doc: 'running (holds the CPU), ready, blocked-send, blocked-recv, blocked-reply, blocked-notification, throttled, inactive, idle, halted' },
    { name: 'object', type: 'INTEGER', doc: 'object it is blocked on (endpoint, notification, reply)', nullable: true },
    { name: 'reason', type: 'TEXT', doc: 'what started the interval: a scheduling reason (preempt, irq, block, wake, budget, ...), the syscall it made, signal, ipc-<transfer>, fault', nullable: true },
    { name: 'start_cycle', type: 'INTEGER', doc: 'first cycle of the interval' },
    { name: 'end_cycle', type: 'INTEGER', doc: 'cycle the next interval starts (exclusive)' },
  ],
} as const satisfies TableDecl;

export const SYSCALLS_TABLE = {
  name: 'syscalls', doc: 'system calls with the time the caller waited in them',
  indexes: [['thread', 'start_cycle'], ['start_cycle']],
  columns: [
    { name: 'id', type: 'INTEGER', doc: 'event id of the syscall event' },
    { name: 'thread', type: 'INTEGER', doc: 'calling thread' },
    { name: 'syscall', type: 'TEXT', doc: 'name (Call, Send, Recv, ReplyRecv, Wait, Signal, Yield, DebugPutChar, ...)' },
    { name: 'num', type: 'INTEGER', doc: 'seL4 syscall number' },
    { name: 'cap', type: 'TEXT', doc: 'capability pointer invoked (a0), decimal' },
    { name: 'label', type: 'TEXT', doc: 'message label from the message info word, decimal' },
    { name: 'result', type: 'TEXT', doc: 'outcome', nullable: true },
    { name: 'start_cycle', type: 'INTEGER', doc: 'cycle of the kernel entry' },
    { name: 'end_cycle', type: 'INTEGER', doc: 'cycle the caller ran again: = start_cycle if it did not block (the modelled kernel time is not in the trace); end of recording if it never returned' },
    { name: 'blocked', type: 'INTEGER', doc: '1 if the call blocked the caller' },
    { name: 'returned', type: 'INTEGER', doc: '1 if the caller ran again within the recording' },
  ],
} as const satisfies TableDecl;

export const IPC_TABLE = {
  name: 'ipc', doc: 'one row per IPC message or notification signal, with both ends',
  indexes: [['sender'], ['receiver'], ['transfer_cycle']],
  columns: [
    { name: 'id', type: 'INTEGER', doc: 'event id of the ipc / signal event' },
    { name: 'kind', type: 'TEXT', doc: 'send, call, reply, fault (IPC) or signal (notification)' },
    { name: 'sender', type: 'INTEGER', doc: 'sending thread (NULL: the kernel, for an IRQ signal)', nullable: true },
    { name: 'receiver', type: 'INTEGER', doc: 'receiving thread (0 = Microkit monitor; NULL: a signal nobody waited for, left pending in the word)', nullable: true },
    { name: 'object', type: 'INTEGER', doc: 'endpoint or notification (NULL for replies)', nullable: true },
    { name: 'badge', type: 'TEXT', doc: 'badge, decimal' },
    { name: 'label', type: 'TEXT', doc: 'message label, decimal (signals: NULL)', nullable: true },
    { name: 'length', type: 'INTEGER', doc: 'message registers (signals: 0)' },
    { name: 'send_cycle', type: 'INTEGER', doc: 'when the sender started sending (earlier than transfer if it blocked waiting for a receiver)' },
    { name: 'transfer_cycle', type: 'INTEGER', doc: 'when the kernel transferred the message / signal' },
    { name: 'wake_cycle', type: 'INTEGER', doc: 'when the receiver next held the CPU (NULL: not within the recording, or no receiver)', nullable: true },
  ],
} as const satisfies TableDecl;

export const IRQS_TABLE = {
  name: 'irqs', doc: 'one row per interrupt raised: delivery, handler start, acknowledgement',
  indexes: [['irq', 'raise_cycle']],
  columns: [
    { name: 'id', type: 'INTEGER', doc: 'event id of the raise event' },
    { name: 'irq', type: 'INTEGER', doc: 'interrupt number' },
    { name: 'notification', type: 'INTEGER', doc: 'notification it signals', nullable: true },
    { name: 'handler', type: 'INTEGER', doc: 'thread the signal woke / was delivered to (left pending: the notification\'s owner)', nullable: true },
    { name: 'raise_cycle', type: 'INTEGER', doc: 'kernel took the interrupt' },
    { name: 'deliver_cycle', type: 'INTEGER', doc: 'signal delivered to the notification', nullable: true },
    { name: 'handler_cycle', type: 'INTEGER', doc: 'handler thread next held the CPU (signal left pending: its next receive, which took it)', nullable: true },
    { name: 'ack_cycle', type: 'INTEGER', doc: 'handler acknowledged it (IRQHandler Ack)', nullable: true },
  ],
} as const satisfies TableDecl;

export const BUDGET_TABLE = {
  name: 'budget', doc: 'scheduling-context budget changes: charge, exhaustion, replenishment',
  indexes: [['sc', 'cycle'], ['thread', 'cycle']],
  columns: [
    { name: 'id', type: 'INTEGER', doc: 'event id' },
    { name: 'cycle', type: 'INTEGER', doc: 'when' },
    { name: 'sc', type: 'INTEGER', doc: 'scheduling context object' },
    { name: 'thread', type: 'INTEGER', doc: 'thread bound to it', nullable: true },
    { name: 'change', type: 'TEXT', doc: 'charged, exhausted or replenished' },
    { name: 'amount', type: 'INTEGER', doc: 'cycles charged / replenished' },
    { name: 'remaining', type: 'INTEGER', doc: 'budget cycles left after the change' },
  ],
} as const satisfies TableDecl;

interface Interval { state: string; object: number | null; reason: string | null; start: number; }
interface Causes { sched?: string; sys?: string; wake?: string; fault?: string; }
interface OpenIrq { id: number; irq: number; ntfn: number | null; handler: number | null; raise: number; deliver: number | null; handlerAt: number | null; }

/** Reason for a state entered at a cycle, from what happened to the thread at that cycle. */
function reasonFor(state: string, c: Causes): string | null {
  if (state === 'running') return c.sched ?? c.wake ?? null;
  if (state.startsWith('blocked')) return c.sys ?? c.fault ?? c.sched ?? null;
  if (state === 'ready') return c.wake ?? c.sched ?? c.sys ?? null;
  if (state === 'throttled') return 'budget';
  return c.sys ?? c.fault ?? c.sched ?? null;
}

/** thread_states, syscalls, ipc, irqs, budget in one pass. */
export const kernelTables: DerivedTablesFactory = (sink) => {
  const insState = sink('thread_states'), insSys = sink('syscalls'), insIpc = sink('ipc'), insIrq = sink('irqs'), insBudget = sink('budget');
  const cur = new Map<number, Interval>();
  let causeCycle = -1;
  const causes = new Map<number, Causes>();
  const cause = (t: number | null, k: keyof Causes, v: string): void => {
    if (t === null) return;
    const c = causes.get(t) ?? {};
    if (c[k] === undefined) c[k] = v;
    causes.set(t, c);
  };
  /** Threads whose latest interval started at causeCycle and still needs a reason. */
  const needReason = new Set<number>();
  // Waiting for the thread to run again: syscalls (rows) and ipc / irq rows needing a wake cycle.
  const sysWait = new Map<number, unknown[]>();
  const wakeWait = new Map<number, unknown[][]>();
  const irqWait = new Map<number, OpenIrq[]>();
  const openIrq = new Map<number, OpenIrq>();
  const blockedSince = new Map<number, number>();
  /**
   * The thread each notification belongs to, as far as the events so far show (notifications.ts).
   * An IRQ whose signal finds its handler busy is left pending there; that thread's next receive
   * takes it.
   */
  const ntfnOwner = new Map<number, number>();
  const irqPending = new Map<number, OpenIrq[]>();
  /** Rows acknowledged before their handler's receive took the signal (startup acks), by IRQ. */
  const ackedEarly = new Map<OpenIrq, number | null>();

  const irqRow = (o: OpenIrq, ack: number | null): void => insIrq([o.id, o.irq, o.ntfn, o.handler, o.raise, o.deliver, o.handlerAt, ack]);
  const writeIrq = (o: OpenIrq, ack: number | null): void => {
    if (o.handler !== null && o.handlerAt === null && irqPending.get(o.handler)?.includes(o)) { ackedEarly.set(o, ack); return; }
    irqRow(o, ack);
  };
  /** The receive of `t` at `cycle` took every IRQ signal pending for it. */
  const takePending = (t: number, cycle: number): void => {
    const q = irqPending.get(t);
    if (q === undefined) return;
    irqPending.delete(t);
    for (const o of q) {
      o.handlerAt = cycle;
      if (ackedEarly.has(o)) { writeIrq(o, ackedEarly.get(o)!); ackedEarly.delete(o); }
    }
  };

  const setState = (t: number, state: string, object: number | null, cycle: number): void => {
    const p = cur.get(t);
    if (p !== undefined && p.state === state && p.object === object) return;
    if (p !== undefined && cycle > p.start) insState([t, p.state, p.object, p.reason, p.start, cycle]);
    cur.set(t, { state, object, reason: null, start: cycle });
    needReason.add(t);
    if (state.startsWith('blocked')) blockedSince.set(t, cycle); else blockedSince.delete(t);
    if (state === 'running') {
      const s = sysWait.get(t);
      if (s !== undefined) { s[8] = cycle; s[10] = 1; insSys(s); sysWait.delete(t); }
      const w = wakeWait.get(t);
      if (w !== undefined) { for (const r of w) { r[10] = cycle; insIpc(r); } wakeWait.delete(t); }
      const q = irqWait.get(t);
      if (q !== undefined) { for (const o of q) o.handlerAt = cycle; irqWait.delete(t); }
    }
  };

  const settleReasons = (): void => {
    for (const t of needReason) {
      const p = cur.get(t);
      if (p !== undefined && p.start === causeCycle && p.reason === null) p.reason = reasonFor(p.state, causes.get(t) ?? {});
    }
    needReason.clear();
    causes.clear();
  };

  return {
    tables: [THREAD_STATES_TABLE, SYSCALLS_TABLE, IPC_TABLE, IRQS_TABLE, BUDGET_TABLE],
    event(e, id): void {
      if (e.cycle !== causeCycle) { settleReasons(); causeCycle = e.cycle; }
      const owns = notificationOwnerFact(e);
      if (owns !== null) ntfnOwner.set(owns[0], owns[1]);
      switch (e.kind) {
        case 'object':
          if (e.type.toLowerCase() === 'tcb' && !cur.has(e.id)) setState(e.id, 'inactive', null, e.cycle);
          break;
        case 'thread_state':
          setState(e.thread, e.state, e.object, e.cycle);
          break;
        case 'schedule':
          cause(e.to, 'sched', e.reason);
          cause(e.from, 'sched', e.reason);
          if (e.from !== null && e.from !== e.to && cur.get(e.from)?.state === 'running') setState(e.from, 'ready', null, e.cycle);
          if (e.to !== null) setState(e.to, 'running', null, e.cycle);
          break;
        case 'syscall': {
          cause(e.thread, 'sys', e.name);
          let label = '0';
          try { label = (BigInt(e.info) >> 12n).toString(); } catch { /* not a number: keep 0 */ }
          const st = cur.get(e.thread)?.state;
          const blocked = st !== undefined && st !== 'running';
          if (RECEIVE_SYSCALLS.has(e.name)) takePending(e.thread, e.cycle);
          const row: unknown[] = [id, e.thread, e.name, e.num, e.cptr, label, e.result ?? null, e.cycle, e.cycle, blocked ? 1 : 0, blocked ? 0 : 1];
          if (blocked) sysWait.set(e.thread, row); else insSys(row);
          break;
        }
        case 'ipc': {
          cause(e.receiver, 'wake', `ipc-${e.transfer}`);
          const since = blockedSince.get(e.sender);
          const row: unknown[] = [id, e.transfer, e.sender, e.receiver, e.endpoint, e.badge, e.label, e.length, since ?? e.cycle, e.cycle, null];
          if (cur.get(e.receiver)?.state === 'running' && e.receiver !== e.sender) { row[10] = e.cycle; insIpc(row); }
          else { const w = wakeWait.get(e.receiver) ?? []; w.push(row); wakeWait.set(e.receiver, w); }
          break;
        }
        case 'signal': {
          cause(e.woke, 'wake', 'signal');
          const row: unknown[] = [id, 'signal', e.sender, e.woke, e.notification, e.badge, null, 0, e.cycle, e.cycle, null];
          if (e.woke === null) insIpc(row);
          else { const w = wakeWait.get(e.woke) ?? []; w.push(row); wakeWait.set(e.woke, w); }
          break;
        }
        case 'irq': {
          cause(e.thread, 'wake', 'irq');
          if (e.phase === 'raise') {
            const prev = openIrq.get(e.irq);
            if (prev !== undefined) writeIrq(prev, null);
            openIrq.set(e.irq, { id, irq: e.irq, ntfn: e.notification, handler: null, raise: e.cycle, deliver: null, handlerAt: null });
          } else {
            const o = openIrq.get(e.irq);
            if (o === undefined) break;
            if (e.phase === 'deliver') {
              o.deliver = e.cycle; o.handler = e.thread; o.ntfn = e.notification;
              if (e.thread !== null) {
                if (cur.get(e.thread)?.state === 'running') o.handlerAt = e.cycle;
                else { const q = irqWait.get(e.thread) ?? []; q.push(o); irqWait.set(e.thread, q); }
              } else {
                // Nobody waited: the signal stays pending for the notification's owner.
                const owner = e.notification === null ? undefined : ntfnOwner.get(e.notification);
                if (owner !== undefined) {
                  o.handler = owner;
                  const q = irqPending.get(owner) ?? [];
                  q.push(o);
                  irqPending.set(owner, q);
                }
              }
            } else { writeIrq(o, e.cycle); openIrq.delete(e.irq); }
          }
          break;
        }
        case 'fault':
          cause(e.thread, 'fault', `fault ${e.type}`);
          break;
        case 'budget':
          if (e.change === 'exhausted') cause(e.thread, 'sched', 'budget');
          insBudget([id, e.cycle, e.sc, e.thread, e.change, e.amount, e.remaining]);
          break;
        default:
          break;
      }
    },
    finish(end): void {
      settleReasons();
      for (const t of [...cur.keys()].sort((a, b) => a - b)) {
        const p = cur.get(t)!;
        if (end.cycle > p.start) insState([t, p.state, p.object, p.reason, p.start, end.cycle]);
      }
      for (const t of [...sysWait.keys()].sort((a, b) => a - b)) { const s = sysWait.get(t)!; s[8] = end.cycle; insSys(s); }
      for (const t of [...wakeWait.keys()].sort((a, b) => a - b)) for (const r of wakeWait.get(t)!) insIpc(r);
      for (const [o, ack] of ackedEarly) irqRow(o, ack);
      for (const k of [...openIrq.keys()].sort((a, b) => a - b)) irqRow(openIrq.get(k)!, null);
    },
  };
};
