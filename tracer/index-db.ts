/**
 * The SQLite index (`name.strace.db`), derived entirely from the stream. Each table is declared
 * once below (columns, types, docs); the DDL and the schema text (schemaDoc) come from it.
 */
import Database from 'better-sqlite3';
import { existsSync, unlinkSync } from 'node:fs';
import { decodeEvent, eventKeys, type TraceEvent } from './schema.js';
import type { ChunkAt, HeaderChunk } from './trace-stream.js';

interface Column { name: string; type: 'INTEGER' | 'REAL' | 'TEXT' | 'BLOB'; doc: string; }
interface Table { name: string; doc: string; columns: Column[]; indexes: string[][]; }

export const INDEX_VERSION = 2;

export const TABLES: readonly Table[] = [
  {
    name: 'meta', doc: 'key/value facts about the trace', indexes: [],
    columns: [
      { name: 'key', type: 'TEXT', doc: 'fact name (index_version, image_hash, stream_size, ...)' },
      { name: 'value', type: 'TEXT', doc: 'its value' },
    ],
  },
  {
    name: 'events', doc: 'every event of the trace in stream order', indexes: [['cycle'], ['kind', 'cycle'], ['thread', 'cycle'], ['object', 'cycle'], ['instret', 'cycle'], ['kind', 'instret', 'cycle'], ['thread', 'instret', 'cycle']],
    columns: [
      { name: 'id', type: 'INTEGER', doc: 'event number, 0-based, stream order' },
      { name: 'cycle', type: 'INTEGER', doc: 'machine cycle at which it happened' },
      { name: 'instret', type: 'INTEGER', doc: 'instructions retired before it' },
      { name: 'kind', type: 'TEXT', doc: 'event kind (tracer/schema.ts)' },
      { name: 'thread', type: 'INTEGER', doc: 'thread (kernel TCB id) it is about, if any' },
      { name: 'object', type: 'INTEGER', doc: 'kernel object id it is about, if any' },
      { name: 'chunk', type: 'INTEGER', doc: 'file offset of the stream chunk holding it' },
      { name: 'data', type: 'TEXT', doc: 'the decoded event as JSON' },
    ],
  },
  {
    name: 'checkpoints', doc: 'machine + kernel snapshots for seeking', indexes: [['cycle']],
    columns: [
      { name: 'idx', type: 'INTEGER', doc: 'checkpoint number' },
      { name: 'cycle', type: 'INTEGER', doc: 'cycle of the snapshot' },
      { name: 'instret', type: 'INTEGER', doc: 'instructions retired at the snapshot' },
      { name: 'key', type: 'INTEGER', doc: '1 = keyframe (full RAM), 0 = delta on the previous checkpoint' },
      { name: 'offset', type: 'INTEGER', doc: 'file offset of its chunk' },
      { name: 'bytes', type: 'INTEGER', doc: 'size of its chunk payload' },
    ],
  },
  {
    name: 'chunks', doc: 'event chunks: cycle ranges and block counts', indexes: [['cycle0']],
    columns: [
      { name: 'offset', type: 'INTEGER', doc: 'file offset' },
      { name: 'cycle0', type: 'INTEGER', doc: 'cycle at its first block' },
      { name: 'instret0', type: 'INTEGER', doc: 'instructions retired before its first block' },
      { name: 'instructions', type: 'INTEGER', doc: 'instructions its blocks account for' },
      { name: 'events', type: 'INTEGER', doc: 'events it holds' },
    ],
  },
  {
    name: 'symbols', doc: 'symbols of the image (PD symbols prefixed pd:<name>:)', indexes: [['name'], ['addr']],
    columns: [
      { name: 'name', type: 'TEXT', doc: 'symbol name' },
      { name: 'addr', type: 'INTEGER', doc: 'address' },
      { name: 'size', type: 'INTEGER', doc: 'size in bytes' },
    ],
  },
  {
    name: 'threads', doc: 'threads (TCBs) and their lifetimes', indexes: [],
    columns: [
      { name: 'id', type: 'INTEGER', doc: 'kernel TCB id (unique, never reused)' },
      { name: 'name', type: 'TEXT', doc: 'thread / PD name' },
      { name: 'first_cycle', type: 'INTEGER', doc: 'cycle it was created' },
      { name: 'last_cycle', type: 'INTEGER', doc: 'cycle of its last event' },
    ],
  },
];

export function ddl(): string {
  const out: string[] = [];
  for (const t of TABLES) {
    out.push(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')});`);
    t.indexes.forEach((cols, i) => out.push(`CREATE INDEX ${t.name}_i${i} ON ${t.name} (${cols.join(', ')});`));
  }
  return out.join('\n');
}

/** Human-readable schema of the index, from the declarations. */
export function schemaDoc(): string {
  return TABLES.map((t) => `${t.name} — ${t.doc}\n${t.columns.map((c) => `  ${c.name.padEnd(13)} ${c.type.padEnd(8)} ${c.doc}`).join('\n')}`).join('\n\n');
}

/** Builds the index incrementally (while recording) or from a whole stream (`seltrace index`). */
export class IndexBuilder {
  readonly db: Database.Database;
  private eventId = 0;
  private readonly insEvent: Database.Statement;
  private readonly insCkpt: Database.Statement;
  private readonly insChunk: Database.Statement;
  private readonly threads = new Map<number, { name: string; first: number; last: number }>();
  private pending = 0;

  constructor(readonly path: string) {
    if (existsSync(path)) unlinkSync(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(ddl());
    this.insEvent = this.db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.insCkpt = this.db.prepare('INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?)');
    this.insChunk = this.db.prepare('INSERT INTO chunks VALUES (?, ?, ?, ?, ?)');
    this.db.exec('BEGIN');
  }

  header(h: HeaderChunk, streamPath: string): void {
    const ins = this.db.prepare('INSERT INTO meta VALUES (?, ?)');
    ins.run('index_version', String(INDEX_VERSION));
    ins.run('format_version', String(h.version));
    ins.run('image_hash', h.imageHash);
    ins.run('image_name', h.imageName);
    ins.run('stream', streamPath);
    ins.run('image_kind', h.config.imageKind);
    ins.run('cycles_per_tick', String(h.config.cyclesPerTick));
    const sym = this.db.prepare('INSERT INTO symbols VALUES (?, ?, ?)');
    for (const [n, a, s] of h.symbols) sym.run(n, a, s);
  }

  add(c: ChunkAt): void {
    const ch = c.chunk;
    if (ch.t === 'ev') {
      this.insChunk.run(c.offset, ch.cycle0, ch.instret0, ch.instructions, ch.events.length);
      for (const enc of ch.events) {
        const e = decodeEvent(enc);
        const k = eventKeys(e);
        this.insEvent.run(this.eventId++, e.cycle, e.instret, e.kind, k.thread, k.object, c.offset, JSON.stringify(e));
        this.noteThread(e, k.thread);
      }
      this.pending += ch.events.length + 1;
    } else if (ch.t === 'ckpt') {
      this.insCkpt.run(ch.index, ch.cycle, ch.instret, ch.key ? 1 : 0, c.offset, ch.machine.length + (ch.kernel?.length ?? 0));
      this.pending++;
    }
    if (this.pending > 20000) { this.db.exec('COMMIT'); this.db.exec('BEGIN'); this.pending = 0; }
  }

  private noteThread(e: TraceEvent, thread: number | null): void {
    if (e.kind === 'object' && e.type.toLowerCase() === 'tcb') {
      this.threads.set(e.id, { name: e.name, first: e.cycle, last: e.cycle });
      return;
    }
    if (thread !== null) {
      const t = this.threads.get(thread);
      if (t !== undefined) t.last = e.cycle;
      else this.threads.set(thread, { name: `thread ${thread}`, first: e.cycle, last: e.cycle });
    }
  }

  /** Finish: thread table, stream size/status facts, commit. */
  finish(facts: Record<string, string>): void {
    const ins = this.db.prepare('INSERT INTO threads VALUES (?, ?, ?, ?)');
    for (const [id, t] of [...this.threads.entries()].sort((a, b) => a[0] - b[0])) ins.run(id, t.name, t.first, t.last);
    const meta = this.db.prepare('INSERT INTO meta VALUES (?, ?)');
    for (const k of Object.keys(facts).sort()) meta.run(k, facts[k]);
    this.db.exec('COMMIT');
    this.db.close();
  }
}
