/**
 * `seltrace sql [TRACE] "<query>" [--json | --csv] [--limit N]`: one read-only query on a
 * trace's index. The database is opened read-only, and statements that would write, attach
 * another database or return nothing are refused before they run.
 */
import type Database from 'better-sqlite3';
import { openIndexReadOnly } from '../../replay/open-index.js';
import { UserError } from '../errors.js';
import { OutBuffer } from './out-buffer.js';
import { resolveTracePath } from './trace-path.js';

export interface SqlOptions { json?: boolean; csv?: boolean; limit?: number; }

/** Rows a terminal shows by default; `--limit` changes it. */
const TERMINAL_LIMIT = 1000;
/** Rows used to size the columns of a table before the rest stream with those widths. */
const WIDTH_SAMPLE = 500;

/** A one-line message for an SQLite error, with where in the query it points when it names a token. */
export function sqliteErrorLine(query: string, e: Error): string {
  const msg = e.message.split('\n')[0];
  const m = /near "([^"]*)"/.exec(msg) ?? /no such (?:column|table|function): ([\w.]+)/.exec(msg);
  const at = m !== null ? query.indexOf(m[1]) : -1;
  return `sql: ${msg}${at >= 0 ? ` (at character ${at + 1} of the query)` : ''}`;
}

/** Prepare a query and refuse anything but a read that returns rows. */
export function prepareReadOnly(db: Database.Database, query: string): Database.Statement {
  // Leading comments and whitespace do not hide the statement's first keyword.
  const head = query.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, '');
  if (/^(ATTACH|DETACH)\b/i.test(head)) throw new UserError('sql: ATTACH / DETACH refused: only the trace\'s own index can be queried');
  let st: Database.Statement;
  try { st = db.prepare(query); } catch (e) {
    if (e instanceof RangeError || (e as Error).name === 'SqliteError' || e instanceof TypeError) throw new UserError(sqliteErrorLine(query, e as Error));
    throw e;
  }
  if (!st.readonly) throw new UserError('sql: statement refused: it would modify the database (the index is read-only; queries only)');
  if (!st.reader) throw new UserError('sql: statement refused: it returns no rows (SELECT, WITH, EXPLAIN, VALUES or a reading PRAGMA)');
  return st;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const cellText = (v: unknown): string =>
  v === null || v === undefined ? 'NULL' : v instanceof Uint8Array ? `x'${hex(v)}'` : typeof v === 'string' ? v.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)) : String(v);
const jsonValue = (v: unknown): unknown => (v instanceof Uint8Array ? hex(v) : typeof v === 'bigint' ? v.toString() : v);
const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Uint8Array ? hex(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function sqlCommand(traceArg: string | undefined, query: string, o: SqlOptions): number {
  if (o.json === true && o.csv === true) throw new UserError('sql: choose one of --json and --csv');
  if (query.trim() === '') throw new UserError('sql: empty query');
  const db = openIndexReadOnly(resolveTracePath(traceArg), (l) => process.stderr.write(`seltrace: ${l}\n`));
  try {
    const st = prepareReadOnly(db, query);
    const cols = st.columns().map((c) => c.name);
    const table = o.json !== true && o.csv !== true;
    const limit = o.limit ?? (table && process.stdout.isTTY === true ? TERMINAL_LIMIT : Infinity);
    const out = new OutBuffer();
    let n = 0, more = false;
    const rows = st.raw(true).iterate() as IterableIterator<unknown[]>;
    try {
      if (o.json === true) {
        out.write('[');
        for (const r of rows) {
          if (n >= limit) { more = true; break; }
          const obj: Record<string, unknown> = {};
          cols.forEach((c, i) => { obj[c] = jsonValue(r[i]); });
          out.write(`${n === 0 ? '' : ','}\n${JSON.stringify(obj)}`);
          n++;
        }
        out.write(n === 0 ? ']\n' : '\n]\n');
      } else if (o.csv === true) {
        out.write(cols.map(csvCell).join(',') + '\n');
        for (const r of rows) {
          if (n >= limit) { more = true; break; }
          out.write(r.map(csvCell).join(',') + '\n');
          n++;
        }
      } else {
        // Size columns on a sample, then stream the rest with those widths.
        const sample: string[][] = [];
        let it = rows.next();
        while (!it.done && sample.length < Math.min(WIDTH_SAMPLE, limit)) { sample.push(it.value.map(cellText)); it = rows.next(); }
        const w = cols.map((c, i) => Math.min(60, Math.max(c.length, ...sample.map((r) => r[i].length))));
        const numeric = cols.map((_, i) => sample.length > 0 && sample.every((r) => r[i] === 'NULL' || /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(r[i])));
        const line = (cells: string[]): string => cells.map((c, i) => (numeric[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd() + '\n';
        out.write(line(cols));
        out.write(w.map((x) => '-'.repeat(x)).join('  ') + '\n');
        for (const r of sample) { out.write(line(r)); n++; }
        while (!it.done) {
          if (n >= limit) { more = true; break; }
          out.write(line(it.value.map(cellText)));
          n++;
          it = rows.next();
        }
        if (!more) out.write(`(${n} row${n === 1 ? '' : 's'})\n`);
      }
    } catch (e) {
      out.flush();
      if ((e as Error).name === 'SqliteError' || e instanceof RangeError) throw new UserError(sqliteErrorLine(query, e as Error));
      throw e;
    } finally {
      // Stop SQLite's iteration if we broke off early.
      (rows as { return?: () => unknown }).return?.();
    }
    out.close();
    if (more) process.stderr.write(`seltrace: output stopped at ${n} rows (--limit N for more)\n`);
    return 0;
  } finally {
    db.close();
  }
}
