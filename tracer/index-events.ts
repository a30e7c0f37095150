/**
 * The `events` table of the index: writer (event → row, with runs coalesced) and reader
 * (row → TraceEvent[]) in one module, declared once below.
 *
 * Every event kind's fields are real, typed columns (no JSON copies). Fields that say which
 * thread / kernel object the event is about (schema.ts `thread` / `object`) share the `thread` and
 * `object` columns; every other field has its own column, NULL for the kinds without it.
 *
 * Runs: console bytes (`uart`) and identical consecutive traps (`trap`: same cause, pc, tval,
 * privilege) are coalesced into one row holding `count` events with consecutive ids — a
 * console line is one row, a trap storm a few. `steps` keeps each later event's cycle and
 * instret as varint deltas, so every event is still recoverable exactly.
 */
import { SCHEMA, EVENT_KINDS, type EventKind, type TraceEvent } from './schema.js';
import type { ColumnDecl, RowOf, TableDecl } from './index-schema.js';

type Codec = 'int' | 'text' | 'bool' | 'list';
interface EventColumn extends ColumnDecl { readonly codec: Codec; /** `kind.field` it holds. */ readonly from: readonly string[]; }

const col = (name: string, type: 'INTEGER' | 'TEXT', doc: string, from: string[], codec: Codec = type === 'INTEGER' ? 'int' : 'text'): EventColumn =>
  ({ name, type, codec, doc: `${doc} (${from.join(', ')})`, from, nullable: true });

/** Columns holding event fields, after the common ones. Every field of every kind appears once. */
const FIELD_COLUMNS: readonly EventColumn[] = [
  col('thread', 'INTEGER', 'thread (kernel TCB id) the event is about', ['syscall.thread', 'capop.thread', 'schedule.to', 'thread_state.thread', 'ipc.sender', 'signal.sender', 'irq.thread', 'fault.thread', 'budget.thread', 'kernel.thread']),
  col('object', 'INTEGER', 'kernel object id the event is about', ['capop.srcObject', 'thread_state.object', 'ipc.endpoint', 'signal.notification', 'irq.notification', 'budget.sc', 'object.id']),
  col('from_thread', 'INTEGER', 'thread switched away from', ['schedule.from']),
  col('receiver', 'INTEGER', 'receiving thread (0 = the Microkit monitor)', ['ipc.receiver']),
  col('woke', 'INTEGER', 'thread woken by the signal', ['signal.woke']),
  col('owner', 'INTEGER', 'thread that created the object (NULL at boot)', ['object.owner']),
  col('name', 'TEXT', 'syscall name / object name', ['syscall.name', 'object.name']),
  col('num', 'INTEGER', 'syscall number (seL4 numbering)', ['syscall.num']),
  col('pc', 'INTEGER', 'program counter', ['syscall.pc', 'fault.pc', 'trap.pc']),
  col('cptr', 'TEXT', 'capability pointer (a0), decimal', ['syscall.cptr']),
  col('info', 'TEXT', 'message info word (a1), decimal', ['syscall.info']),
  col('mrs', 'TEXT', 'message registers a2..a5, decimal, space-separated', ['syscall.mrs'], 'list'),
  col('result', 'TEXT', 'outcome', ['syscall.result']),
  col('op', 'TEXT', 'capability operation', ['capop.op']),
  col('dest_cnode', 'INTEGER', 'destination CNode object', ['capop.destCnode']),
  col('dest_slot', 'INTEGER', 'destination slot', ['capop.destSlot']),
  col('badge', 'TEXT', 'badge, decimal', ['capop.badge', 'ipc.badge', 'signal.badge']),
  col('rights', 'INTEGER', 'rights bits', ['capop.rights']),
  col('error', 'INTEGER', 'seL4 error code (0 = ok)', ['capop.error']),
  col('reason', 'TEXT', 'why: scheduling reason / exit reason', ['schedule.reason', 'exit.reason']),
  col('state', 'TEXT', 'new thread state', ['thread_state.state']),
  col('priority', 'INTEGER', 'the thread\'s priority at the change', ['thread_state.priority']),
  col('transfer', 'TEXT', 'send, call, reply or fault', ['ipc.transfer']),
  col('label', 'TEXT', 'message label, decimal', ['ipc.label']),
  col('length', 'INTEGER', 'message registers transferred', ['ipc.length']),
  col('caps', 'INTEGER', 'capabilities transferred', ['ipc.caps']),
  col('irq', 'INTEGER', 'interrupt number', ['irq.irq']),
  col('phase', 'TEXT', 'raise, deliver or ack', ['irq.phase']),
  col('type', 'TEXT', 'fault type / object type', ['fault.type', 'object.type']),
  col('addr', 'TEXT', 'faulting address, decimal', ['fault.addr']),
  col('handled', 'INTEGER', '1 if a fault handler took the fault', ['fault.handled'], 'bool'),
  col('change', 'TEXT', 'exhausted, replenished or charged', ['budget.change']),
  col('amount', 'INTEGER', 'cycles charged / replenished / consumed', ['budget.amount']),
  col('remaining', 'INTEGER', 'budget cycles left after it', ['budget.remaining']),
  col('budget', 'INTEGER', 'the SC\'s configured budget in cycles', ['budget.budget']),
  col('period', 'INTEGER', 'the SC\'s configured period in cycles (0: round robin)', ['budget.period']),
  col('entry', 'TEXT', 'kernel entry path (fastpathIpc, syscall, debugPutChar, interrupt, timer, fault, ...)', ['kernel.entry']),
  col('cost', 'INTEGER', 'modelled kernel cycles of the entry', ['kernel.cost']),
  col('cause', 'INTEGER', 'mcause code', ['trap.cause']),
  col('interrupt', 'INTEGER', '1 for an interrupt, 0 for an exception', ['trap.interrupt'], 'bool'),
  col('tval', 'TEXT', 'mtval/stval, decimal', ['trap.tval']),
  col('priv', 'INTEGER', 'privilege level trapped from (0 U, 1 S, 3 M)', ['trap.priv']),
  col('stop', 'TEXT', 'how the run ended (exit, halt, limit, ...)', ['exit.stop']),
  col('code', 'INTEGER', 'guest exit code', ['exit.code']),
];

export const EVENTS_TABLE = {
  name: 'events',
  doc: 'every event in stream order; console bytes and repeated traps coalesced into runs',
  primaryKey: 'id',
  indexes: [['cycle'], ['kind'], ['thread', 'WHERE thread IS NOT NULL'], ['object', 'WHERE object IS NOT NULL']],
  columns: [
    { name: 'id', type: 'INTEGER', doc: 'event number, 0-based, stream order (of the first event of a run)' },
    { name: 'cycle', type: 'INTEGER', doc: 'machine cycle at which it happened (first of a run)' },
    { name: 'instret', type: 'INTEGER', doc: 'instructions retired before it (first of a run)' },
    { name: 'kind', type: 'TEXT', doc: 'event kind: uart, syscall, capop, schedule, thread_state, ipc, signal, irq, fault, budget, object, trap, exit, kernel' },
    { name: 'count', type: 'INTEGER', doc: 'events in the row: 1, or the length of a uart / trap run (ids id .. id+count-1)' },
    { name: 'end_cycle', type: 'INTEGER', doc: 'cycle of the last event of the row (= cycle unless a run)' },
    { name: 'text', type: 'TEXT', doc: 'uart: the bytes of the run as Latin-1 text (a run ends after a newline)', nullable: true },
    { name: 'steps', type: 'BLOB', doc: 'runs: cycle and instret deltas of events 2..count as unsigned LEB128 triples (cycle delta, instret delta, times repeated)', nullable: true },
    ...FIELD_COLUMNS.map(({ name, type, doc, nullable }) => ({ name, type, doc, nullable })),
  ],
} as const satisfies TableDecl;

export type EventsTableRow = RowOf<typeof EVENTS_TABLE>;

/** Per kind: [field, column index in the row array, codec]. */
const KIND_MAP = new Map<EventKind, [string, number, Codec][]>();
{
  const base = EVENTS_TABLE.columns.length - FIELD_COLUMNS.length;
  for (const k of EVENT_KINDS) KIND_MAP.set(k, []);
  FIELD_COLUMNS.forEach((c, i) => {
    for (const f of c.from) {
      const [k, field] = f.split('.');
      KIND_MAP.get(k as EventKind)!.push([field, base + i, c.codec]);
    }
  });
  for (const k of EVENT_KINDS) {
    const fields = SCHEMA[k].fields as readonly string[];
    const mapped = KIND_MAP.get(k)!;
    if (k === 'uart') continue; // the byte lives in `text`
    const missing = fields.filter((f) => !mapped.some(([m]) => m === f));
    if (missing.length > 0 || mapped.length !== fields.length) throw new Error(`index events: ${k} fields not mapped exactly once: ${missing.join(', ')}`);
    // Keep schema field order so decoded events equal decodeEvent's.
    mapped.sort((a, b) => fields.indexOf(a[0]) - fields.indexOf(b[0]));
  }
}

const N_COLS = EVENTS_TABLE.columns.length;
const MAX_RUN = 4096;

function putVarint(out: number[], v: number): void {
  while (v >= 0x80) { out.push((v % 0x80) | 0x80); v = Math.floor(v / 0x80); }
  out.push(v);
}

/** Accumulates events into rows (array of column values in declaration order). */
export class EventRowWriter {
  private run: { row: unknown[]; text: number[]; steps: number[]; lastCycle: number; lastInstret: number; key: string; dc: number; di: number; rep: number } | null = null;

  constructor(private readonly emit: (row: unknown[]) => void) {}

  add(e: TraceEvent, id: number): void {
    if (e.kind === 'uart' || e.kind === 'trap') {
      const key = e.kind === 'uart' ? 'uart' : `trap ${e.cause} ${e.interrupt ? 1 : 0} ${e.pc} ${e.tval} ${e.priv}`;
      const r = this.run;
      const row0 = r?.row;
      if (r !== null && row0 !== undefined && r.key === key && (row0[4] as number) < MAX_RUN && (e.kind !== 'uart' || r.text[r.text.length - 1] !== 10)
        && (row0[0] as number) + (row0[4] as number) === id && e.cycle >= r.lastCycle && e.instret >= r.lastInstret) {
        const dc = e.cycle - r.lastCycle, di = e.instret - r.lastInstret;
        if (r.rep > 0 && dc === r.dc && di === r.di) r.rep++;
        else { this.putStep(r); r.dc = dc; r.di = di; r.rep = 1; }
        r.lastCycle = e.cycle; r.lastInstret = e.instret;
        row0[4] = (row0[4] as number) + 1;
        row0[5] = e.cycle;
        if (e.kind === 'uart') r.text.push(e.byte & 0xff);
        return;
      }
      this.flush();
      const row = this.baseRow(e, id);
      this.run = { row, text: e.kind === 'uart' ? [e.byte & 0xff] : [], steps: [], lastCycle: e.cycle, lastInstret: e.instret, key, dc: 0, di: 0, rep: 0 };
      return;
    }
    this.flush();
    // Single events: one scratch row, reused (emit() binds its values before returning).
    this.emit(this.baseRow(e, id, this.scratch.fill(null)));
  }

  private readonly scratch: unknown[] = new Array(N_COLS).fill(null);

  /** Write out a pending run. */
  flush(): void {
    const r = this.run;
    if (r === null) return;
    this.run = null;
    this.putStep(r);
    if (r.row[3] === 'uart') r.row[6] = Buffer.from(r.text).toString('latin1');
    if (r.steps.length > 0) r.row[7] = Buffer.from(r.steps);
    this.emit(r.row);
  }

  /** Steps are (cycle delta, instret delta, times) triples: a loop's events cost a few bytes per run. */
  private putStep(r: { steps: number[]; dc: number; di: number; rep: number }): void {
    if (r.rep === 0) return;
    putVarint(r.steps, r.dc); putVarint(r.steps, r.di); putVarint(r.steps, r.rep);
    r.rep = 0;
  }

  private baseRow(e: TraceEvent, id: number, row: unknown[] = new Array(N_COLS).fill(null)): unknown[] {
    row[0] = id; row[1] = e.cycle; row[2] = e.instret; row[3] = e.kind; row[4] = 1; row[5] = e.cycle;
    const rec = e as unknown as Record<string, unknown>;
    for (const [field, ci, codec] of KIND_MAP.get(e.kind)!) {
      const v = rec[field];
      if (v === null || v === undefined) continue;
      row[ci] = codec === 'bool' ? (v === true ? 1 : 0) : codec === 'list' ? (v as string[]).join(' ') : v;
    }
    return row;
  }
}

/**
 * Per kind: an INSERT naming only the columns that kind can fill — `columns` with their `values`
 * SQL ('?' or a literal) — and the row positions of the bound values. Binding the common columns
 * and the kind's own instead of all ~50 is what keeps index building cheap (each bound parameter
 * costs a native call).
 */
export function kindInsert(kind: EventKind): { columns: string[]; values: string[]; positions: number[] } {
  const fields = KIND_MAP.get(kind)!.map(([, ci]) => ci);
  const name = (i: number): string => EVENTS_TABLE.columns[i].name;
  if (kind === 'uart' || kind === 'trap') { // runs: count, text and steps vary
    const positions = [0, 1, 2, 3, 4, 5, 6, 7, ...fields];
    return { columns: positions.map(name), values: positions.map(() => '?'), positions };
  }
  // A single event: its kind and count are literals, text and steps NULL (left out): 4 bound
  // values fewer per row, ~0.5 µs of the ~2 µs a row costs.
  const positions = [0, 1, 2, 5, ...fields];
  return { columns: [name(3), name(4), ...positions.map(name)], values: [`'${kind}'`, '1', ...positions.map(() => '?')], positions };
}

/**
 * Reading rows back: a row has values only in the 10 common columns and its own kind's few
 * (≤ 7) field columns, yet converting ~50 values per row (most of them NULL) costs more than
 * finding the rows. So readers select a packed row: the common columns, then slots, each slot
 * the COALESCE of field columns no kind uses together (only the row's own kind's column in a
 * slot can be non-NULL). EVENT_ROW_SQL is that select list; decodeEventRow reads it.
 */
const PACKED_COMMON = ['id', 'cycle', 'instret', 'kind', 'count', 'end_cycle', 'text', 'steps', 'thread', 'object'];
/** Per kind: [field, position in a packed row, codec]. */
const PACKED_MAP = new Map<EventKind, [string, number, Codec][]>();
export const EVENT_ROW_SQL: string = (() => {
  const slots: string[][] = [];
  const slotOf = new Map<string, number>();
  for (const c of FIELD_COLUMNS) {
    if (PACKED_COMMON.includes(c.name)) continue;
    const kindsOf = new Set(c.from.map((f) => f.split('.')[0]));
    // The first slot none of whose columns is used by a kind that uses this one.
    let i = slots.findIndex((slot) => slot.every((o) => !FIELD_COLUMNS.find((x) => x.name === o)!.from.some((f) => kindsOf.has(f.split('.')[0]))));
    if (i < 0) { i = slots.length; slots.push([]); }
    slots[i].push(c.name);
    slotOf.set(c.name, PACKED_COMMON.length + i);
  }
  for (const [kind, fields] of KIND_MAP) {
    PACKED_MAP.set(kind, fields.map(([field, ci, codec]) => {
      const name = EVENTS_TABLE.columns[ci].name;
      const at = PACKED_COMMON.indexOf(name);
      return [field, at >= 0 ? at : slotOf.get(name)!, codec];
    }));
  }
  return [...PACKED_COMMON, ...slots.map((s) => (s.length === 1 ? s[0] : `COALESCE(${s.join(', ')})`))].join(', ');
})();

/** Positions of the common columns in a packed row (EVENT_ROW_SQL). */
export const EVENT_ROW = { id: 0, cycle: 1, instret: 2, kind: 3, count: 4, end_cycle: 5, text: 6, steps: 7 } as const;
for (const [name, at] of Object.entries(EVENT_ROW)) if (PACKED_COMMON[at] !== name) throw new Error(`index-events: EVENT_ROW.${name} is not column ${at} of a packed row`);
const { cycle: CYCLE, instret: INSTRET, kind: KIND, count: COUNT, text: TEXT, steps: STEPS } = EVENT_ROW;

/** The events a packed row (EVENT_ROW_SQL, as an array: a raw statement's row) stands for — one, or a whole run — in id order. */
export function decodeEventRow(a: readonly unknown[]): TraceEvent[] {
  const kind = a[KIND] as EventKind;
  const map = PACKED_MAP.get(kind);
  if (map === undefined) throw new Error(`index: unknown event kind '${String(a[KIND])}'`);
  const first: Record<string, unknown> = { kind, cycle: a[CYCLE], instret: a[INSTRET] };
  if (kind !== 'uart') {
    for (const [field, at, codec] of map) {
      const v = a[at];
      first[field] = v === null || v === undefined ? null
        : codec === 'bool' ? v === 1 : codec === 'list' ? ((v as string) === '' ? [] : (v as string).split(' ')) : v;
    }
  }
  const count = (a[COUNT] as number | null) ?? 1;
  const text = kind === 'uart' ? Buffer.from((a[TEXT] as string | null) ?? '', 'latin1') : null;
  if (text !== null) first.byte = text[0] ?? 0;
  const out: TraceEvent[] = [first as unknown as TraceEvent];
  if (count > 1) {
    const steps = a[STEPS] as Uint8Array | null;
    let p = 0, cycle = a[CYCLE] as number, instret = a[INSTRET] as number;
    const varint = (): number => {
      let v = 0, mul = 1, b: number;
      do { b = steps![p++]; v += (b & 0x7f) * mul; mul *= 0x80; } while (b & 0x80);
      return v;
    };
    let dc = 0, di = 0, rep = 0;
    for (let i = 1; i < count; i++) {
      if (rep === 0) { dc = varint(); di = varint(); rep = varint(); }
      rep--;
      cycle += dc; instret += di;
      const e: Record<string, unknown> = { ...first, cycle, instret };
      if (text !== null) e.byte = text[i];
      out.push(e as unknown as TraceEvent);
    }
  }
  return out;
}
