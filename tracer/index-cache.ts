/**
 * The index (`<trace>.db`) is a cache of the stream, never trusted: before use it is checked
 * (present, no hot journal, readable, exactly our schema, same index version, same recording,
 * built for this very stream file) and rebuilt from the stream when it is not, with one line
 * saying why. Readers open it read-only. Replay sessions, `events` and `info` come through here.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ddl, INDEX_VERSION } from './index-db.js';
import { jobsDdlStatements } from './index-jobs.js';
import { rebuildIndex, streamStamp } from './reindex.js';
import { TraceFile, TraceError, checkVersion } from './trace-stream.js';
import { lockHolder } from './trace-lock.js';
import { SummaryBuilder, summaryFromFacts, type TraceSummary } from './trace-summary.js';

export interface IndexedTrace { file: TraceFile; db: Database.Database; summary: TraceSummary; }

/** Where a rebuild notice goes (stderr for the CLI; tests may collect it). */
export type Notify = (line: string) => void;
const toStderr: Notify = (line) => process.stderr.write(`seltrace: ${line}\n`);

interface Checked { db: Database.Database; summary: TraceSummary; }

/** Why the index cannot be used as is, or the open index and its summary. */
export function checkIndex(file: TraceFile, indexPath: string): Checked | { problem: string } {
  if (!existsSync(indexPath)) return { problem: 'is missing' };
  if (existsSync(`${indexPath}-journal`) || existsSync(`${indexPath}-wal`)) return { problem: 'has a hot journal (its writer was interrupted)' };
  let db: Database.Database;
  try { db = new Database(indexPath, { readonly: true, fileMustExist: true }); } catch (e) {
    return { problem: `cannot be opened (${(e as Error).message})` };
  }
  try {
    const problem = schemaProblem(db) ?? metaProblem(db, file);
    if (typeof problem === 'string') { db.close(); return { problem }; }
    return { db, summary: problem.summary };
  } catch (e) {
    db.close();
    return { problem: `is damaged (${(e as Error).message})` };
  }
}

/**
 * Exactly the tables and indexes of index-db.ts, plus the jobs table the deadline analysis may
 * have added: no views, triggers or foreign tables.
 */
function schemaProblem(db: Database.Database): string | null {
  const want = ddl().split('\n').map((s) => s.replace(/;$/, '')).sort();
  const optional = new Set(jobsDdlStatements());
  const have = (db.prepare("SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY sql").all() as { sql: string | null }[])
    .map((r) => r.sql ?? '').filter((s) => !optional.has(s)).sort();
  if (want.length === have.length && want.every((s, i) => s === have[i])) return null;
  // Ours, but the tables and indexes made at its end are missing: its writer was killed.
  const ours = new Set(want);
  if (have.length < want.length && have.every((s) => ours.has(s))) return 'is incomplete (its recording or indexing was cut short)';
  return 'has a different schema (another seltrace version, or not ours)';
}

function metaProblem(db: Database.Database, file: TraceFile): string | { summary: TraceSummary } {
  const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: unknown; value: unknown }[])
    .map((r) => [String(r.key), String(r.value)]));
  if (meta.get('index_version') !== String(INDEX_VERSION)) return `has index version ${meta.get('index_version') ?? '?'}, not ${INDEX_VERSION}`;
  if (meta.get('image_hash') !== file.header.imageHash) return 'belongs to a different recording (image hash differs)';
  const stamp = streamStamp(file);
  if (meta.get('stream_size') !== stamp.stream_size) return `was built for a stream of ${meta.get('stream_size') ?? '?'} bytes, the stream has ${stamp.stream_size}`;
  if (meta.get('stream_mtime') !== stamp.stream_mtime) return 'is older than the stream (the stream was modified after indexing)';
  const summary = summaryFromFacts(meta);
  if (summary === null || summary.size !== file.size) return 'has no usable summary';
  return { summary };
}

/**
 * Open a trace with a usable index: the index as is when it checks out, else rebuilt from the
 * stream (one notice line). A recording in progress is not re-indexed under its writer.
 */
export function openIndexedTrace(streamPath: string, notify: Notify = toStderr): IndexedTrace {
  const indexPath = `${streamPath}.db`;
  let file = TraceFile.open(streamPath);
  try {
    checkVersion(file);
    let c = checkIndex(file, indexPath);
    if ('problem' in c) {
      const holder = lockHolder(streamPath);
      if (holder !== null) throw new TraceError(streamPath, 0, `is being recorded (pid ${holder}); open it when the recording ends`);
      notify(`index ${indexPath} ${c.problem}; rebuilding it from the stream`);
      file.close();
      rebuildOrExplain(streamPath, indexPath);
      file = TraceFile.open(streamPath);
      c = checkIndex(file, indexPath);
      if ('problem' in c) throw new TraceError(indexPath, 0, `rebuilt index ${c.problem}`);
    }
    return { file, db: c.db, summary: c.summary };
  } catch (e) {
    file.close();
    throw e;
  }
}

function rebuildOrExplain(streamPath: string, indexPath: string): void {
  try { rebuildIndex(streamPath, indexPath); } catch (e) {
    if (e instanceof TraceError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (/CANTOPEN|READONLY|EACCES|EROFS|EPERM/.test(code) || /readonly|unable to open/i.test((e as Error).message)) {
      throw new TraceError(indexPath, 0, `cannot write the index next to the stream (${(e as Error).message}); copy the trace to a writable directory`);
    }
    throw e;
  }
}

/**
 * A trace's summary without writing anything: from its index when that checks out (instant for
 * any size), else by one streaming scan. For `seltrace info`.
 */
export function readSummary(streamPath: string): { file: TraceFile; summary: TraceSummary; fromIndex: boolean } {
  const file = TraceFile.open(streamPath);
  try {
    checkVersion(file);
    const c = checkIndex(file, `${streamPath}.db`);
    if (!('problem' in c)) { c.db.close(); return { file, summary: c.summary, fromIndex: true }; }
    const b = new SummaryBuilder();
    for (const it of file.scan()) {
      if (it.hole !== undefined) b.hole(it.hole); else b.add(it.chunk);
    }
    return { file, summary: b.finish(file.size), fromIndex: false };
  } catch (e) {
    file.close();
    throw e;
  }
}
