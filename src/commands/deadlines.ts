/** `seltrace deadlines [TRACE] [--thread T] [--deadline PD=TIME]... [--json]`. */
import { analyseRecording, NotASystemRecording, type DeadlineReport, type Miss } from '../../replay/analysis/deadlines.js';
import type { Cause } from '../../replay/analysis/explain.js';
import { causeText, missNotes } from '../../replay/analysis/describe-cause.js';
import { UserError } from '../errors.js';
import { resolveTracePath } from './trace-path.js';

export interface DeadlinesOptions { thread?: string; deadline?: string[]; json?: boolean; }

/** `PD=TIME`: TIME in s, ms, us, ns (at the recording's clock: `clock` cycles per µs) or plain cycles. */
export function parseDeadlineFlags(flags: readonly string[], clock: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of flags) {
    const m = /^([^=]+)=\s*(\d+(?:\.\d+)?)\s*(s|ms|us|µs|ns|cycles?)?$/i.exec(f.trim());
    if (m === null) throw new UserError(`--deadline '${f}': expected PD=TIME (e.g. control=1.5ms, sensor=800us, filter=120000)`);
    const n = Number(m[2]);
    const unit = (m[3] ?? 'cycles').toLowerCase();
    const us = { s: 1e6, ms: 1e3, us: 1, 'µs': 1, ns: 1e-3 }[unit as 's'];
    const cycles = us === undefined ? n : Math.round(n * us * clock);
    if (!(cycles > 0) || !Number.isSafeInteger(cycles)) throw new UserError(`--deadline '${f}': the deadline must be a positive time`);
    out.set(m[1].trim(), cycles);
  }
  return out;
}

export function deadlinesCommand(traceArg: string | undefined, o: DeadlinesOptions): number {
  const trace = resolveTracePath(traceArg);
  let r: DeadlineReport;
  try {
    r = analyseRecording(trace, (clock) => ({ thread: o.thread, deadlines: parseDeadlineFlags(o.deadline ?? [], clock) }));
  } catch (e) {
    if (e instanceof NotASystemRecording) throw new UserError(`${trace}: ${e.message}`);
    if (e instanceof Error && e.message.startsWith('--thread')) throw new UserError(e.message);
    throw e;
  }
  const known = new Set(r.tasks.map((t) => t.thread));
  for (const d of o.deadline ?? []) {
    const k = d.slice(0, d.indexOf('=')).trim();
    if (!known.has(k) && o.thread === undefined) throw new UserError(`--deadline ${k}: no thread of that name has jobs (threads with jobs: ${[...known].join(', ') || 'none'})`);
  }
  if (r.damage !== undefined) process.stderr.write(`seltrace: ${trace} is damaged or truncated (${r.damage}): jobs in what is missing are not analysed\n`);
  if (o.json === true) { process.stdout.write(JSON.stringify(r) + '\n'); return 0; }
  process.stdout.write(formatReport(trace, r));
  return 0;
}

export function formatReport(trace: string, r: DeadlineReport): string {
  const ms = (c: number | null): string => (c === null ? '-' : `${(c / r.cyclesPerUs / 1000).toFixed(3)} ms`);
  const lines: string[] = [];
  lines.push(`${trace}: ${ms(r.end)} recorded, ${r.tasks.length} thread${r.tasks.length === 1 ? '' : 's'} with jobs, ${r.misses.length === 0 ? 'no deadline misses' : `${r.misses.length} deadline miss${r.misses.length === 1 ? '' : 'es'}`}`);
  if (r.tasks.length > 0) {
    const head = ['thread', 'prio', 'jobs', 'kind', 'deadline', 'misses', 'worst resp', 'mean resp', 'rel. jitter'];
    const rows = r.tasks.map((t) => [t.thread, String(t.priority), String(t.jobs), t.kind, t.deadline === null ? 'none' : ms(t.deadline),
      String(t.misses), ms(t.worstResponse), ms(t.meanResponse), t.releaseJitter === null ? '-' : ms(t.releaseJitter)]);
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)));
    const fmt = (x: string[]): string => '  ' + x.map((c, i) => (i === 0 || i === 3 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
    lines.push(fmt(head), ...rows.map(fmt));
    const noDeadline = r.tasks.filter((t) => t.deadline === null).map((t) => t.thread);
    if (noDeadline.length > 0) lines.push(`  (no deadline for ${noDeadline.join(', ')}: give one with --deadline PD=TIME)`);
    for (const t of r.tasks) if (t.folded > 0) lines.push(`  ${t.thread}: ${t.folded} release${t.folded > 1 ? 's' : ''} lost — signalled while the previous one was still pending (a notification merges them)`);
  }
  for (const m of r.misses) lines.push('', ...formatMiss(m, ms));
  return lines.join('\n') + '\n';
}

function formatMiss(m: Miss, ms: (c: number | null) => string): string[] {
  const out: string[] = [];
  out.push(`MISS ${m.thread} (${m.priority}) job ${m.job}: released ${ms(m.release)} (event ${m.releaseEvent}), deadline ${ms(m.deadline)}, ` +
    `${m.finish === null ? 'unfinished at the end of the recording' : `finished ${ms(m.finish)} (event ${m.finishEvent})`}: ` +
    `late by ${ms(m.lateness)}, response ${ms(m.response)}`);
  // One line per kind (largest first): its total, its largest part in words, the event there.
  const kinds = new Map<string, Cause[]>();
  for (const c of m.causes) { const l = kinds.get(c.kind); if (l === undefined) kinds.set(c.kind, [c]); else l.push(c); }
  const groups = [...kinds.entries()].map(([k, l]) => ({ k, l: l.sort((x, y) => y.cycles - x.cycles), total: l.reduce((n, c) => n + c.cycles, 0) }))
    .sort((x, y) => y.total - x.total);
  const w = Math.max(...groups.map((g) => ms(g.total).length));
  for (const g of groups) {
    const main = g.l[0];
    const more = g.l.length > 1 ? `; +${g.l.length - 1} smaller part${g.l.length > 2 ? 's' : ''} (${ms(g.total - main.cycles)})` : '';
    out.push(`  ${g.k.padEnd(9)} ${ms(g.total).padStart(w)}  ${causeText(main)}${g.l.length > 1 ? ` ${ms(main.cycles)}` : ''}${more}  [event ${main.event}]`);
  }
  for (const note of missNotes(m, ms)) out.push(`  ${note}`);
  const inv = m.causes.filter((c) => c.kind === 'inversion').sort((a, b) => b.cycles - a.cycles)[0];
  if (inv !== undefined) {
    out.push(`  → priority inversion: ${m.thread} (${m.priority}) ← ${inv.heldOff} ← kept off the CPU by ${inv.by} (${inv.byPriority}) for ${ms(inv.cycles)}`);
  }
  return out;
}
