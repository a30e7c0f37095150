/**
 * Open a trace's index read-only for queries (`seltrace sql`, `seltrace export`). A missing index
 * or one of another index version is rebuilt from the stream first, with a line on stderr.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { INDEX_VERSION } from '../tracer/index-db.js';
import { rebuildIndex } from '../tracer/reindex.js';

export function openIndexReadOnly(streamPath: string, note: (line: string) => void): Database.Database {
  const indexPath = `${streamPath}.db`;
  let why: string | null = existsSync(indexPath) ? null : 'missing';
  if (why === null) {
    try {
      const db = new Database(indexPath, { readonly: true, fileMustExist: true });
      const v = (db.prepare("SELECT value FROM meta WHERE key = 'index_version'").get() as { value: string } | undefined)?.value;
      if (v === String(INDEX_VERSION)) return db;
      db.close();
      why = `version ${v ?? '?'}, this seltrace uses ${INDEX_VERSION}`;
    } catch (e) {
      why = `unreadable: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  note(`index ${indexPath} ${why}: rebuilding it from the stream`);
  rebuildIndex(streamPath, indexPath);
  return new Database(indexPath, { readonly: true, fileMustExist: true });
}
