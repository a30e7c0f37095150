/**
 * Replay's query module: every SQL statement a front end needs, on an open index database.
 * ReplaySession exposes these as methods; the benchmark calls them directly, so the measured
 * queries are the real ones. No front end runs SQL of its own.
 */
import type Database from 'better-sqlite3';
import type { EventKind, TraceEvent } from '../tracer/schema.js';

export interface EventRow { id: number; cycle: number; instret: number; kind: EventKind; thread: number | null; object: number | null; event: TraceEvent; }
export interface EventFilter { kind?: EventKind | EventKind[]; thread?: number; from?: number; to?: number; limit?: number; }
/** Which events a navigation considers. */
export interface EventQuery {
  kinds?: readonly EventKind[] | null;
  thread?: number | null;
  /** Traps only if their `interrupt` flag is this (other kinds unaffected). */
  trapInterrupt?: boolean;
}
export interface ThreadInfo { id: number; name: string; }
interface RawRow { id: number; cycle: number; instret: number; kind: string; thread: number | null; object: number | null; data: string; }

function toRow(r: RawRow): EventRow {
  return { id: r.id, cycle: r.cycle, instret: r.instret, kind: r.kind as EventKind, thread: r.thread, object: r.object, event: JSON.parse(r.data) as TraceEvent };
}

/** Prepared statements per database, by SQL text (navigation runs the same few on every key). */
const stmts = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prep(db: Database.Database, sql: string): Database.Statement {
  let m = stmts.get(db);
  if (m === undefined) { m = new Map(); stmts.set(db, m); }
  let s = m.get(sql);
  if (s === undefined) { s = db.prepare(sql); m.set(sql, s); }
  return s;
}

export function queryEvents(db: Database.Database, f: EventFilter = {}): EventRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.kind !== undefined) {
    const ks = Array.isArray(f.kind) ? f.kind : [f.kind];
    where.push(`kind IN (${ks.map(() => '?').join(',')})`); args.push(...ks);
  }
  if (f.thread !== undefined) { where.push('thread = ?'); args.push(f.thread); }
  if (f.from !== undefined) { where.push('cycle >= ?'); args.push(f.from); }
  if (f.to !== undefined) { where.push('cycle <= ?'); args.push(f.to); }
  const sql = `SELECT * FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id LIMIT ${f.limit ?? -1}`;
  return (db.prepare(sql).all(...args) as RawRow[]).map(toRow);
}

export function eventById(db: Database.Database, id: number): EventRow | undefined {
  const r = prep(db, 'SELECT * FROM events WHERE id = ?').get(id) as RawRow | undefined;
  return r === undefined ? undefined : toRow(r);
}

export function eventCount(db: Database.Database): number {
  return (prep(db, 'SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
}

function filterSql(q: EventQuery, args: (string | number)[]): string[] {
  const where: string[] = [];
  if (q.kinds !== undefined && q.kinds !== null && q.kinds.length > 0) {
    where.push(`kind IN (${q.kinds.map(() => '?').join(',')})`);
    args.push(...q.kinds);
  }
  if (q.thread !== undefined && q.thread !== null) { where.push('thread = ?'); args.push(q.thread); }
  if (q.trapInterrupt !== undefined) where.push(`(kind <> 'trap' OR json_extract(data, '$.interrupt') = ${q.trapInterrupt ? 1 : 0})`);
  return where;
}

/** The nearest event strictly after ('>') or before ('<') the point (instret, cycle). */
export function neighbourEvent(db: Database.Database, dir: '<' | '>', instret: number, cycle: number, kinds?: readonly EventKind[], thread?: number): EventRow | undefined {
  return neighbour(db, dir, instret, cycle, { kinds, thread });
}

/** Like neighbourEvent, with the full query (trap filter). */
export function neighbour(db: Database.Database, dir: '<' | '>', instret: number, cycle: number, q: EventQuery): EventRow | undefined {
  // Row-value comparison so SQLite walks the (kind|thread, instret, cycle) indexes.
  const args: (string | number)[] = [instret, cycle];
  const where = [`(instret, cycle) ${dir} (?, ?)`, ...filterSql(q, args)];
  const order = dir === '>' ? 'instret ASC, cycle ASC, id ASC' : 'instret DESC, cycle DESC, id DESC';
  const r = prep(db, `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT 1`).get(...args) as RawRow | undefined;
  return r === undefined ? undefined : toRow(r);
}

/**
 * Events around a point: up to `before` strictly before it and up to `after` at or after it, in
 * stream order. Events at the point's exact (instret, cycle) have not happened yet in the
 * machine's state there: they happen during the next instruction.
 */
export function eventsAround(db: Database.Database, at: { instret: number; cycle: number }, q: EventQuery, before: number, after: number): { past: EventRow[]; future: EventRow[] } {
  const pa: (string | number)[] = [at.instret, at.cycle];
  const pw = ['(instret, cycle) < (?, ?)', ...filterSql(q, pa)];
  const past = (prep(db, `SELECT * FROM events WHERE ${pw.join(' AND ')} ORDER BY instret DESC, cycle DESC, id DESC LIMIT ${before | 0}`)
    .all(...pa) as RawRow[]).map(toRow).reverse();
  const fa: (string | number)[] = [at.instret, at.cycle];
  const fw = ['(instret, cycle) >= (?, ?)', ...filterSql(q, fa)];
  const future = (prep(db, `SELECT * FROM events WHERE ${fw.join(' AND ')} ORDER BY instret ASC, cycle ASC, id ASC LIMIT ${after | 0}`)
    .all(...fa) as RawRow[]).map(toRow);
  return { past, future };
}

/** Events with from <= cycle < to of the given kinds, at most `limit`. */
export function eventsIn(db: Database.Database, from: number, to: number, kinds: readonly EventKind[], limit: number): EventRow[] {
  const args: (string | number)[] = [from, to, ...kinds];
  return (prep(db, `SELECT * FROM events WHERE cycle >= ? AND cycle < ? AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY id LIMIT ${limit | 0}`)
    .all(...args) as RawRow[]).map(toRow);
}

/** The last thread_state event of each thread, and the last schedule event, before `cycle`. */
export function stateEventsBefore(db: Database.Database, cycle: number): EventRow[] {
  const ts = prep(db, "SELECT * FROM events WHERE id IN (SELECT MAX(id) FROM events WHERE kind = 'thread_state' AND cycle < ? GROUP BY thread)").all(cycle) as RawRow[];
  const sc = prep(db, "SELECT * FROM events WHERE kind = 'schedule' AND cycle < ? ORDER BY cycle DESC, id DESC LIMIT 1").all(cycle) as RawRow[];
  return [...ts, ...sc].map(toRow).sort((a, b) => a.id - b.id);
}

/** The thread the last schedule event at or before `cycle` switched to (null: idle / none). */
export function runningThreadAt(db: Database.Database, cycle: number): number | null {
  const row = prep(db, "SELECT data FROM events WHERE kind = 'schedule' AND cycle <= ? ORDER BY id DESC LIMIT 1").get(cycle) as { data: string } | undefined;
  return row === undefined ? null : (JSON.parse(row.data) as { to: number | null }).to;
}

/** The thread running when `instret` instructions have retired, by the schedule events (null: idle / none). */
export function runningThreadAtInstret(db: Database.Database, instret: number): number | null {
  const row = prep(db, "SELECT data FROM events WHERE kind = 'schedule' AND instret <= ? ORDER BY instret DESC, cycle DESC, id DESC LIMIT 1").get(instret) as { data: string } | undefined;
  return row === undefined ? null : (JSON.parse(row.data) as { to: number | null }).to;
}

export function threadList(db: Database.Database): ThreadInfo[] {
  return prep(db, 'SELECT id, name FROM threads ORDER BY id').all() as ThreadInfo[];
}

/** Names of kernel objects (threads, endpoints, ...) by id, from the recorded object events. */
export function objectNames(db: Database.Database): Map<number, string> {
  const names = new Map<number, string>();
  for (const r of prep(db, "SELECT object, data FROM events WHERE kind = 'object' ORDER BY id").all() as { object: number; data: string }[]) {
    names.set(r.object, (JSON.parse(r.data) as { name: string }).name);
  }
  return names;
}

export function symbolAddress(db: Database.Database, name: string): number | undefined {
  const r = prep(db, 'SELECT addr FROM symbols WHERE name = ? ORDER BY addr LIMIT 1').get(name) as { addr: number } | undefined;
  return r?.addr;
}

/** Qualified names `<pd>:<name>` of a PD symbol `name` in system traces (every PD that has it). */
export function pdSymbolsNamed(db: Database.Database, name: string): string[] {
  return (prep(db, "SELECT DISTINCT name FROM symbols WHERE name LIKE '%:' || ? ESCAPE '\\' ORDER BY name").all(name.replace(/[%_\\]/g, '\\$&')) as { name: string }[])
    .map((x) => x.name).filter((n) => n.slice(n.indexOf(':') + 1) === name);
}

/** Up to `n` symbol names resembling `name` (for "unknown symbol" messages). */
export function similarSymbols(db: Database.Database, name: string, n = 5): string[] {
  const key = name.slice(name.lastIndexOf(':') + 1).slice(0, 4);
  return (prep(db, `SELECT name FROM symbols WHERE name LIKE ? ORDER BY name LIMIT ${n | 0}`).all(`%${key}%`) as { name: string }[]).map((x) => x.name);
}

export interface ChunkSpan { offset: number; instret0: number; instructions: number; }

/** The event chunks of the stream, in stream order or reversed. */
export function chunkSpans(db: Database.Database, dir: 'next' | 'prev'): ChunkSpan[] {
  return prep(db, `SELECT offset, instret0, instructions FROM chunks ORDER BY offset ${dir === 'next' ? 'ASC' : 'DESC'}`).all() as ChunkSpan[];
}

export function checkpointRows(db: Database.Database): { idx: number; cycle: number; instret: number; key: number; offset: number }[] {
  return prep(db, 'SELECT idx, cycle, instret, key, offset FROM checkpoints ORDER BY idx').all() as { idx: number; cycle: number; instret: number; key: number; offset: number }[];
}

export function metaFacts(db: Database.Database): Map<string, string> {
  return new Map((prep(db, 'SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
}

/**
 * Every event of the given kinds in stream order, for whole-trace analyses: one sequential scan of
 * the table (cheaper than the kind index plus a sort when most rows qualify).
 */
export function scanEvents(db: Database.Database, kinds: readonly EventKind[]): EventRow[] {
  const sql = `SELECT * FROM events NOT INDEXED WHERE kind IN (${kinds.map(() => '?').join(',')}) ORDER BY rowid`;
  const out: EventRow[] = [];
  for (const r of db.prepare(sql).iterate(...kinds) as IterableIterator<RawRow>) out.push(toRow(r));
  return out;
}
