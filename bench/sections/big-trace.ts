/**
 * Large traces (issue: recordings of any size): a real recording of bench/guest/bigtrace.elf
 * (short, unrepeating blocks: the most bytes per instruction a plain guest makes), grown to
 * SELTRACE_BENCH_BIG_TRACE GB by repeating its event chunks (bench/synth-trace.ts: recording
 * 4 GB at the recorder's speed would take most of an hour), then opened by the real CLI in
 * child processes: index rebuild, info, events, replay (open + seek), each with its wall time
 * and peak RSS (/usr/bin/time), and an in-process ReplaySession open + seeks.
 *
 * Off unless SELTRACE_BENCH_BIG_TRACE is set (it writes that many GB to the temp dir). Run it
 * alone with `SELTRACE_BENCH_BIG_TRACE=4 node dist/bench/sections/big-trace.js`.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ReplaySession } from '../../replay/session.js';
import { synthesizeTrace } from '../synth-trace.js';
import { makeTempDir, removeTempDir } from './record.js';
import type { BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtSeconds } from './util.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

function measured(args: string[]): { seconds: number; rssMB: number; status: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', 'node', CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /maxrss=(\d+)/.exec(r.stderr ?? '');
  return { seconds, rssMB: m !== null ? Number(m[1]) / 1024 : NaN, status: r.status, stderr: (r.stderr ?? '').replace(/maxrss=\d+\n?/, '').trim() };
}

export const bigTraceSection: BenchSection = {
  id: 'bigtrace',
  run(ctx): SectionResult {
    const gb = Number(process.env.SELTRACE_BENCH_BIG_TRACE ?? 0);
    const fig = (figure: string, measuredText: string, target = '—'): FigureRow => ({ figure, measured: measuredText, target, anchor: '—' });
    if (!(gb > 0)) return { rows: [fig('large trace open/seek/info', 'skipped (set SELTRACE_BENCH_BIG_TRACE=4)', 'memory independent of size')] };
    const dir = makeTempDir();
    try {
      const base = join(dir, 'real');
      const rec = measured(['record', join(ROOT, 'bench', 'guest', 'bigtrace.elf'), '-o', base, '--max-cycles', '20M', '-q']);
      const realBytes = statSync(`${base}.strace`).size;
      ctx.log(`recorded ${realBytes} bytes in ${fmtSeconds(rec.seconds)} (${(realBytes / rec.seconds / 1e6).toFixed(1)} MB/s, ${rec.rssMB.toFixed(0)} MB RSS)`);
      const big = join(dir, 'big.strace');
      const t0 = performance.now();
      synthesizeTrace(`${base}.strace`, big, { bytes: gb * 1e9 });
      const size = statSync(big).size;
      ctx.log(`grew it to ${size} bytes in ${fmtSeconds((performance.now() - t0) / 1000)}`);
      const rows: FigureRow[] = [fig('record (bigtrace.elf, 20M cycles)', `${(realBytes / rec.seconds / 1e6).toFixed(1)} MB/s of trace, ${rec.rssMB.toFixed(0)} MB RSS`)];
      const metrics: Record<string, number> = { 'bigtrace.bytes': size };
      const failures: string[] = [];
      const steps: [string, string[]][] = [
        ['index rebuild', ['index', big]],
        ['info (from the index)', ['info', big]],
        ['events --kind exit', ['events', big, '--kind', 'exit']],
        ['replay --at (open + seek + print)', ['replay', big, '--at', 'cycle', '15000000', '--print']],
      ];
      for (const [name, args] of steps) {
        const r = measured(args);
        if (r.status !== 0) failures.push(`bigtrace ${name}: exit ${r.status}: ${r.stderr}`);
        ctx.log(`${name}: ${fmtSeconds(r.seconds)}, ${r.rssMB.toFixed(0)} MB peak RSS`);
        rows.push(fig(`${(size / 1e9).toFixed(2)} GB trace: ${name}`, `${fmtSeconds(r.seconds)}, ${r.rssMB.toFixed(0)} MB RSS`, name.startsWith('info') ? '≈ 1 s' : 'memory independent of size'));
        metrics[`bigtrace.${args[0]}.seconds`] = r.seconds;
        metrics[`bigtrace.${args[0]}.rssMB`] = r.rssMB;
      }
      const rss0 = process.memoryUsage().rss;
      const o0 = performance.now();
      const s = ReplaySession.open(big);
      const open = (performance.now() - o0) / 1000;
      const seeks: number[] = [];
      for (let i = 1; i <= 10; i++) {
        const t = performance.now();
        s.seek(Math.floor(s.endCycle * i / 11) % 19_000_000);
        seeks.push((performance.now() - t) / 1000);
      }
      s.close();
      const rssDelta = (process.memoryUsage().rss - rss0) / 2 ** 20;
      rows.push(fig(`${(size / 1e9).toFixed(2)} GB trace: in-process open / seek`, `open ${fmtSeconds(open)}, seek worst ${fmtSeconds(Math.max(...seeks))}, RSS +${rssDelta.toFixed(0)} MB`));
      metrics['bigtrace.open.seconds'] = open;
      metrics['bigtrace.seek.worst'] = Math.max(...seeks);
      return { rows, metrics, failures };
    } finally {
      removeTempDir(dir);
    }
  },
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await bigTraceSection.run({ quick: false, runs: 1, elfPath: '', elf: new Uint8Array(0), metrics: new Map(), log: (m) => process.stderr.write(`bench: ${m}\n`) });
  for (const row of r.rows) process.stdout.write(`${row.figure.padEnd(58)} ${row.measured}\n`);
  for (const f of r.failures ?? []) process.stdout.write(`FAILED: ${f}\n`);
}
