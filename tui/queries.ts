/**
 * Index lookups the TUI needs beyond ReplaySession's own (events around the cursor, neighbours
 * with a trap predicate, thread states at a cycle). Read-only SQL on the session's index; no
 * Ink here, so this can move into replay/ unchanged.
 */
import type Database from 'better-sqlite3';
import type { EventRow, ReplaySession } from '../replay/session.js';
import type { EventKind, TraceEvent } from '../tracer/schema.js';

interface RawRow { id: number; cycle: number; instret: number; kind: string; thread: number | null; object: number | null; data: string; }

const stmts = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prep(r: ReplaySession, sql: string): Database.Statement {
  let m = stmts.get(r.db);
  if (m === undefined) { m = new Map(); stmts.set(r.db, m); }
  let s = m.get(sql);
  if (s === undefined) { s = r.db.prepare(sql); m.set(sql, s); }
  return s;
}

const toRow = (x: RawRow): EventRow => ({
  id: x.id, cycle: x.cycle, instret: x.instret, kind: x.kind as EventKind, thread: x.thread, object: x.object,
  event: JSON.parse(x.data) as TraceEvent,
});

export interface EventQuery {
  kinds?: readonly EventKind[] | null;
  thread?: number | null;
  /** Traps only if their `interrupt` flag is this (other kinds unaffected). */
  trapInterrupt?: boolean;
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

/** Strictly after (dir 1) / before (dir -1) the session's current point, like ReplaySession.nextEvent. */
export function neighbour(r: ReplaySession, dir: 1 | -1, q: EventQuery): EventRow | undefined {
  const args: (string | number)[] = [r.instret, r.instret, r.cycle];
  const where = [dir > 0 ? '(instret > ? OR (instret = ? AND cycle > ?))' : '(instret < ? OR (instret = ? AND cycle < ?))', ...filterSql(q, args)];
  const order = dir > 0 ? 'instret ASC, cycle ASC, id ASC' : 'instret DESC, cycle DESC, id DESC';
  const row = prep(r, `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT 1`).get(...args) as RawRow | undefined;
  return row === undefined ? undefined : toRow(row);
}

/**
 * Events around the cursor: up to `before` strictly before it (like prevEvent) and up to
 * `after` at or after it, in stream order. Events at the cursor's exact (instret, cycle) have
 * not happened yet in the machine's state: they happen during the next instruction.
 */
export function eventsAround(r: ReplaySession, q: EventQuery, before: number, after: number): { past: EventRow[]; future: EventRow[] } {
  const pa: (string | number)[] = [r.instret, r.instret, r.cycle];
  const pw = ['(instret < ? OR (instret = ? AND cycle < ?))', ...filterSql(q, pa)];
  const past = (prep(r, `SELECT * FROM events WHERE ${pw.join(' AND ')} ORDER BY instret DESC, cycle DESC, id DESC LIMIT ${before | 0}`)
    .all(...pa) as RawRow[]).map(toRow).reverse();
  const fa: (string | number)[] = [r.instret, r.instret, r.cycle];
  const fw = ['(instret > ? OR (instret = ? AND cycle >= ?))', ...filterSql(q, fa)];
  const future = (prep(r, `SELECT * FROM events WHERE ${fw.join(' AND ')} ORDER BY instret ASC, cycle ASC, id ASC LIMIT ${after | 0}`)
    .all(...fa) as RawRow[]).map(toRow);
  return { past, future };
}

/** Events with from <= cycle < to of the given kinds, at most `limit`. */
export function eventsIn(r: ReplaySession, from: number, to: number, kinds: readonly EventKind[], limit: number): EventRow[] {
  const args: (string | number)[] = [from, to, ...kinds];
  return (prep(r, `SELECT * FROM events WHERE cycle >= ? AND cycle < ? AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY id LIMIT ${limit | 0}`)
    .all(...args) as RawRow[]).map(toRow);
}

export interface ThreadInfo { id: number; name: string; }

export function threadList(r: ReplaySession): ThreadInfo[] {
  return prep(r, 'SELECT id, name FROM threads ORDER BY id').all() as ThreadInfo[];
}

/** The last thread_state event of each thread, and the last schedule event, before `cycle`. */
export function stateEventsBefore(r: ReplaySession, cycle: number): EventRow[] {
  const ts = prep(r, "SELECT * FROM events WHERE id IN (SELECT MAX(id) FROM events WHERE kind = 'thread_state' AND cycle < ? GROUP BY thread)").all(cycle) as RawRow[];
  const sc = prep(r, "SELECT * FROM events WHERE kind = 'schedule' AND cycle < ? ORDER BY cycle DESC, id DESC LIMIT 1").all(cycle) as RawRow[];
  return [...ts, ...sc].map(toRow).sort((a, b) => a.id - b.id);
}

export function eventCount(r: ReplaySession): number {
  return (prep(r, 'SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
}
