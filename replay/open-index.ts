/**
 * Open a trace's index for queries (`seltrace sql`, `seltrace export`) and analyses
 * (`seltrace deadlines`), through the
 * index cache (tracer/index-cache.ts): checked, and rebuilt from the stream with a line on
 * stderr when missing, stale, damaged or not ours.
 */
import Database from 'better-sqlite3';
import { openIndexedTrace, type Notify } from '../tracer/index-cache.js';

export function openIndexReadOnly(streamPath: string, note: Notify): Database.Database {
  const t = openIndexedTrace(streamPath, note);
  t.file.close(); // queries need only the index
  return t.db;
}

/**
 * The checked index opened writable when it can be, so that an analysis stores what it derives
 * (the jobs table) once; read-only where the directory is not writable.
 */
export function openIndexForAnalysis(streamPath: string, note?: Notify): Database.Database {
  openIndexReadOnly(streamPath, note ?? ((l) => process.stderr.write(`seltrace: ${l}\n`))).close();
  const path = `${streamPath}.db`;
  try { return new Database(path, { fileMustExist: true }); } catch {
    return new Database(path, { readonly: true, fileMustExist: true });
  }
}
