/**
 * Deadline analysis of a system recording: jobs (stored in the index's `jobs` table), per-thread
 * statistics, and for every miss the causal breakdown of the late job (explain.ts).
 */
import type Database from 'better-sqlite3';
import { scanEvents } from '../event-queries.js';
import { buildModel, MODEL_KINDS, type TraceModel } from './trace-model.js';
import { collectWakes, deriveJobs, type Job, type JobKind, type Wake } from './jobs.js';
import { explainJob, type Cause } from './explain.js';
import { loadJobs, storeJobs } from './jobs-table.js';
import { openIndexForAnalysis } from '../open-index.js';
import type { Notify } from '../../tracer/index-cache.js';

export class NotASystemRecording extends Error {
  override readonly name = 'NotASystemRecording';
}

export interface DeadlineOptions {
  /** Only this thread (name or id). */
  thread?: string;
  /** Relative deadlines in cycles by thread name (`--deadline PD=TIME`). */
  deadlines?: ReadonlyMap<string, number>;
}

export interface TaskStats {
  thread: string; id: number; priority: number; kind: JobKind;
  /** SC period in cycles, if periodic. */
  period: number | null;
  /** Relative deadline in cycles (override, else period), null if none. */
  deadline: number | null;
  jobs: number; finished: number; misses: number;
  /** Releases lost: signals merged into one still pending (see Job.folded). */
  folded: number;
  worstResponse: number | null; meanResponse: number | null;
  /** Largest |release − (previous release + period)| in cycles, periodic threads only. */
  releaseJitter: number | null;
}

export interface JobRecord {
  thread: string; job: number; kind: JobKind;
  release: number; releaseEvent: number;
  deadline: number | null;
  finish: number | null; finishEvent: number | null;
  response: number | null;
  missed: boolean;
  /** Signals merged into this release while it was pending (releases lost). */
  folded: number;
}

export interface Miss {
  thread: string; job: number; priority: number;
  release: number; releaseEvent: number;
  deadline: number;
  /** null: still unfinished when the recording ends (the window is then cut at the end). */
  finish: number | null; finishEvent: number | null;
  lateness: number;
  response: number;
  /** release − (previous release + period), periodic threads: how far this release drifted. */
  releaseJitter: number | null;
  /** Signals merged into this release while it was pending (releases lost). */
  folded: number;
  /** Exclusive parts adding up exactly to `response`. */
  causes: Cause[];
}

export interface DeadlineReport {
  cyclesPerUs: number; end: number; tasks: TaskStats[]; jobs: JobRecord[]; misses: Miss[];
  /** A damaged or truncated recording: where (the events of the unreadable stretch are not analysed). */
  damage?: string;
}

export interface Analysis { model: TraceModel; wakes: Map<number, Wake[]>; jobs: Job[]; }

/**
 * Load the model and the jobs: from the `jobs` table when present, else derived and, if the
 * database is writable, stored for next time.
 */
export function loadAnalysis(db: Database.Database): Analysis {
  const events = scanEvents(db, MODEL_KINDS);
  const model = buildModel(events);
  if (model.cpu.length === 0 || model.threads.size === 0) {
    const meta = (k: string): string | undefined => (db.prepare('SELECT value FROM meta WHERE key = ?').get(k) as { value: string } | undefined)?.value;
    const damage = meta('damage');
    throw new NotASystemRecording(meta('image_kind') === 'system'
      ? `deadline analysis needs threads and scheduling events; this recording of a system has none${damage !== undefined ? ` before its damage (${damage})` : ''}`
      : 'deadline analysis needs a system recording (threads, scheduling events); this trace is of a bare program');
  }
  const wakes = collectWakes(model);
  let jobs = loadJobs(db);
  if (jobs === null) {
    jobs = deriveJobs(model, wakes);
    if (!db.readonly) storeJobs(db, jobs);
  }
  return { model, wakes, jobs };
}

export function cyclesPerUs(db: Database.Database): number {
  const r = db.prepare("SELECT value FROM meta WHERE key = 'cycles_per_tick'").get() as { value: string } | undefined;
  return 10 * (r === undefined ? 10 : Number(r.value));
}

/**
 * The deadline analysis of a recording, from its index opened for analysis (checked, rebuilt if
 * need be, jobs stored once). Options may depend on the recording's clock (cycles per µs).
 */
export function analyseRecording(streamPath: string, opts: DeadlineOptions | ((cyclesPerUs: number) => DeadlineOptions) = {}, note?: Notify): DeadlineReport {
  const db = openIndexForAnalysis(streamPath, note);
  try {
    return analyseDeadlines(db, typeof opts === 'function' ? opts(cyclesPerUs(db)) : opts);
  } finally {
    db.close();
  }
}

export function analyseDeadlines(db: Database.Database, opts: DeadlineOptions = {}): DeadlineReport {
  const a = loadAnalysis(db);
  const r = report(a, cyclesPerUs(db), opts);
  const damage = db.prepare("SELECT value FROM meta WHERE key = 'damage'").get() as { value: string } | undefined;
  return damage === undefined ? r : { ...r, damage: damage.value };
}

export function report(a: Analysis, cpu: number, opts: DeadlineOptions = {}): DeadlineReport {
  const { model, jobs } = a;
  const nameOf = (id: number): string => model.threads.get(id)?.name ?? `T${id}`;
  if (opts.thread !== undefined) {
    const t = opts.thread;
    const known = [...model.threads.values()].some((x) => x.name === t || String(x.id) === t);
    if (!known) throw new Error(`--thread ${t}: no such thread (threads: ${[...model.threads.values()].map((x) => x.name).join(', ')})`);
  }
  const want = (id: number): boolean => opts.thread === undefined || nameOf(id) === opts.thread || String(id) === opts.thread;
  const rel = (j: Job): number | null => opts.deadlines?.get(nameOf(j.thread)) ?? j.period;
  const byThread = new Map<number, Job[]>();
  for (const j of jobs) { let l = byThread.get(j.thread); if (l === undefined) { l = []; byThread.set(j.thread, l); } l.push(j); }
  for (const l of byThread.values()) l.sort((x, y) => x.seq - y.seq);

  const tasks: TaskStats[] = [];
  const records: JobRecord[] = [];
  const misses: Miss[] = [];
  const ctx = { model, wakes: a.wakes };
  for (const [tid, l] of [...byThread.entries()].sort((x, y) => x[0] - y[0])) {
    if (!want(tid)) continue;
    const info = model.threads.get(tid);
    let finished = 0, missN = 0, worst: number | null = null, sum = 0, jitter: number | null = null, folded = 0;
    for (let i = 0; i < l.length; i++) {
      const j = l[i];
      const d = rel(j);
      const deadline = d === null ? null : j.release + d;
      const response = j.finish === null ? null : j.finish - j.release;
      if (response !== null) { finished++; sum += response; worst = worst === null ? response : Math.max(worst, response); }
      let drift: number | null = null;
      if (j.period !== null && i > 0 && l[i - 1].period === j.period) {
        drift = j.release - (l[i - 1].release + j.period);
        jitter = Math.max(jitter ?? 0, Math.abs(drift));
      }
      const missed = deadline !== null && (j.finish !== null ? j.finish > deadline : model.end > deadline);
      folded += j.folded ?? 0;
      records.push({
        thread: nameOf(tid), job: j.seq, kind: j.kind, release: j.release, releaseEvent: j.releaseEvent, deadline,
        finish: j.finish, finishEvent: j.finishEvent, response, missed, folded: j.folded ?? 0,
      });
      if (missed && deadline !== null) {
        missN++;
        const end = j.finish ?? model.end;
        misses.push({
          thread: nameOf(tid), job: j.seq, priority: info?.priority ?? 0, release: j.release, releaseEvent: j.releaseEvent,
          deadline, finish: j.finish, finishEvent: j.finishEvent, lateness: end - deadline, response: end - j.release,
          releaseJitter: drift, folded: j.folded ?? 0, causes: explainJob(ctx, j, end),
        });
      }
    }
    const d0 = opts.deadlines?.get(nameOf(tid)) ?? l[0].period;
    tasks.push({
      thread: nameOf(tid), id: tid, priority: info?.priority ?? 0, kind: l[0].kind, period: l[0].period, deadline: d0,
      jobs: l.length, finished, misses: missN, folded, worstResponse: worst, meanResponse: finished > 0 ? Math.round(sum / finished) : null,
      releaseJitter: jitter,
    });
  }
  misses.sort((x, y) => x.deadline - y.deadline);
  return { cyclesPerUs: cpu, end: model.end, tasks, jobs: records, misses };
}
