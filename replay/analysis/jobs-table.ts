/**
 * The `jobs` table of the SQLite index: every job of every real-time thread, derived once from
 * the events (jobs.ts) and stored, so the CLI and the TUI read it instead of recomputing it.
 * The table is declared in tracer/index-jobs.ts (the index cache must know it). Deadlines are not stored: they depend
 * on `--deadline` overrides (deadline = release + override, else + period).
 */
import type Database from 'better-sqlite3';
import { markBacklogs, type Job, type JobKind } from './jobs.js';
import { jobsDdl } from '../../tracer/index-jobs.js';

/** Bump when the derivation changes: a stored table of another version is rebuilt. */
export const JOBS_VERSION = 10;

interface Row { thread: number; seq: number; kind: string; release: number; release_event: number; finish: number | null; finish_event: number | null; period: number | null; folded: number; }

/** The stored jobs, or null if the table is missing or of another derivation version. */
export function loadJobs(db: Database.Database): Job[] | null {
  const has = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get();
  if (has === undefined) return null;
  const v = db.prepare("SELECT value FROM meta WHERE key = 'jobs_version'").get() as { value: string } | undefined;
  if (v === undefined || Number(v.value) !== JOBS_VERSION) return null;
  const rows = db.prepare('SELECT * FROM jobs ORDER BY release, thread, seq').all() as Row[];
  return markBacklogs(rows.map((r) => ({
    thread: r.thread, seq: r.seq, kind: r.kind as JobKind, release: r.release, releaseEvent: r.release_event,
    finish: r.finish, finishEvent: r.finish_event, period: r.period, ...(r.folded > 0 ? { folded: r.folded } : {}),
  })));
}

/** Store jobs (replacing any older table). Needs a writable database. */
export function storeJobs(db: Database.Database, jobs: readonly Job[]): void {
  db.exec('DROP TABLE IF EXISTS jobs;' + jobsDdl());
  const ins = db.prepare('INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const j of jobs) ins.run(j.thread, j.seq, j.kind, j.release, j.releaseEvent, j.finish, j.finishEvent, j.period, j.folded ?? 0);
    db.prepare("DELETE FROM meta WHERE key = 'jobs_version'").run();
    db.prepare("INSERT INTO meta VALUES ('jobs_version', ?)").run(String(JOBS_VERSION));
  })();
}
