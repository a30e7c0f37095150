/**
 * The SQL behind event navigation, on an open index database. ReplaySession uses these, and so
 * does the benchmark, so the measured queries are the real ones.
 */
import type Database from 'better-sqlite3';
import type { EventKind, TraceEvent } from '../tracer/schema.js';

export interface EventRow { id: number; cycle: number; instret: number; kind: EventKind; thread: number | null; object: number | null; event: TraceEvent; }
export interface EventFilter { kind?: EventKind | EventKind[]; thread?: number; from?: number; to?: number; limit?: number; }
interface RawRow { id: number; cycle: number; instret: number; kind: string; thread: number | null; object: number | null; data: string; }

function toRow(r: RawRow): EventRow {
  return { id: r.id, cycle: r.cycle, instret: r.instret, kind: r.kind as EventKind, thread: r.thread, object: r.object, event: JSON.parse(r.data) as TraceEvent };
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
  const r = db.prepare('SELECT * FROM events WHERE id = ?').get(id) as RawRow | undefined;
  return r === undefined ? undefined : toRow(r);
}

/** The nearest event strictly after ('>') or before ('<') the point (instret, cycle). */
export function neighbourEvent(db: Database.Database, dir: '<' | '>', instret: number, cycle: number, kinds?: EventKind[], thread?: number): EventRow | undefined {
  // Row-value comparison so SQLite walks the (kind|thread, instret, cycle) indexes.
  const where = [`(instret, cycle) ${dir} (?, ?)`];
  const args: (string | number)[] = [instret, cycle];
  if (kinds !== undefined && kinds.length > 0) { where.push(`kind IN (${kinds.map(() => '?').join(',')})`); args.push(...kinds); }
  if (thread !== undefined) { where.push('thread = ?'); args.push(thread); }
  const order = dir === '>' ? 'instret ASC, cycle ASC, id ASC' : 'instret DESC, cycle DESC, id DESC';
  const r = db.prepare(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT 1`).get(...args) as RawRow | undefined;
  return r === undefined ? undefined : toRow(r);
}
