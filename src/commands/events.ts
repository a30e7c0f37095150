/** `seltrace events trace [--kind K] [--thread T] [--from C] [--to C] [--json]`. */
import { ReplaySession, type ThreadInfo } from '../../replay/session.js';
import { parseCountText } from '../../replay/spec.js';
import { describeEvent } from '../../replay/describe.js';
import { EVENT_KINDS, isEventKind, type EventKind } from '../../tracer/schema.js';
import { UserError } from '../errors.js';
import { resolveTracePath } from './trace-path.js';
import { printable } from '../../tracer/printable.js';

export interface EventsOptions { kind?: string; thread?: string; from?: number; to?: number; limit?: number; json?: boolean; }

export function parseKinds(s: string | undefined): EventKind[] | undefined {
  if (s === undefined) return undefined;
  const ks = s.split(',').map((k) => k.trim()).filter((k) => k !== '');
  for (const k of ks) if (!isEventKind(k)) throw new UserError(`--kind: unknown event kind '${k}' (kinds: ${EVENT_KINDS.join(', ')})`);
  return ks as EventKind[];
}

/** A thread by name or kernel id; anything else is an error naming the threads there are. */
export function resolveThread(threads: readonly ThreadInfo[], arg: string): number {
  const byName = threads.filter((t) => t.name === arg);
  if (byName.length === 1) return byName[0].id;
  const id = parseCountText(arg);
  if (id !== null && threads.some((t) => t.id === id)) return id;
  const known = threads.length === 0 ? 'this trace has no threads (bare image)' : `threads: ${threads.map((t) => `${t.name} (${t.id})`).join(', ')}`;
  throw new UserError(`--thread: no thread '${arg}'; ${known}`);
}

export function eventsCommand(traceArg: string | undefined, o: EventsOptions): number {
  const kinds = parseKinds(o.kind);
  // An empty window is a typo, not "no events" (export says the same).
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) throw new UserError(`events: --from ${o.from} is after --to ${o.to}`);
  const r = ReplaySession.open(resolveTracePath(traceArg));
  let thread: number | undefined;
  try { thread = o.thread === undefined ? undefined : resolveThread(r.threadList(), o.thread); } catch (e) { r.close(); throw e; }
  const rows = r.events({ kind: kinds, thread, from: o.from, to: o.to, limit: o.limit });
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
