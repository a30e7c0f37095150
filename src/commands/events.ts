/** `seltrace events trace [--kind K] [--thread T] [--from C] [--to C] [--json]`. */
import { ReplaySession } from '../../replay/session.js';
import { describeEvent } from '../../replay/describe.js';
import { EVENT_KINDS, isEventKind, type EventKind } from '../../tracer/schema.js';
import { UserError } from '../errors.js';
import { resolveTracePath } from './trace-path.js';
import { printable } from '../../tracer/printable.js';

export interface EventsOptions { kind?: string; thread?: number; from?: number; to?: number; limit?: number; json?: boolean; }

export function parseKinds(s: string | undefined): EventKind[] | undefined {
  if (s === undefined) return undefined;
  const ks = s.split(',').map((k) => k.trim()).filter((k) => k !== '');
  for (const k of ks) if (!isEventKind(k)) throw new UserError(`--kind: unknown event kind '${k}' (kinds: ${EVENT_KINDS.join(', ')})`);
  return ks as EventKind[];
}

export function eventsCommand(traceArg: string | undefined, o: EventsOptions): number {
  const kinds = parseKinds(o.kind);
  const r = ReplaySession.open(resolveTracePath(traceArg));
  const rows = r.events({ kind: kinds, thread: o.thread, from: o.from, to: o.to, limit: o.limit });
  const names = r.objectNames();
  const name = (id: number): string => names.get(id) ?? `#${id}`;
  if (o.json === true) {
    process.stdout.write(JSON.stringify(rows.map((x) => ({ id: x.id, ...x.event })), null, 0).replace(/\},\{/g, '},\n{') + '\n');
  } else {
    for (const x of rows) process.stdout.write(printable(`#${String(x.id).padEnd(7)} ${String(x.cycle).padStart(12)}  ${x.kind.padEnd(12)} ${describeEvent(x.event, name)}`) + '\n');
  }
  r.close();
  return 0;
}
