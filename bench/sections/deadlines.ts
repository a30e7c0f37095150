/**
 * Deadline analysis (DESIGN.md §6: "deadline analysis of a 10M-cycle system recording < 1 s",
 * linear in events): examples/control-loop recorded twice — its first 10M cycles, and the whole
 * 10.1 s run (≈ 1.01 G cycles, ≈ 620 k events; `--quick`: 100M cycles) — then `seltrace
 * deadlines` with the controller's 1 ms deadline on each, from a fresh index (jobs derived and
 * stored) and again with the stored `jobs` table. The whole run must find exactly its one miss
 * (controller job 9991). Reported: recording time, trace and index size, analysis time, cost
 * per event on both recordings (their ratio shows the growth is linear).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { bootImageBytes } from '../../emulator/boot.js';
import { record } from '../../tracer/recorder.js';
import { analyseDeadlines, type DeadlineReport } from '../../replay/analysis/deadlines.js';
import { makeTempDir, removeTempDir } from './record.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtSeconds, timed } from './util.js';

const DEADLINES = new Map([['controller', 100_000]]);

function recordTo(image: Uint8Array, stream: string, maxCycles: number): { seconds: number; events: number; cycles: number } {
  const b = bootImageBytes(image, 'control-loop/image.elf');
  const t = timed(() => record({ machine: b.machine, kernel: b.kernel, imageName: 'image.elf', image, imageKind: b.kind, input: null, symbols: b.symbols },
    { streamPath: stream, indexPath: `${stream}.db`, maxCycles }));
  return { seconds: t.seconds, events: t.value.events, cycles: t.value.cycles };
}

function analyse(stream: string, runs: number, fresh: boolean): { seconds: number; report: DeadlineReport } {
  let best = Infinity;
  let report: DeadlineReport | null = null;
  for (let i = 0; i < runs; i++) {
    const db = new Database(`${stream}.db`);
    if (fresh) db.exec("DROP TABLE IF EXISTS jobs; DELETE FROM meta WHERE key = 'jobs_version'");
    const t = timed(() => analyseDeadlines(db, { deadlines: DEADLINES }));
    db.close();
    best = Math.min(best, t.seconds);
    report = t.value;
  }
  return { seconds: best, report: report as DeadlineReport };
}

export const deadlinesSection: BenchSection = {
  id: 'deadlines',
  run(ctx: BenchContext): SectionResult {
    const root = resolve(dirname(ctx.elfPath), '..', '..');
    const image = new Uint8Array(readFileSync(join(root, 'examples', 'control-loop', 'image.elf')));
    const rows: FigureRow[] = [];
    const metrics: Record<string, number> = {};
    const failures: string[] = [];
    const dir = makeTempDir();
    try {
      ctx.log('deadlines: recording control-loop, 10M cycles');
      const short = join(dir, 'short.strace');
      const rs = recordTo(image, short, 10_000_000);
      const fs = analyse(short, ctx.runs, true);
      rows.push({
        figure: `deadline analysis, 10M-cycle system recording (${fmtCount(rs.events)} events)`,
        measured: fmtSeconds(fs.seconds), target: '< 1 s', anchor: 'none does it',
      });
      const longCycles = ctx.quick ? 100_000_000 : 2_000_000_000;
      ctx.log(`deadlines: recording control-loop, ${ctx.quick ? '100M cycles' : 'whole run (≈ 1.01G cycles)'}`);
      const long = join(dir, 'long.strace');
      const rl = recordTo(image, long, longCycles);
      const traceBytes = statSync(long).size, indexBytes = statSync(`${long}.db`).size;
      const fl = analyse(long, Math.min(ctx.runs, 2), true);
      const cl = analyse(long, Math.min(ctx.runs, 2), false);
      const what = `control-loop ${fmtCount(rl.cycles)} cycles, ${fmtCount(rl.events)} events`;
      rows.push({ figure: `record ${what}`, measured: fmtSeconds(rl.seconds), target: '-', anchor: `trace ${(traceBytes / 1e6).toFixed(1)} MB, index ${(indexBytes / 1e6).toFixed(1)} MB` });
      rows.push({ figure: `deadline analysis, ${what} (jobs derived + stored)`, measured: fmtSeconds(fl.seconds), target: 'linear in events', anchor: '-' });
      rows.push({ figure: 'deadline analysis, same, jobs table already stored', measured: fmtSeconds(cl.seconds), target: '-', anchor: '-' });
      const perShort = fs.seconds / Math.max(1, rs.events) * 1e6, perLong = fl.seconds / Math.max(1, rl.events) * 1e6;
      rows.push({ figure: 'analysis cost per event (10M-cycle / long recording)', measured: `${perShort.toFixed(2)} / ${perLong.toFixed(2)} µs`, target: 'ratio ≈ 1 (linear)', anchor: '-' });
      Object.assign(metrics, {
        'deadlines.short_seconds': fs.seconds, 'deadlines.short_events': rs.events,
        'deadlines.long_record_seconds': rl.seconds, 'deadlines.long_cycles': rl.cycles, 'deadlines.long_events': rl.events,
        'deadlines.long_trace_bytes': traceBytes, 'deadlines.long_index_bytes': indexBytes,
        'deadlines.long_seconds': fl.seconds, 'deadlines.long_cached_seconds': cl.seconds,
        'deadlines.us_per_event_short': perShort, 'deadlines.us_per_event_long': perLong,
      });
      const found = fl.report.misses.map((m) => `${m.thread} ${m.job}`);
      if (!ctx.quick && (found.length !== 1 || found[0] !== 'controller 9991')) {
        failures.push(`control-loop: expected exactly one miss (controller job 9991), found ${found.length === 0 ? 'none' : found.join(', ')}`);
      }
    } finally {
      removeTempDir(dir);
    }
    return { rows, metrics, failures };
  },
};
