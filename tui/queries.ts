/**
 * Index lookups the TUI needs beyond ReplaySession's own (events around the cursor, neighbours
 * with a trap predicate, thread states at a cycle). Read-only SQL on the session's index; no
 * Ink here, so this can move into replay/ unchanged.
 */
import type Database from 'better-sqlite3';
import type { EventRow, ReplaySession } from '../replay/session.js';
import type { EventKind } from '../tracer/schema.js';
import { EVENT_COLUMNS_SQL } from '../tracer/index-events.js';
import { eventCount as countEvents, eventsAround as around, expandRow, neighbourEvent, queryEvents } from '../replay/event-queries.js';

const stmts = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prep(r: ReplaySession, sql: string): Database.Statement {
  let m = stmts.get(r.db);
  if (m === undefined) { m = new Map(); stmts.set(r.db, m); }
  let s = m.get(sql);
  if (s === undefined) { s = r.db.prepare(sql); m.set(sql, s); }
  return s;
}

export interface EventQuery {
  kinds?: readonly EventKind[] | null;
  thread?: number | null;
  /** Traps only if their `interrupt` flag is this (other kinds unaffected). */
  trapInterrupt?: boolean;
}

/** Strictly after (dir 1) / before (dir -1) the session's current point, like ReplaySession.nextEvent. */
export function neighbour(r: ReplaySession, dir: 1 | -1, q: EventQuery): EventRow | undefined {
  return neighbourEvent(r.db, dir > 0 ? '>' : '<', r.instret, r.cycle, q.kinds ?? undefined, q.thread ?? undefined, { trapInterrupt: q.trapInterrupt });
}

/**
 * Events around the cursor: up to `before` strictly before it (like prevEvent) and up to
 * `after` at or after it, in stream order. Events at the cursor's exact (instret, cycle) have
 * not happened yet in the machine's state: they happen during the next instruction.
 */
export function eventsAround(r: ReplaySession, q: EventQuery, before: number, after: number): { past: EventRow[]; future: EventRow[] } {
  return around(r.db, r.instret, r.cycle, before, after, q.kinds, q.thread, { trapInterrupt: q.trapInterrupt });
}

/** Events with from <= cycle < to of the given kinds, at most `limit`. */
export function eventsIn(r: ReplaySession, from: number, to: number, kinds: readonly EventKind[], limit: number): EventRow[] {
  if (to <= from) return [];
  return queryEvents(r.db, { kind: [...kinds], from, to: to - 1, limit });
}

export interface ThreadInfo { id: number; name: string; }

export function threadList(r: ReplaySession): ThreadInfo[] {
  return prep(r, 'SELECT id, name FROM threads ORDER BY id').all() as ThreadInfo[];
}

/** The last thread_state event of each thread, and the last schedule event, before `cycle`. */
export function stateEventsBefore(r: ReplaySession, cycle: number): EventRow[] {
  const ts = prep(r, `SELECT ${EVENT_COLUMNS_SQL} FROM events WHERE id IN (SELECT MAX(id) FROM events WHERE kind = 'thread_state' AND cycle < ? GROUP BY thread)`).all(cycle) as Record<string, unknown>[];
  const sc = prep(r, `SELECT ${EVENT_COLUMNS_SQL} FROM events WHERE kind = 'schedule' AND cycle < ? ORDER BY cycle DESC, id DESC LIMIT 1`).all(cycle) as Record<string, unknown>[];
  return [...ts, ...sc].flatMap(expandRow).sort((a, b) => a.id - b.id);
}

export function eventCount(r: ReplaySession): number {
  return countEvents(r.db);
}
