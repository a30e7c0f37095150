/**
 * The SQLite index (`name.strace.db`), derived entirely from the stream and built in one pass
 * (while recording, or by `seltrace index`). Every table is declared once (tracer/index-schema.ts
 * conventions): the DDL, the row types and the README "Index tables" section come from the
 * declarations. INDEX_VERSION changes whenever a declaration or a table's meaning does.
 */
import Database from 'better-sqlite3';
import { existsSync, unlinkSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { decodeEvent, eventKeys, type EventKind, type TraceEvent } from './schema.js';
import { unpack, type ChunkAt, type HeaderChunk } from './trace-stream.js';
import { indexDdl, insertSql, tableCreateDdl, tableDdl, tablesMarkdown, type RowOf, type TableDecl } from './index-schema.js';
import { EVENTS_TABLE, EventRowWriter, kindInsert } from './index-events.js';
import { BatchInsert } from './index-batch.js';
import { kernelTables, type DerivedTables, type DerivedTablesFactory, type RowSink } from './index-derived.js';
import { KERNEL_STATE_VERSION } from '../emulator/kernel/snapshot.js';
import { TIMEBASE_HZ } from '../emulator/devices/goldfish-rtc.js';

export const INDEX_VERSION = 4;

export const META_TABLE = {
  name: 'meta', doc: 'key/value facts about the recording',
  columns: [
    { name: 'key', type: 'TEXT', doc: 'fact: index_version, format_version, image_hash, image_name, stream, stream_size, complete, stop, cycles, instret, cycles_per_us, damage' },
    { name: 'value', type: 'TEXT', doc: 'its value' },
  ],
} as const satisfies TableDecl;

export const CHECKPOINTS_TABLE = {
  name: 'checkpoints', doc: 'machine + kernel snapshots for seeking', indexes: [['cycle']],
  columns: [
    { name: 'idx', type: 'INTEGER', doc: 'checkpoint number' },
    { name: 'cycle', type: 'INTEGER', doc: 'cycle of the snapshot' },
    { name: 'instret', type: 'INTEGER', doc: 'instructions retired at the snapshot' },
    { name: 'key', type: 'INTEGER', doc: '1 = keyframe (full RAM), 0 = delta on the previous checkpoint' },
    { name: 'offset', type: 'INTEGER', doc: 'file offset of its chunk' },
    { name: 'bytes', type: 'INTEGER', doc: 'size of its chunk payload' },
  ],
} as const satisfies TableDecl;

export const CHUNKS_TABLE = {
  name: 'chunks', doc: 'event chunks of the stream: cycle ranges and counts', indexes: [['cycle0']],
  columns: [
    { name: 'offset', type: 'INTEGER', doc: 'file offset' },
    { name: 'cycle0', type: 'INTEGER', doc: 'cycle at its first block' },
    { name: 'instret0', type: 'INTEGER', doc: 'instructions retired before its first block' },
    { name: 'instructions', type: 'INTEGER', doc: 'instructions its blocks account for' },
    { name: 'events', type: 'INTEGER', doc: 'events it holds' },
    { name: 'first_event', type: 'INTEGER', doc: 'id of its first event' },
  ],
} as const satisfies TableDecl;

export const SYMBOLS_TABLE = {
  name: 'symbols', doc: 'symbols of the image (PD symbols prefixed pd:<name>:)', indexes: [['name'], ['addr']],
  columns: [
    { name: 'name', type: 'TEXT', doc: 'symbol name' },
    { name: 'addr', type: 'INTEGER', doc: 'address' },
    { name: 'size', type: 'INTEGER', doc: 'size in bytes' },
  ],
} as const satisfies TableDecl;

export const THREADS_TABLE = {
  name: 'threads', doc: 'threads (TCBs): identity, scheduling parameters at the first checkpoint, lifetime',
  columns: [
    { name: 'id', type: 'INTEGER', doc: 'kernel TCB id (unique, never reused)' },
    { name: 'name', type: 'TEXT', doc: 'thread name (the PD name for a Microkit PD thread)' },
    { name: 'pd', type: 'TEXT', doc: 'protection domain: the PD it belongs to (its own name, or its creator\'s PD)' },
    { name: 'priority', type: 'INTEGER', doc: 'priority', nullable: true },
    { name: 'sc', type: 'INTEGER', doc: 'scheduling context object bound to it', nullable: true },
    { name: 'budget', type: 'INTEGER', doc: 'SC budget per period, cycles', nullable: true },
    { name: 'period', type: 'INTEGER', doc: 'SC period, cycles (0: round robin)', nullable: true },
    { name: 'budget_us', type: 'REAL', doc: 'SC budget, µs at the recording\'s clock', nullable: true },
    { name: 'period_us', type: 'REAL', doc: 'SC period, µs', nullable: true },
    { name: 'first_cycle', type: 'INTEGER', doc: 'cycle it was created (or first seen)' },
    { name: 'last_cycle', type: 'INTEGER', doc: 'cycle of its last event' },
  ],
} as const satisfies TableDecl;

export type ThreadsRow = RowOf<typeof THREADS_TABLE>;

/**
 * Producers of derived tables, in build order. To add a table (e.g. deadline jobs): write a
 * DerivedTablesFactory next to index-derived.ts and append it here; it gets every event and a
 * finish() call with the database, and its declarations join the DDL and the README docs.
 */
export const INDEX_TABLE_PRODUCERS: DerivedTablesFactory[] = [kernelTables];

const CORE_TABLES: readonly TableDecl[] = [META_TABLE, EVENTS_TABLE, THREADS_TABLE, CHECKPOINTS_TABLE, CHUNKS_TABLE, SYMBOLS_TABLE];

/** Every table of the index, in the order of the docs. */
export function indexTables(): TableDecl[] {
  const noSink = (): RowSink => () => undefined;
  return [...CORE_TABLES, ...INDEX_TABLE_PRODUCERS.flatMap((f) => f(noSink).tables)];
}

export function ddl(): string { return indexTables().map(tableDdl).join('\n'); }

/** The README's generated "Index tables" text. */
export function indexTablesMarkdown(): string { return tablesMarkdown(indexTables()); }

/** What the checkpoints table holds of a checkpoint: where its chunk is and its payload size. */
export interface CheckpointRowFacts { index: number; cycle: number; instret: number; key: boolean; offset: number; bytes: number; }

interface ThreadInfo { name: string; first: number; last: number; owner: number | null; }
interface SchedInfo { priority: number; sc: number | null; budget: number | null; period: number | null; }

/** Builds the index incrementally (while recording) or from a whole stream (`seltrace index`). */
export class IndexBuilder {
  readonly db: Database.Database;
  private eventId = 0;
  private lastCycle = 0;
  private cyclesPerUs = 0;
  private readonly insEvent = new Map<string, { st: BatchInsert; positions: number[]; values: unknown[] }>();
  /** Every batched inserter, flushed before the tables are read or indexed. */
  private readonly batches: BatchInsert[] = [];
  private readonly insCkpt: Database.Statement;
  private readonly insChunk: Database.Statement;
  private readonly rows: EventRowWriter;
  private readonly producers: DerivedTables[];
  private readonly threads = new Map<number, ThreadInfo>();
  private sched: Map<number, SchedInfo> | null = null;
  private pending = 0;

  constructor(readonly path: string) {
    if (existsSync(path)) unlinkSync(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    // Schema and rows in one transaction: a dozen CREATEs each committing on their own cost more
    // than indexing a whole example recording.
    this.db.exec('BEGIN');
    const sink = (table: string): RowSink => {
      let s: BatchInsert | undefined;
      return (values) => {
        if (s === undefined) {
          const decl = this.producers.flatMap((p) => p.tables).find((t) => t.name === table)!;
          s = new BatchInsert(this.db, table, decl.columns.map((c) => c.name));
          this.batches.push(s);
        }
        s.add(values);
        this.pending++;
      };
    };
    this.producers = INDEX_TABLE_PRODUCERS.map((f) => f(sink));
    for (const t of this.allTables()) this.db.exec(tableCreateDdl(t));
    this.insCkpt = this.db.prepare(insertSql(CHECKPOINTS_TABLE));
    this.insChunk = this.db.prepare(insertSql(CHUNKS_TABLE));
    this.rows = new EventRowWriter((row) => {
      const kind = row[3] as EventKind;
      let ins = this.insEvent.get(kind);
      if (ins === undefined) {
        const k = kindInsert(kind);
        const st = new BatchInsert(this.db, 'events', k.columns, k.values);
        this.batches.push(st);
        ins = { st, positions: k.positions, values: new Array<unknown>(k.positions.length) };
        this.insEvent.set(kind, ins);
      }
      const p = ins.positions;
      const v = ins.values;
      for (let i = 0; i < p.length; i++) v[i] = row[p[i]];
      ins.st.add(v);
    });
  }

  private allTables(): TableDecl[] { return [...CORE_TABLES, ...this.producers.flatMap((p) => p.tables)]; }

  header(h: HeaderChunk, streamPath: string): void {
    const ins = this.db.prepare(insertSql(META_TABLE));
    this.cyclesPerUs = h.config.cyclesPerTick * TIMEBASE_HZ / 1e6;
    ins.run('index_version', String(INDEX_VERSION));
    ins.run('format_version', String(h.version));
    ins.run('image_hash', h.imageHash);
    ins.run('image_name', h.imageName);
    ins.run('stream', streamPath);
    ins.run('cycles_per_us', String(this.cyclesPerUs));
    ins.run('image_kind', h.config.imageKind);
    ins.run('cycles_per_tick', String(h.config.cyclesPerTick));
    const sym = this.db.prepare(insertSql(SYMBOLS_TABLE));
    for (const [n, a, s] of h.symbols) sym.run(n, a, s);
  }

  add(c: ChunkAt): void {
    const ch = c.chunk;
    if (ch.t === 'ev') {
      this.insChunk.run(c.offset, ch.cycle0, ch.instret0, ch.instructions, ch.events.length, this.eventId);
      for (const enc of ch.events) {
        const e = decodeEvent(enc);
        const id = this.eventId++;
        this.rows.add(e, id);
        for (const p of this.producers) p.event(e, id);
        this.noteThread(e);
        if (e.cycle > this.lastCycle) this.lastCycle = e.cycle;
      }
      this.pending += ch.events.length + 1;
    } else if (ch.t === 'ckpt') {
      this.addCheckpoint({ index: ch.index, cycle: ch.cycle, instret: ch.instret, key: ch.key, offset: c.offset, bytes: ch.machine.length + (ch.kernel?.length ?? 0) }, ch.kernel);
      return;
    }
    if (this.pending > 20000) { this.db.exec('COMMIT'); this.db.exec('BEGIN'); this.pending = 0; }
  }

  /** Whether the next checkpoint's kernel state is still wanted (the first one's gives the threads' scheduling). */
  get wantsKernelState(): boolean { return this.sched === null; }

  /** One checkpoint's row; `kernel`: its deflated kernel state, read only while wantsKernelState. */
  addCheckpoint(ck: CheckpointRowFacts, kernel: Uint8Array | null): void {
    this.insCkpt.run(ck.index, ck.cycle, ck.instret, ck.key ? 1 : 0, ck.offset, ck.bytes);
    if (this.sched === null && kernel !== null) this.sched = schedulingOf(kernel);
    if (ck.cycle > this.lastCycle) this.lastCycle = ck.cycle;
    if (++this.pending > 20000) { this.db.exec('COMMIT'); this.db.exec('BEGIN'); this.pending = 0; }
  }

  private noteThread(e: TraceEvent): void {
    if (e.kind === 'object' && e.type.toLowerCase() === 'tcb') {
      this.threads.set(e.id, { name: e.name, first: e.cycle, last: e.cycle, owner: e.owner });
      return;
    }
    const thread = eventKeys(e).thread;
    if (thread !== null) {
      const t = this.threads.get(thread);
      if (t !== undefined) t.last = e.cycle;
      else this.threads.set(thread, { name: `thread ${thread}`, first: e.cycle, last: e.cycle, owner: null });
    }
  }

  /** Finish: derived tables, thread table, stream facts, commit. */
  finish(facts: Record<string, string>): void {
    this.rows.flush();
    const endCycle = facts.cycles !== undefined ? Number(facts.cycles) : this.lastCycle;
    this.db.exec('COMMIT'); this.db.exec('BEGIN');
    for (const b of this.batches) b.flush();
    for (const p of this.producers) p.finish({ cycle: endCycle }, this.db);
    for (const b of this.batches) b.flush();
    const ins = this.db.prepare(insertSql(THREADS_TABLE));
    const pdOf = (id: number, depth = 0): string => {
      const t = this.threads.get(id);
      if (t === undefined) return `thread ${id}`;
      return t.owner !== null && t.owner !== id && depth < 16 ? pdOf(t.owner, depth + 1) : t.name;
    };
    const us = (c: number | null): number | null => (c === null || this.cyclesPerUs === 0 ? null : c / this.cyclesPerUs);
    for (const [id, t] of [...this.threads.entries()].sort((a, b) => a[0] - b[0])) {
      const s = this.sched?.get(id);
      ins.run(id, t.name, pdOf(id), s?.priority ?? null, s?.sc ?? null, s?.budget ?? null, s?.period ?? null, us(s?.budget ?? null), us(s?.period ?? null), t.first, t.last);
    }
    const meta = this.db.prepare(insertSql(META_TABLE));
    for (const k of Object.keys(facts).sort()) meta.run(k, facts[k]);
    for (const t of this.allTables()) { const d = indexDdl(t); if (d !== '') this.db.exec(d); }
    this.db.exec('COMMIT');
    this.db.close();
  }
}

/**
 * Priorities and scheduling-context parameters of every TCB in a checkpoint's kernel snapshot.
 * Reads the plain unpacked state (emulator/kernel/snapshot.ts layout) without decoding it whole:
 * only numbers of TCB and SC objects are needed.
 */
function schedulingOf(kernel: Uint8Array): Map<number, SchedInfo> {
  const out = new Map<number, SchedInfo>();
  try {
    const k = unpack(inflateRawSync(kernel, { maxOutputLength: 1 << 28 })) as { version?: unknown; state?: { objects?: unknown } };
    if (k.version !== KERNEL_STATE_VERSION || !Array.isArray(k.state?.objects)) return out;
    const objects = k.state.objects as (Record<string, unknown> | null)[];
    const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
    for (const o of objects) {
      if (o === null || typeof o !== 'object' || o.kind !== 'tcb' || typeof o.id !== 'number') continue;
      const scId = num(o.sc);
      const sc = scId !== null && scId !== 0 ? objects[scId] : null;
      const isSc = sc !== null && sc !== undefined && sc.kind === 'sc';
      out.set(o.id, { priority: num(o.priority) ?? 0, sc: isSc ? num(sc.id) : null, budget: isSc ? num(sc.budget) : null, period: isSc ? num(sc.period) : null });
    }
  } catch {
    // A snapshot this build cannot read leaves the scheduling columns NULL; the rest of the index stands.
  }
  return out;
}
