/**
 * Ordinary code (issue 16): plain -O2 C kernels (bench/guest/ordinary) — table CRC, quicksort,
 * matrix product, sieve, hashing, 64-bit division, calls/recursion — one ELF per kernel plus
 * ordinary-mixed.elf running all of them (~230M instructions).
 *
 * Rows: MIPS per kernel (in-process `runBareElf`, best of `ctx.runs`) with qemu TCG on the same
 * ELF (whole qemu process); then the mixed workload as whole processes — `seltrace run`,
 * `seltrace record` (recording slowdown, stream bytes per instruction) and qemu, alternating
 * round by round — best of `ctx.runs` rounds, at least 5, node start-up included, wall and CPU time. `--quick` runs each kernel in-process for 2M cycles only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { runBareElf } from '../../emulator/run.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtRatio, fmtSeconds, parseGuestOutput, timed } from './util.js';

export const ORDINARY_KERNELS = ['crc', 'qsort', 'matmul', 'sieve', 'hash', 'div', 'calls'] as const;

const QEMU = process.env['SELTRACE_QEMU'] ?? 'qemu-system-riscv64';
const MAX_CYCLES = 2_000_000_000;
const QUICK_CYCLES = 2_000_000;
const TIMEOUT_MS = 300_000;
const TARGET = '≥ 150 MIPS (aim 300)';
/** Rounds of the mixed workload's whole-process run / record / qemu, at least (see below). */
const MIXED_ROUNDS = 5;

/** bench/guest next to the ELF in use (works from the sources and from dist/). */
function ordinaryDir(ctx: BenchContext): string {
  return join(dirname(ctx.elfPath), 'ordinary');
}

function cliPath(ctx: BenchContext): string {
  // <root>/bench/guest/x.elf → <root>/dist/src/cli.js
  return join(dirname(dirname(dirname(ctx.elfPath))), 'dist', 'src', 'cli.js');
}

interface Whole { seconds: number; cpu: number; stdout: string; status: number | null; error?: string }

/**
 * One whole-process run of `cmd args`: wall seconds, and CPU seconds (user + system, all its
 * threads) from bash's `times` — on this shared 2-core machine steal time from other guests
 * inflates wall time by up to 2×, CPU time much less.
 */
function wholeProcess(cmd: string, args: string[]): Whole {
  const t = timed(() => spawnSync('bash', ['-c', '"$@"; s=$?; times >&2; exit $s', 'bash', cmd, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS, maxBuffer: 1 << 26 }));
  // `times` prints the shell's own user/system line, then its children's.
  const lines = (t.value.stderr ?? '').trim().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] ?? '');
  const cpu = m === null ? NaN : Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
  return { seconds: t.seconds, cpu, stdout: t.value.stdout ?? '', status: t.value.status, ...(t.value.error ? { error: t.value.error.message } : {}) };
}

interface Best { best: number; bestCpu: number; failure: string | null }

/** Best wall and best CPU time of `runs` whole-process runs; stops at the first failure. */
function bestProcess(ctx: BenchContext, label: string, cmd: string, args: string[], check: (w: Whole) => string | null): Best {
  const b: Best = { best: Infinity, bestCpu: Infinity, failure: null };
  for (let i = 0; i < ctx.runs && b.failure === null; i++) addRun(ctx, b, label, i, cmd, args, check);
  return b;
}

function addRun(ctx: BenchContext, b: Best, label: string, i: number, cmd: string, args: string[], check: (w: Whole) => string | null): void {
  const w = wholeProcess(cmd, args);
  const bad = check(w);
  if (bad !== null) { b.failure = `${label}: ${bad}`; return; }
  ctx.log(`ordinary ${label} ${i + 1}: ${fmtSeconds(w.seconds)} (CPU ${fmtSeconds(w.cpu)})`);
  b.best = Math.min(b.best, w.seconds);
  b.bestCpu = Math.min(b.bestCpu, w.cpu);
}

const passed = (w: Whole): string | null =>
  w.error !== undefined ? w.error
  : w.status !== 0 || !parseGuestOutput(w.stdout).pass ? `exit ${w.status}; output ${JSON.stringify(w.stdout.slice(-200))}` : null;

export const ordinarySection: BenchSection = {
  id: 'ordinary',
  run(ctx: BenchContext): SectionResult {
    const dir = ordinaryDir(ctx);
    const rows: FigureRow[] = [];
    const metrics: Record<string, number> = {};
    const failures: string[] = [];
    const haveQemu = spawnSync(QEMU, ['--version'], { encoding: 'utf8' }).error === undefined;
    let totalInstr = 0, totalSeconds = 0, totalQemu = 0;

    for (const k of ORDINARY_KERNELS) {
      const path = join(dir, `ordinary-${k}.elf`);
      const elf = new Uint8Array(readFileSync(path));
      let best = Infinity, instret = 0;
      for (let i = 0; i < ctx.runs; i++) {
        const r = timed(() => runBareElf(elf, { maxCycles: ctx.quick ? QUICK_CYCLES : MAX_CYCLES }));
        const ok = ctx.quick ? r.value.stop.kind !== 'error' : r.value.exitCode === 0 && parseGuestOutput(r.value.uart).pass;
        if (!ok) { failures.push(`ordinary ${k} on emulator: ${JSON.stringify(r.value.stop)} uart ${JSON.stringify(r.value.uart.slice(-200))}`); break; }
        best = Math.min(best, r.seconds); instret = r.value.instret;
      }
      if (!Number.isFinite(best)) continue;
      const mips = instret / best / 1e6;
      totalInstr += instret; totalSeconds += best;
      metrics[`ordinary.${k}.mips`] = mips;
      let qemuText = '';
      if (!ctx.quick && haveQemu) {
        const q = bestProcess(ctx, `${k} qemu`, QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', path], passed);
        if (q.failure !== null) failures.push(q.failure);
        else {
          const qm = instret / q.best / 1e6;
          totalQemu += q.best;
          metrics[`ordinary.${k}.qemuMips`] = qm;
          qemuText = `; qemu ${fmtMips(qm)} MIPS → ${fmtRatio(mips / qm)}`;
        }
      }
      ctx.log(`ordinary ${k}: ${fmtMips(mips)} MIPS`);
      rows.push({ figure: `ordinary ${k} (in-process)`, measured: `${fmtMips(mips)} MIPS (${fmtCount(instret)} instr${qemuText})`, target: TARGET, anchor: 'qemu TCG same ELF (whole process)' });
    }
    if (totalSeconds > 0) {
      metrics['ordinary.kernels.mips'] = totalInstr / totalSeconds / 1e6;
      rows.push({
        figure: 'ordinary, all kernels (in-process)',
        measured: `${fmtMips(totalInstr / totalSeconds / 1e6)} MIPS (${fmtCount(totalInstr)} instr${totalQemu > 0 ? `; qemu ${fmtMips(totalInstr / totalQemu / 1e6)} MIPS` : ''})`,
        target: TARGET, anchor: 'sum of the rows above',
      });
    }
    if (ctx.quick) return { rows, metrics, failures };

    // ---- the mixed workload as whole processes: run, record, qemu
    const mixed = join(dir, 'ordinary-mixed.elf');
    const cli = cliPath(ctx);
    if (!existsSync(cli)) { failures.push(`ordinary: ${cli} missing (npm run build)`); return { rows, metrics, failures }; }
    // Instruction count of the whole process: the CLI's own --stats line.
    const stats = spawnSync(process.execPath, [cli, 'run', '--stats', mixed], { encoding: 'utf8', timeout: TIMEOUT_MS });
    const m = /^instructions: (\d+)$/m.exec(stats.stderr ?? '');
    if (stats.status !== 0 || m === null) { failures.push(`ordinary mixed: seltrace run failed: exit ${stats.status}`); return { rows, metrics, failures }; }
    const n = Number(m[1]);
    // Run, record and qemu alternate round by round, so a slow minute of the shared host hits all
    // three; at least MIXED_ROUNDS rounds (each ~1 s): the recording ratio is a ratio of two bests,
    // and with 3 a single slow second of the host moved it by 0.2.
    const rounds = Math.max(ctx.runs, MIXED_ROUNDS);
    const tmp = mkdtempSync(join(tmpdir(), 'seltrace-ordinary-'));
    const base = join(tmp, 'mixed');
    const run: Best = { best: Infinity, bestCpu: Infinity, failure: null };
    const rec: Best = { best: Infinity, bestCpu: Infinity, failure: null };
    const q: Best = { best: Infinity, bestCpu: Infinity, failure: haveQemu ? null : 'not installed' };
    let bytes = 0;
    try {
      for (let i = 0; i < rounds && run.failure === null; i++) {
        addRun(ctx, run, 'mixed run', i, process.execPath, [cli, 'run', mixed], passed);
        if (rec.failure === null) {
          addRun(ctx, rec, 'mixed record', i, process.execPath, [cli, 'record', '-q', '-o', base, mixed], (w) => w.error ?? (w.status !== 0 ? `exit ${w.status}` : null));
          if (rec.failure === null) bytes = statSync(`${base}.strace`).size;
        }
        if (q.failure === null) addRun(ctx, q, 'mixed qemu', i, QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', mixed], passed);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    if (run.failure !== null) { failures.push(run.failure); return { rows, metrics, failures }; }
    if (rec.failure !== null) failures.push(rec.failure);
    const runMips = n / run.best / 1e6;
    metrics['ordinary.mixed.mips'] = runMips;
    metrics['ordinary.mixed.cpuMips'] = n / run.bestCpu / 1e6;
    metrics['ordinary.mixed.seconds'] = run.best;

    let qemuText = 'qemu: not installed';
    if (haveQemu) {
      if (q.failure !== null) failures.push(q.failure);
      else {
        const qm = n / q.best / 1e6;
        metrics['ordinary.mixed.qemuMips'] = qm;
        metrics['ordinary.mixed.qemuRatio'] = runMips / qm;
        qemuText = `qemu ${fmtMips(qm)} MIPS (${fmtSeconds(q.best)}) → ${fmtRatio(runMips / qm)} qemu`;
      }
    }
    rows.push({
      figure: 'ordinary mixed: seltrace run (whole process)',
      measured: `${fmtMips(runMips)} MIPS (${fmtCount(n)} instr, best ${fmtSeconds(run.best)} of ${rounds}; by CPU time ${fmtMips(n / run.bestCpu / 1e6)} MIPS, ${fmtSeconds(run.bestCpu)}); ${qemuText}`,
      target: TARGET, anchor: 'qemu TCG same ELF, same run',
    });
    if (rec.failure === null) {
      const slow = rec.best / run.best;
      metrics['ordinary.mixed.recordSlowdown'] = slow;
      metrics['ordinary.mixed.bytesPerInstr'] = bytes / n;
      rows.push({
        figure: 'ordinary mixed: seltrace record (whole process)',
        measured: `${fmtMips(n / rec.best / 1e6)} MIPS, ${fmtRatio(slow)} slower than run (CPU time ${fmtSeconds(rec.bestCpu)}, helper threads included); ${(bytes / n).toFixed(3)} B/instr (${fmtCount(bytes)} B)`,
        target: '≤ 1.5× ; ≤ 0.3 B/instr', anchor: 'the run row above',
      });
    }
    return { rows, metrics, failures };
  },
};
