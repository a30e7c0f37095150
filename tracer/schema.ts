/**
 * THE event schema of a seltrace trace: kinds, their numeric codes, field order on disk, and
 * which fields name a thread / kernel object for the index. The writer, the indexer and
 * replay all use this module. Bump TRACE_FORMAT_VERSION on any change to the encoding.
 */
import type {
  BudgetEvent, CapOpEvent, FaultEvent, IpcEvent, IrqEvent, KernelEntryEvent, ObjectEvent, ScheduleEvent, SignalEvent,
  SyscallEvent, ThreadStateEvent,
} from '../emulator/observer.js';

/** 4: events chunks hold their block stream raw-deflated. 5: block streams predict each block from the one before (tracer/block-codec.ts). */
export const TRACE_FORMAT_VERSION = 5;
export const TRACE_MAGIC = 'SELTRACE';

export interface UartEvent { cycle: number; byte: number; }
export interface TrapEvent { cycle: number; cause: number; interrupt: boolean; pc: number; tval: string; priv: number; }
export interface ExitEvent { cycle: number; stop: string; code: number; reason: string; }

export interface EventPayloads {
  uart: UartEvent;
  syscall: SyscallEvent;
  capop: CapOpEvent;
  schedule: ScheduleEvent;
  thread_state: ThreadStateEvent;
  ipc: IpcEvent;
  signal: SignalEvent;
  irq: IrqEvent;
  fault: FaultEvent;
  budget: BudgetEvent;
  object: ObjectEvent;
  trap: TrapEvent;
  exit: ExitEvent;
  kernel: KernelEntryEvent;
}
export type EventKind = keyof EventPayloads;

/** A decoded event: its kind, payload, and the instructions retired before it. */
export type TraceEvent = { [K in EventKind]: { kind: K; instret: number } & EventPayloads[K] }[EventKind];

interface KindSpec<K extends EventKind> {
  readonly code: number;
  /** Payload fields (besides cycle) in on-disk order. */
  readonly fields: readonly Exclude<keyof EventPayloads[K], 'cycle'>[];
  /** Field holding the thread this event is about (index column `thread`). */
  readonly thread?: Exclude<keyof EventPayloads[K], 'cycle'>;
  /** Field holding the kernel object this event is about (index column `object`). */
  readonly object?: Exclude<keyof EventPayloads[K], 'cycle'>;
  /** One-line description of the kind for docs and `--kind` help. */
  readonly doc: string;
}

export const SCHEMA: { readonly [K in EventKind]: KindSpec<K> } = {
  uart: { code: 1, fields: ['byte'], doc: 'a byte written to the console (UART THR or debug put-char)' },
  syscall: { code: 2, fields: ['thread', 'pc', 'num', 'name', 'cptr', 'info', 'mrs', 'result'], thread: 'thread', doc: 'a system call: number, name, cap pointer, message info and registers, result' },
  capop: { code: 3, fields: ['thread', 'op', 'srcObject', 'destCnode', 'destSlot', 'badge', 'rights', 'error'], thread: 'thread', object: 'srcObject', doc: 'a capability operation (copy, mint, move, mutate, delete, revoke, retype, transfer)' },
  schedule: { code: 4, fields: ['from', 'to', 'reason'], thread: 'to', doc: 'a scheduling decision / context switch with its reason' },
  thread_state: { code: 5, fields: ['thread', 'state', 'object', 'priority'], thread: 'thread', object: 'object', doc: 'a thread changed state (running, ready, blocked on an object, ...)' },
  ipc: { code: 6, fields: ['transfer', 'sender', 'receiver', 'endpoint', 'badge', 'label', 'length', 'caps'], thread: 'sender', object: 'endpoint', doc: 'an IPC message transfer' },
  signal: { code: 7, fields: ['notification', 'sender', 'badge', 'woke'], thread: 'sender', object: 'notification', doc: 'a notification signal' },
  irq: { code: 8, fields: ['irq', 'phase', 'thread', 'notification'], thread: 'thread', object: 'notification', doc: 'an interrupt raised, delivered or acknowledged' },
  fault: { code: 9, fields: ['thread', 'type', 'pc', 'addr', 'handled'], thread: 'thread', doc: 'a thread fault (VM, cap, user exception, timeout, unknown syscall)' },
  budget: { code: 10, fields: ['sc', 'thread', 'change', 'amount', 'remaining', 'budget', 'period'], thread: 'thread', object: 'sc', doc: 'scheduling-context budget exhausted, replenished or charged' },
  object: { code: 11, fields: ['id', 'type', 'name', 'owner'], object: 'id', doc: 'a kernel object was created' },
  trap: { code: 12, fields: ['cause', 'interrupt', 'pc', 'tval', 'priv'], doc: 'a hart trap (exception or interrupt) taken by guest code' },
  exit: { code: 13, fields: ['stop', 'code', 'reason'], doc: 'the run ended (guest exit, halt, cycle limit)' },
  kernel: { code: 14, fields: ['thread', 'entry', 'cost'], thread: 'thread', doc: 'a kernel entry: what it was (syscall, fastpathIpc, interrupt, timer, ...) and its modelled cost in cycles' },
};

export const EVENT_KINDS = Object.keys(SCHEMA) as EventKind[];

/** On-disk tuple: [code, cycle, instret, ...fields]. */
export type EncodedEvent = unknown[];

export function encodeEvent<K extends EventKind>(kind: K, instret: number, e: EventPayloads[K]): EncodedEvent {
  const spec = SCHEMA[kind] as KindSpec<K>;
  const t: unknown[] = [spec.code, e.cycle, instret];
  for (const f of spec.fields) t.push((e as unknown as Record<string, unknown>)[f as string] ?? null);
  return t;
}

/**
 * Per kind code: a decoder returning the event as one object literal ({ kind, cycle, instret,
 * ...fields } in that order), generated from SCHEMA. Every event of a kind then has the same
 * shape, so code reading events (the index, replay) reads their fields at fixed offsets; adding
 * the fields one by one under computed names made dictionary objects, 4× slower to build.
 */
const DECODERS: (((t: EncodedEvent) => TraceEvent) | undefined)[] = [];
const KIND_BY_CODE: (EventKind | undefined)[] = [];
for (const k of EVENT_KINDS) {
  const fields = SCHEMA[k].fields as readonly string[];
  DECODERS[SCHEMA[k].code] = new Function('t',
    `return { kind: ${JSON.stringify(k)}, cycle: t[1], instret: t[2]${fields.map((f, i) => `, ${JSON.stringify(f)}: t[${3 + i}] ?? null`).join('')} };`) as (t: EncodedEvent) => TraceEvent;
  KIND_BY_CODE[SCHEMA[k].code] = k;
}

/** Whether `t` has an encoded event's shape: [code, cycle, instret, ...fields]. */
function wellFormed(t: EncodedEvent): boolean {
  return Array.isArray(t) && typeof t[0] === 'number' && typeof t[1] === 'number' && typeof t[2] === 'number';
}

/** The kind of an encoded event, without decoding it (undefined: not a well-formed event). */
export function encodedKind(t: EncodedEvent): EventKind | undefined {
  return wellFormed(t) ? KIND_BY_CODE[t[0] as number] : undefined;
}

export function decodeEvent(t: EncodedEvent): TraceEvent {
  if (!wellFormed(t)) throw new Error('malformed event record');
  const d = DECODERS[t[0] as number];
  if (d === undefined) throw new Error(`unknown event kind code ${t[0]}`);
  return d(t);
}

/** Thread / object ids an event is about (for the index). */
export function eventKeys(e: TraceEvent): { thread: number | null; object: number | null } {
  const spec = SCHEMA[e.kind] as KindSpec<EventKind>;
  const rec = e as unknown as Record<string, unknown>;
  const th = spec.thread !== undefined ? rec[spec.thread as string] : null;
  const ob = spec.object !== undefined ? rec[spec.object as string] : null;
  return { thread: typeof th === 'number' ? th : null, object: typeof ob === 'number' ? ob : null };
}

export function isEventKind(s: string): s is EventKind {
  return (EVENT_KINDS as string[]).includes(s);
}
