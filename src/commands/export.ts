/** `seltrace export [TRACE] --format perfetto|csv -o FILE [--from C] [--to C]`. */
import { openIndexReadOnly } from '../../replay/open-index.js';
import { writePerfetto } from '../../replay/perfetto.js';
import { iterateEvents } from '../../replay/event-queries.js';
import { describeEvent } from '../../replay/describe.js';
import { ioReason, UserError } from '../errors.js';
import { OutBuffer } from './out-buffer.js';
import { resolveTracePath } from './trace-path.js';

export interface ExportOptions { output: string; format: string; from?: number; to?: number; }

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function exportCommand(traceArg: string | undefined, o: ExportOptions): number {
  if (o.format !== 'perfetto' && o.format !== 'csv') throw new UserError(`export: unknown --format '${o.format}' (perfetto or csv)`);
  const db = openIndexReadOnly(resolveTracePath(traceArg), (l) => process.stderr.write(`seltrace: ${l}\n`));
  try {
    const end = Number((db.prepare("SELECT value FROM meta WHERE key = 'cycles'").get() as { value: string } | undefined)?.value
      ?? (db.prepare('SELECT MAX(end_cycle) AS c FROM events').get() as { c: number | null }).c ?? 0);
    const from = o.from ?? 0, to = Math.min(o.to ?? end, end);
    if (from > to) throw new UserError(`export: --from ${from} is after --to ${to} (the recording ends at cycle ${end})`);
    let out: OutBuffer;
    try { out = new OutBuffer(o.output); } catch (e) {
      throw new UserError(`export: cannot write ${o.output}: ${ioReason(e)}`);
    }
    if (o.format === 'perfetto') {
      const s = writePerfetto(db, out, { from, to });
      out.close();
      process.stderr.write(`exported cycles ${from}..${to} to ${o.output}: ${s.slices} slices, ${s.flows} flows, ${s.events} trace events\n`);
    } else {
      const names = new Map((db.prepare("SELECT object, name FROM events WHERE kind = 'object'").all() as { object: number; name: string }[]).map((r) => [r.object, r.name]));
      out.write('id,cycle,instret,kind,thread,object,description\n');
      let n = 0;
      for (const e of iterateEvents(db, { from, to })) {
        out.write([e.id, e.cycle, e.instret, e.kind, e.thread, e.object, describeEvent(e.event, (id) => names.get(id) ?? `#${id}`)].map(csvCell).join(',') + '\n');
        n++;
      }
      out.close();
      process.stderr.write(`exported ${n} events (cycles ${from}..${to}) to ${o.output}\n`);
    }
    return 0;
  } finally {
    db.close();
  }
}
