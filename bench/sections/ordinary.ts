/**
 * Ordinary code (issue 16): plain -O2 C kernels (bench/guest/ordinary) — table CRC, quicksort,
 * matrix product, sieve, hashing, 64-bit division, calls/recursion — one ELF per kernel plus
 * ordinary-mixed.elf running all of them (~230M instructions).
 *
 * Rows: MIPS per kernel (in-process `runBareElf`, best of `ctx.runs`) with qemu TCG on the same
 * ELF (whole qemu process); then the mixed workload as whole processes — `seltrace run`,
 * `seltrace record` (recording slowdown, stream bytes per instruction) and qemu — best of
 * `ctx.runs`, node start-up included. `--quick` runs each kernel in-process for 2M cycles only.
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

/** bench/guest next to the ELF in use (works from the sources and from dist/). */
function ordinaryDir(ctx: BenchContext): string {
  return join(dirname(ctx.elfPath), 'ordinary');
}

function cliPath(ctx: BenchContext): string {
  // <root>/bench/guest/x.elf → <root>/dist/src/cli.js
  return join(dirname(dirname(dirname(ctx.elfPath))), 'dist', 'src', 'cli.js');
}

interface Whole { seconds: number; stdout: string; status: number | null; error?: string }

/** Best wall time of `runs` whole-process runs of `cmd args`; stops at the first failure. */
function bestProcess(ctx: BenchContext, label: string, cmd: string, args: string[], check: (w: Whole) => string | null): { best: number; failure: string | null } {
  let best = Infinity;
  for (let i = 0; i < ctx.runs; i++) {
    const t = timed(() => spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS }));
    const w: Whole = { seconds: t.seconds, stdout: t.value.stdout ?? '', status: t.value.status, ...(t.value.error ? { error: t.value.error.message } : {}) };
    const bad = check(w);
    if (bad !== null) return { best, failure: `${label}: ${bad}` };
    ctx.log(`ordinary ${label} ${i + 1}/${ctx.runs}: ${fmtSeconds(w.seconds)}`);
    best = Math.min(best, w.seconds);
  }
  return { best, failure: null };
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
    const run = bestProcess(ctx, 'mixed run', process.execPath, [cli, 'run', mixed], passed);
    if (run.failure !== null) { failures.push(run.failure); return { rows, metrics, failures }; }
    const runMips = n / run.best / 1e6;
    metrics['ordinary.mixed.mips'] = runMips;
    metrics['ordinary.mixed.seconds'] = run.best;

    const tmp = mkdtempSync(join(tmpdir(), 'seltrace-ordinary-'));
    let rec: { best: number; failure: string | null };
    let bytes = 0;
    try {
      const base = join(tmp, 'mixed');
      rec = bestProcess(ctx, 'mixed record', process.execPath, [cli, 'record', '-q', '-o', base, mixed],
        (w) => w.error ?? (w.status !== 0 ? `exit ${w.status}` : null));
      if (rec.failure === null) bytes = statSync(`${base}.strace`).size;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    if (rec.failure !== null) failures.push(rec.failure);

    let qemuText = 'qemu: not installed';
    if (haveQemu) {
      const q = bestProcess(ctx, 'mixed qemu', QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', mixed], passed);
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
      measured: `${fmtMips(runMips)} MIPS (${fmtCount(n)} instr, best ${fmtSeconds(run.best)} of ${ctx.runs}); ${qemuText}`,
      target: TARGET, anchor: 'qemu TCG same ELF, same run',
    });
    if (rec.failure === null) {
      const slow = rec.best / run.best;
      metrics['ordinary.mixed.recordSlowdown'] = slow;
      metrics['ordinary.mixed.bytesPerInstr'] = bytes / n;
      rows.push({
        figure: 'ordinary mixed: seltrace record (whole process)',
        measured: `${fmtMips(n / rec.best / 1e6)} MIPS, ${fmtRatio(slow)} slower than run; ${(bytes / n).toFixed(3)} B/instr (${fmtCount(bytes)} B)`,
        target: '≤ 1.5× ; ≤ 0.3 B/instr', anchor: 'the run row above',
      });
    }
    return { rows, metrics, failures };
  },
};
