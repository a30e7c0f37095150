/**
 * Replay's query module: every SQL statement a front end needs, on an open index database.
 * ReplaySession exposes these as methods; the benchmark calls them directly, so the measured
 * queries are the real ones. No front end runs SQL of its own.
 *
 * Rows of `events` may stand for runs of events (tracer/index-events.ts): these functions expand
 * them, so callers always see one EventRow per event with its own id, cycle and instret. Event
 * order is id order, which is also (instret, cycle) order: neither cycle nor instret ever
 * decreases with id (one hart; every event is stamped with the hart's counters when it happens).
 * So a cycle window is an id range, found with two look-ups in the cycle index; the other filters
 * (thread, kind) then scan their own index over just that range, never every row before the
 * window.
 *
 * Event rows are fetched packed (EVENT_ROW_SQL: ~17 values instead of ~50, mostly NULL) and as
 * arrays (raw statements): converting the values and building row objects cost more than finding
 * the rows.
 */
import type Database from 'better-sqlite3';
import type { EventKind, TraceEvent } from '../tracer/schema.js';
import { eventKeys } from '../tracer/schema.js';
import { decodeEventRow, EVENT_ROW, EVENT_ROW_SQL } from '../tracer/index-events.js';

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
/** An `events` row as selected by SELECT below: a packed row (tracer/index-events.ts EVENT_ROW_SQL). */
type Raw = unknown[];
const { id: ID, kind: KIND, count: COUNT, end_cycle: END_CYCLE } = EVENT_ROW;

/** The events one `events` row stands for, as EventRows. */
export function expandRow(r: Raw): EventRow[] {
  const id0 = r[ID] as number;
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
/** A cached statement selecting whole event rows (SELECT ...), returning them as arrays. */
function prepRows(db: Database.Database, sql: string): Database.Statement {
  const key = `raw ${sql}`;
  let m = stmtCache.get(db);
  if (m === undefined) { m = new Map(); stmtCache.set(db, m); }
  let s = m.get(key);
  if (s === undefined) { s = db.prepare(sql).raw(true); m.set(key, s); }
  return s;
}

/** Id of the first row with cycle >= `cycle` (MAX_SAFE_INTEGER if none): rows before it all have earlier cycles. */
function firstRowFrom(db: Database.Database, cycle: number): number {
  const r = prep(db, 'SELECT id FROM events WHERE cycle >= ? ORDER BY cycle, id LIMIT 1').get(cycle) as { id: number } | undefined;
  return r?.id ?? Number.MAX_SAFE_INTEGER;
}
/** Id of the last row with cycle <= `cycle` (-1 if none): rows after it all have later cycles. */
function lastRowTo(db: Database.Database, cycle: number): number {
  const r = prep(db, 'SELECT id FROM events WHERE cycle <= ? ORDER BY cycle DESC, id DESC LIMIT 1').get(cycle) as { id: number } | undefined;
  return r?.id ?? -1;
}
/**
 * Id of the last row with instret <= `instret` (-1 if none). No index on instret (it would cost
 * every recording a sort): a binary search over the primary key, ~20 point look-ups on 1M rows.
 */
function lastRowToInstret(db: Database.Database, instret: number): number {
  const at = prep(db, 'SELECT id, instret FROM events WHERE id <= ? ORDER BY id DESC LIMIT 1');
  const last = prep(db, 'SELECT id, instret FROM events ORDER BY id DESC LIMIT 1').get() as { id: number; instret: number } | undefined;
  if (last === undefined) return -1;
  if (last.instret <= instret) return last.id;
  // Invariant: the row at or before `lo` qualifies (or lo = -1), the row at `hi` does not.
  let lo = -1, hi = last.id;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const r = at.get(mid) as { id: number; instret: number } | undefined;
    if (r === undefined) { lo = mid; continue; } // no row at or before mid: nothing to find there
    if (r.instret <= instret) lo = mid; else hi = r.id;
  }
  const r = lo < 0 ? undefined : at.get(lo) as { id: number } | undefined;
  return r?.id ?? -1;
}

const SELECT = `SELECT ${EVENT_ROW_SQL} FROM events`;

/** Number of events in the index (not rows: runs count for all their events). */
export function eventCount(db: Database.Database): number {
  const r = prep(db, 'SELECT id + count AS n FROM events ORDER BY id DESC LIMIT 1').get() as { n: number } | undefined;
  return r?.n ?? 0;
}

/** Events matching the filter, in id order. Streams rows from SQLite; stops at `limit`. */
export function* iterateEvents(db: Database.Database, f: EventFilter = {}): Generator<EventRow> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const kinds = f.kind === undefined ? undefined : Array.isArray(f.kind) ? f.kind : [f.kind];
  if (kinds !== undefined) { where.push(`kind IN (${kinds.map(() => '?').join(',')})`); args.push(...kinds); }
  if (f.thread !== undefined) { where.push('thread = ?'); args.push(f.thread); }
  const limit = f.limit ?? Infinity;
  if (limit <= 0) return;
  let n = 0;
  const inRange = (e: EventRow): boolean => (f.from === undefined || e.cycle >= f.from) && (f.to === undefined || e.cycle <= f.to);
  if (f.from !== undefined) {
    // A run is the only row that can start before `from` and reach past it: the last row before.
    const prev = prepRows(db, `${SELECT} WHERE cycle < ? ORDER BY cycle DESC, id DESC LIMIT 1`).get(f.from) as Raw | undefined;
    if (prev !== undefined && (prev[COUNT] as number) > 1 && (prev[END_CYCLE] as number) >= f.from) {
      const ok = (kinds === undefined || kinds.includes(prev[KIND] as EventKind)) && f.thread === undefined;
      if (ok) for (const e of expandRow(prev)) if (inRange(e)) { yield e; if (++n >= limit) return; }
    }
    where.push('id >= ?'); args.push(firstRowFrom(db, f.from));
  }
  if (f.to !== undefined) { where.push('id <= ?'); args.push(lastRowTo(db, f.to)); }
  const sql = `${SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
  // Not a cached statement: a caller may hold two of these generators open at once.
  for (const r of db.prepare(sql).raw(true).iterate(...args) as IterableIterator<Raw>) {
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
  const r = prepRows(db, `${SELECT} WHERE id <= ? ORDER BY id DESC LIMIT 1`).get(id) as Raw | undefined;
  if (r === undefined || id >= (r[ID] as number) + (r[COUNT] as number)) return undefined;
  return expandRow(r)[id - (r[ID] as number)];
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
    const last = prepRows(db, `${SELECT} WHERE ${f.sql} AND id < ? ORDER BY id DESC LIMIT 1`).get(...f.args, boundary) as Raw | undefined;
    if (dir === '<') {
      if (last !== undefined) {
        const evs = expandRow(last).filter((e) => beforePoint(e, instret, cycle));
        const e = evs[evs.length - 1];
        if (e !== undefined && better(e)) best = e;
      }
      continue;
    }
    let found: EventRow | undefined;
    if (last !== undefined && (last[COUNT] as number) > 1) found = expandRow(last).find((e) => afterPoint(e, instret, cycle));
    if (found === undefined) {
      const next = prepRows(db, `${SELECT} WHERE ${f.sql} AND id >= ? ORDER BY id LIMIT 1`).get(...f.args, boundary) as Raw | undefined;
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
  const kinds = q.kinds ?? undefined, thread = q.thread, opts = q;
  const boundary = boundaryRow(db, instret, cycle, true);
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (thread !== undefined && thread !== null) { where.push('thread = ?'); args.push(thread); }
  if (opts.trapInterrupt !== undefined) where.push(`(kind <> 'trap' OR interrupt = ${opts.trapInterrupt ? 1 : 0})`);
  const isBefore = (e: EventRow): boolean => beforePoint(e, instret, cycle);
  const past: EventRow[] = [];
  const head: EventRow[] = [];
  if (before > 0 || after > 0) {
    // Every row holds at least one event; the nearest row may hold none before the point.
    const rows = rowsNear(db, kinds, where, args, boundary, 'before', before + 1);
    rows.forEach((r, i) => {
      const evs = expandRow(r);
      if (i === 0) head.push(...evs.filter((e) => !isBefore(e)));
      const pre = evs.filter(isBefore);
      while (pre.length > 0 && past.length < before) past.push(pre.pop()!);
    });
  }
  past.reverse();
  const future: EventRow[] = head.slice(0, after);
  if (future.length < after) {
    for (const r of rowsNear(db, kinds, where, args, boundary, 'from', after - future.length)) {
      for (const e of expandRow(r)) { if (future.length >= after) break; future.push(e); }
    }
  }
  return { past, future };
}

/**
 * Up to `n` rows matching `where` and one of `kinds` (all kinds if none) before row `boundary`
 * or from it on, nearest first. Several kinds are one query each through the kind index, merged:
 * `kind IN (...) ... ORDER BY id` would sort every matching row of the table first.
 */
function rowsNear(db: Database.Database, kinds: readonly EventKind[] | undefined, where: readonly string[], args: readonly (string | number)[],
  boundary: number, side: 'before' | 'from', n: number): Raw[] {
  const one = (kind: EventKind | undefined): Raw[] => {
    const w = [...(kind !== undefined ? ['kind = ?'] : []), ...where, side === 'before' ? 'id < ?' : 'id >= ?'];
    const sql = `${SELECT} WHERE ${w.join(' AND ')} ORDER BY id ${side === 'before' ? 'DESC' : 'ASC'} LIMIT ?`;
    return prepRows(db, sql).all(...(kind !== undefined ? [kind] : []), ...args, boundary, n) as Raw[];
  };
  if (kinds === undefined || kinds.length === 0) return one(undefined);
  const ks = [...new Set(kinds)];
  if (ks.length === 1) return one(ks[0]);
  const rows = ks.flatMap(one);
  rows.sort(side === 'before' ? (a, b) => (b[ID] as number) - (a[ID] as number) : (a, b) => (a[ID] as number) - (b[ID] as number));
  return rows.slice(0, n);
}

/** Events with from <= cycle < to of the given kinds, at most `limit`. */
export function eventsIn(db: Database.Database, from: number, to: number, kinds: readonly EventKind[], limit: number): EventRow[] {
  if (to <= from || kinds.length === 0) return [];
  return queryEvents(db, { kind: [...kinds], from, to: to - 1, limit });
}

/** The last thread_state event of each thread, and the last schedule event, before `cycle`. */
export function stateEventsBefore(db: Database.Database, cycle: number): EventRow[] {
  // Per thread (the threads table lists every thread an event is about), its last thread_state
  // row before the point: a walk back through that thread's rows in the thread index.
  const before = firstRowFrom(db, cycle);
  const ts = prepRows(db, `${SELECT} WHERE id IN (SELECT (SELECT id FROM events WHERE thread = t.id AND kind = 'thread_state' AND id < ? ORDER BY id DESC LIMIT 1) FROM threads t)`).all(before) as Raw[];
  const sc = prepRows(db, `${SELECT} WHERE kind = 'schedule' AND id < ? ORDER BY id DESC LIMIT 1`).all(before) as Raw[];
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
  const row = prep(db, "SELECT thread FROM events WHERE kind = 'schedule' AND id <= ? ORDER BY id DESC LIMIT 1").get(lastRowTo(db, cycle)) as { thread: number | null } | undefined;
  return row === undefined ? null : row.thread;
}

/** The thread running when `instret` instructions have retired, by the schedule events (null: idle / none). */
export function runningThreadAtInstret(db: Database.Database, instret: number): number | null {
  // Id order is (instret, cycle) order; a schedule event's `to` is its `thread` column.
  const row = prep(db, "SELECT thread FROM events WHERE kind = 'schedule' AND id <= ? ORDER BY id DESC LIMIT 1").get(lastRowToInstret(db, instret)) as { thread: number | null } | undefined;
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

/** Whether the recording has any symbol at all (a stripped image has none). */
export function hasSymbols(db: Database.Database): boolean {
  return prep(db, 'SELECT 1 FROM symbols LIMIT 1').get() !== undefined;
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
  const sql = `SELECT ${EVENT_ROW_SQL} FROM events NOT INDEXED WHERE kind IN (${kinds.map(() => '?').join(',')}) ORDER BY rowid`;
  const out: EventRow[] = [];
  for (const r of prepRows(db, sql).iterate(...kinds) as IterableIterator<Raw>) for (const e of expandRow(r)) out.push(e);
  return out;
}
