/**
 * Replay's query module: every SQL statement a front end needs, on an open index database.
 * ReplaySession exposes these as methods; the benchmark calls them directly, so the measured
 * queries are the real ones. No front end runs SQL of its own.
 *
 * Rows of `events` may stand for runs of events (tracer/index-events.ts): these functions expand
 * them, so callers always see one EventRow per event with its own id, cycle and instret. Event
 * order is id order, which is also (instret, cycle) order.
 */
import type Database from 'better-sqlite3';
import type { EventKind, TraceEvent } from '../tracer/schema.js';
import { eventKeys } from '../tracer/schema.js';
import { decodeEventRow, EVENT_COLUMNS_SQL } from '../tracer/index-events.js';

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
type Raw = Record<string, unknown>;

/** The events one `events` row stands for, as EventRows. */
export function expandRow(r: Raw): EventRow[] {
  const id0 = r.id as number;
  return decodeEventRow(r).map((event, i) => {
    const k = eventKeys(event);
    return { id: id0 + i, cycle: event.cycle, instret: event.instret, kind: event.kind, thread: k.thread, object: k.object, event };
  });
}

const stmtCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prep(db: Database.Database, sql: string): Database.Statement {
  let m = stmtCache.get(db);
  if (m === undefined) { m = new Map(); stmtCache.set(db, m); }
  let s = m.get(sql);
  if (s === undefined) { s = db.prepare(sql); m.set(sql, s); }
  return s;
}

const SELECT = `SELECT ${EVENT_COLUMNS_SQL} FROM events`;

/** Number of events in the index (not rows: runs count for all their events). */
export function eventCount(db: Database.Database): number {
  const r = prep(db, 'SELECT id + count AS n FROM events ORDER BY id DESC LIMIT 1').get() as { n: number } | undefined;
  return r?.n ?? 0;
}

/** Events matching the filter, in id order. Streams rows from SQLite; stops at `limit`. */
export function* iterateEvents(db: Database.Database, f: EventFilter = {}): Generator<EventRow> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.kind !== undefined) {
    const ks = Array.isArray(f.kind) ? f.kind : [f.kind];
    where.push(`kind IN (${ks.map(() => '?').join(',')})`); args.push(...ks);
  }
  if (f.thread !== undefined) { where.push('thread = ?'); args.push(f.thread); }
  if (f.to !== undefined) { where.push('cycle <= ?'); args.push(f.to); }
  const limit = f.limit ?? Infinity;
  if (limit <= 0) return;
  let n = 0;
  const inRange = (e: EventRow): boolean => (f.from === undefined || e.cycle >= f.from) && (f.to === undefined || e.cycle <= f.to);
  if (f.from !== undefined) {
    // A run is the only row that can start before `from` and reach past it: the last row before.
    const prev = prep(db, `${SELECT} WHERE id = (SELECT MAX(id) FROM events WHERE cycle < ?)`).get(f.from) as Raw | undefined;
    if (prev !== undefined && (prev.count as number) > 1 && (prev.end_cycle as number) >= f.from) {
      const ok = (f.kind === undefined || (Array.isArray(f.kind) ? f.kind : [f.kind]).includes(prev.kind as EventKind)) && f.thread === undefined;
      if (ok) for (const e of expandRow(prev)) if (inRange(e)) { yield e; if (++n >= limit) return; }
    }
    where.push('cycle >= ?'); args.push(f.from);
  }
  const sql = `${SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
  for (const r of db.prepare(sql).iterate(...args) as IterableIterator<Raw>) {
    for (const e of expandRow(r)) {
      if (!inRange(e)) continue;
      yield e;
      if (++n >= limit) return;
    }
  }
}

export function queryEvents(db: Database.Database, f: EventFilter = {}): EventRow[] {
  return [...iterateEvents(db, f)];
}

export function eventById(db: Database.Database, id: number): EventRow | undefined {
  const r = prep(db, `${SELECT} WHERE id <= ? ORDER BY id DESC LIMIT 1`).get(id) as Raw | undefined;
  if (r === undefined || id >= (r.id as number) + (r.count as number)) return undefined;
  return expandRow(r)[id - (r.id as number)];
}

const afterPoint = (e: { instret: number; cycle: number }, i: number, c: number): boolean => e.instret > i || (e.instret === i && e.cycle > c);
const beforePoint = (e: { instret: number; cycle: number }, i: number, c: number): boolean => e.instret < i || (e.instret === i && e.cycle < c);

/** Id of the first row whose first event is after (or, `orAt`, at) the point; MAX_SAFE_INTEGER if none. */
function boundaryRow(db: Database.Database, instret: number, cycle: number, orAt: boolean): number {
  const b = prep(db, `SELECT id FROM events WHERE cycle >= ? AND (instret > ? OR (instret = ? AND cycle ${orAt ? '>=' : '>'} ?)) ORDER BY cycle, id LIMIT 1`)
    .get(cycle, instret, instret, cycle) as { id: number } | undefined;
  return b?.id ?? Number.MAX_SAFE_INTEGER;
}

/** The nearest event strictly after ('>') or before ('<') the point (instret, cycle). */
export function neighbourEvent(db: Database.Database, dir: '<' | '>', instret: number, cycle: number, kinds?: readonly EventKind[], thread?: number): EventRow | undefined {
  return neighbour(db, dir, instret, cycle, { kinds, thread });
}

/** Like neighbourEvent, with the full query (trap filter). */
export function neighbour(db: Database.Database, dir: '<' | '>', instret: number, cycle: number, q: EventQuery): EventRow | undefined {
  const kinds = q.kinds ?? undefined, thread = q.thread ?? undefined, opts = q;
  // Boundary: the first row whose first event is after the point (rows are in time order).
  // ('<': at or after it, so the last matching row before the boundary has an event before the point.)
  const boundary = boundaryRow(db, instret, cycle, dir === '<');
  const filters: { sql: string; args: (string | number)[] }[] = [];
  if (kinds !== undefined && kinds.length > 0) for (const k of kinds) filters.push({ sql: 'kind = ?' + (thread !== undefined ? ' AND thread = ?' : ''), args: thread !== undefined ? [k, thread] : [k] });
  else filters.push(thread !== undefined ? { sql: 'thread = ?', args: [thread] } : { sql: '1', args: [] });
  // Runs of traps share their interrupt flag, so filtering rows is exact.
  if (opts.trapInterrupt !== undefined) for (const f of filters) f.sql += ` AND (kind <> 'trap' OR interrupt = ${opts.trapInterrupt ? 1 : 0})`;
  // The last matching row before the boundary may be a run reaching past the point.
  let best: EventRow | undefined;
  const better = (e: EventRow): boolean => best === undefined || (dir === '>' ? e.id < best.id : e.id > best.id);
  for (const f of filters) {
    const last = prep(db, `${SELECT} WHERE ${f.sql} AND id < ? ORDER BY id DESC LIMIT 1`).get(...f.args, boundary) as Raw | undefined;
    if (dir === '<') {
      if (last !== undefined) {
        const evs = expandRow(last).filter((e) => beforePoint(e, instret, cycle));
        const e = evs[evs.length - 1];
        if (e !== undefined && better(e)) best = e;
      }
      continue;
    }
    let found: EventRow | undefined;
    if (last !== undefined && (last.count as number) > 1) found = expandRow(last).find((e) => afterPoint(e, instret, cycle));
    if (found === undefined) {
      const next = prep(db, `${SELECT} WHERE ${f.sql} AND id >= ? ORDER BY id LIMIT 1`).get(...f.args, boundary) as Raw | undefined;
      if (next !== undefined) found = expandRow(next)[0];
    }
    if (found !== undefined && better(found)) best = found;
  }
  return best;
}

/**
 * Events around a point: up to `before` strictly before it and up to `after` at or after it, in
 * stream order. Events at the point's exact (instret, cycle) have not happened yet in the
 * machine's state there: they happen during the next instruction.
 */
export function eventsAround(db: Database.Database, at: { instret: number; cycle: number }, q: EventQuery, before: number, after: number): { past: EventRow[]; future: EventRow[] } {
  const { instret, cycle } = at;
  const kinds = q.kinds, thread = q.thread, opts = q;
  const boundary = boundaryRow(db, instret, cycle, true);
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (kinds !== undefined && kinds !== null && kinds.length > 0) { where.push(`kind IN (${kinds.map(() => '?').join(',')})`); args.push(...kinds); }
  if (thread !== undefined && thread !== null) { where.push('thread = ?'); args.push(thread); }
  if (opts.trapInterrupt !== undefined) where.push(`(kind <> 'trap' OR interrupt = ${opts.trapInterrupt ? 1 : 0})`);
  const w = where.length > 0 ? where.join(' AND ') + ' AND ' : '';
  const isBefore = (e: EventRow): boolean => beforePoint(e, instret, cycle);
  const past: EventRow[] = [];
  const head: EventRow[] = [];
  let first = true;
  if (before > 0 || after > 0) {
    for (const r of prep(db, `${SELECT} WHERE ${w}id < ? ORDER BY id DESC`).iterate(...args, boundary) as IterableIterator<Raw>) {
      const evs = expandRow(r);
      if (first) { head.push(...evs.filter((e) => !isBefore(e))); first = false; }
      const pre = evs.filter(isBefore);
      while (pre.length > 0 && past.length < before) past.push(pre.pop()!);
      if (past.length >= before) break;
    }
  }
  past.reverse();
  const future: EventRow[] = head.slice(0, after);
  if (future.length < after) {
    for (const r of prep(db, `${SELECT} WHERE ${w}id >= ? ORDER BY id`).iterate(...args, boundary) as IterableIterator<Raw>) {
      for (const e of expandRow(r)) { if (future.length >= after) break; future.push(e); }
      if (future.length >= after) break;
    }
  }
  return { past, future };
}

/** Events with from <= cycle < to of the given kinds, at most `limit`. */
export function eventsIn(db: Database.Database, from: number, to: number, kinds: readonly EventKind[], limit: number): EventRow[] {
  if (to <= from || kinds.length === 0) return [];
  return queryEvents(db, { kind: [...kinds], from, to: to - 1, limit });
}

/** The last thread_state event of each thread, and the last schedule event, before `cycle`. */
export function stateEventsBefore(db: Database.Database, cycle: number): EventRow[] {
  const ts = prep(db, `${SELECT} WHERE id IN (SELECT MAX(id) FROM events WHERE kind = 'thread_state' AND cycle < ? GROUP BY thread)`).all(cycle) as Raw[];
  const sc = prep(db, `${SELECT} WHERE kind = 'schedule' AND cycle < ? ORDER BY cycle DESC, id DESC LIMIT 1`).all(cycle) as Raw[];
  return [...ts, ...sc].flatMap(expandRow).sort((a, b) => a.id - b.id);
}

/** One row of the index's thread_states table: a thread held `state` over [start, end). */
export interface StateInterval { thread: number; state: string; start: number; end: number; }

/** thread_states intervals overlapping [from, to), by thread then start. */
export function threadStatesIn(db: Database.Database, from: number, to: number): StateInterval[] {
  // Those starting inside the window (index range), plus the one each thread was in at `from`.
  const inside = prep(db, 'SELECT thread, state, start_cycle AS start, end_cycle AS end FROM thread_states WHERE start_cycle >= ? AND start_cycle < ?').all(from, to) as StateInterval[];
  const atFrom = prep(db, `SELECT s.thread, s.state, s.start_cycle AS start, s.end_cycle AS end FROM threads t JOIN thread_states s
    ON s.rowid = (SELECT rowid FROM thread_states WHERE thread = t.id AND start_cycle < ? ORDER BY start_cycle DESC LIMIT 1) WHERE s.end_cycle > ?`).all(from, from) as StateInterval[];
  return [...atFrom, ...inside].sort((a, b) => a.thread - b.thread || a.start - b.start);
}

/** The thread the last schedule event at or before `cycle` switched to (null: idle / none). */
export function runningThreadAt(db: Database.Database, cycle: number): number | null {
  // A schedule event's `to` is its `thread` column.
  const row = prep(db, "SELECT thread FROM events WHERE kind = 'schedule' AND cycle <= ? ORDER BY id DESC LIMIT 1").get(cycle) as { thread: number | null } | undefined;
  return row === undefined ? null : row.thread;
}

/** The thread running when `instret` instructions have retired, by the schedule events (null: idle / none). */
export function runningThreadAtInstret(db: Database.Database, instret: number): number | null {
  // Id order is (instret, cycle) order; a schedule event's `to` is its `thread` column.
  const row = prep(db, "SELECT thread FROM events WHERE kind = 'schedule' AND instret <= ? ORDER BY id DESC LIMIT 1").get(instret) as { thread: number | null } | undefined;
  return row === undefined ? null : row.thread;
}

export function threadList(db: Database.Database): ThreadInfo[] {
  return prep(db, 'SELECT id, name FROM threads ORDER BY id').all() as ThreadInfo[];
}

/** Names of kernel objects (threads, endpoints, ...) by id, from the recorded object events. */
export function objectNames(db: Database.Database): Map<number, string> {
  const names = new Map<number, string>();
  for (const r of prep(db, "SELECT object, name FROM events WHERE kind = 'object' ORDER BY id").all() as { object: number; name: string }[]) {
    names.set(r.object, r.name);
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
  const sql = `SELECT ${EVENT_COLUMNS_SQL} FROM events NOT INDEXED WHERE kind IN (${kinds.map(() => '?').join(',')}) ORDER BY rowid`;
  const out: EventRow[] = [];
  for (const r of prep(db, sql).iterate(...kinds) as IterableIterator<Raw>) for (const e of expandRow(r)) out.push(e);
  return out;
}
