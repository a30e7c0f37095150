/**
 * System images with the kernel model: emulation speed of packed Microkit-style systems
 * (examples/realtime, examples/deadline-miss), booted through emulator/system-boot.ts and run
 * to completion (`microkit_dbg_halt()`), `ctx.runs` times, best kept; plus one recording of
 * each (trace bytes per instruction of a kernel trace, recording slowdown).
 *
 * These runs are short (~2M cycles, well under a second), so one untimed warm-up run of each
 * image precedes the timed ones; even so the MIPS are those of a short run (translation of each
 * PD's hot code is part of it), not the steady state of the bare row. Recordings: best of ctx.runs.
 * Cycles exceed instructions: idle time (all threads blocked) advances the clock without
 * retiring instructions, and kernel entries take several cycles at once.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bootImageBytes } from '../../emulator/boot.js';
import type { StopReason } from '../../emulator/machine.js';
import { SystemKernel } from '../../emulator/system-boot.js';
import { record } from '../../tracer/recorder.js';
import { makeTempDir, removeTempDir } from './record.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtRatio, fmtSeconds, timed } from './util.js';

const IMAGES = ['realtime', 'deadline-miss'] as const;
const MAX_CYCLES = 200_000_000;

function describeStop(s: StopReason): string {
  return s.kind === 'exit' ? `exit ${s.code} (${s.source})` : s.kind === 'halt' ? `halt: ${s.reason}` : `no exit within ${fmtCount(MAX_CYCLES)} cycles`;
}

function entries(kernel: unknown): number | null {
  return kernel instanceof SystemKernel ? kernel.kernel.entryCount() : null;
}

export const systemSection: BenchSection = {
  id: 'system',
  run(ctx: BenchContext): SectionResult {
    // ctx.elfPath is <root>/bench/guest/<name>.elf
    const root = resolve(dirname(ctx.elfPath), '..', '..');
    const rows: FigureRow[] = [];
    const metrics: Record<string, number> = {};
    const failures: string[] = [];
    const warnings: string[] = [];
    const dir = makeTempDir();
    try {
      for (const name of IMAGES) {
        const imagePath = join(root, 'examples', name, 'image.elf');
        const image = new Uint8Array(readFileSync(imagePath));
        const figure = `system emulation: ${name}`;

        // ---- untraced: one warm-up run, then ctx.runs timed ones
        const runOnce = () => {
          const booted = bootImageBytes(image, `${name}/image.elf`);
          const stop = booted.machine.run(MAX_CYCLES);
          return { booted, stop };
        };
        runOnce();
        let best = Infinity;
        let first: { instret: number; cycles: number; entries: number | null; out: string } | null = null;
        for (let i = 0; i < ctx.runs; i++) {
          const run = timed(runOnce);
          const { booted, stop } = run.value;
          const m = booted.machine;
          const out = Buffer.from(m.consoleOutput()).toString('latin1');
          ctx.log(`system ${name} run ${i + 1}/${ctx.runs}: ${fmtCount(m.cpu.instret)} instr, ${fmtCount(m.cpu.cycle)} cycles in ${fmtSeconds(run.seconds)} — ${describeStop(stop)}`);
          if (booted.kind !== 'system') { failures.push(`${imagePath}: not recognised as a system image`); break; }
          if (stop.kind !== 'exit' || stop.code !== 0) {
            failures.push(`${name}: ${describeStop(stop)}; console: ${JSON.stringify(out.slice(-200))}`);
            break;
          }
          const r = { instret: m.cpu.instret, cycles: m.cpu.cycle, entries: entries(booted.kernel), out };
          if (first === null) first = r;
          else if (r.instret !== first.instret || r.cycles !== first.cycles || r.out !== first.out) {
            warnings.push(`${name}: run ${i + 1} differs from run 1 (instret ${r.instret} vs ${first.instret}, cycles ${r.cycles} vs ${first.cycles})`);
          }
          best = Math.min(best, run.seconds);
        }
        if (first === null) {
          rows.push({ figure, measured: 'FAILED', target: '—', anchor: '—' });
          continue;
        }
        const mips = first.instret / best / 1e6;
        rows.push({
          figure,
          measured: `${fmtMips(mips)} MIPS (${fmtCount(first.instret)} instr, ${fmtCount(first.cycles)} cycles, ` +
            `${first.entries === null ? '? ' : fmtCount(first.entries)} kernel entries, best ${fmtSeconds(best)} of ${ctx.runs})`,
          target: '— (bare: ≥ 100 MIPS)',
          anchor: 'short run, after 1 warm-up run',
        });
        const key = name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
        metrics[`system.${key}.mips`] = mips;
        metrics[`system.${key}.seconds`] = best;
        metrics[`system.${key}.instret`] = first.instret;
        metrics[`system.${key}.cycles`] = first.cycles;
        if (first.entries !== null) metrics[`system.${key}.kernelEntries`] = first.entries;

        // ---- one recording
        const streamPath = join(dir, `${name}.strace`);
        const recordOnce = () => {
          const booted = bootImageBytes(image, `${name}/image.elf`);
          return record(
            { machine: booted.machine, kernel: booted.kernel, imageName: `${name}/image.elf`, image, imageKind: 'system', input: null, symbols: booted.symbols },
            { streamPath, indexPath: `${streamPath}.db`, maxCycles: MAX_CYCLES },
          );
        };
        let rec = timed(recordOnce);
        for (let i = 1; i < ctx.runs; i++) {
          const again = timed(recordOnce);
          if (again.seconds < rec.seconds) rec = again;
        }
        const r = rec.value;
        if (r.stop.kind !== 'exit' || r.instret !== first.instret || r.cycles !== first.cycles) {
          warnings.push(`${name}: recorded run differs from the untraced one (${describeStop(r.stop)}, instret ${r.instret} vs ${first.instret}, cycles ${r.cycles} vs ${first.cycles})`);
        }
        const bpi = r.bytes / Math.max(r.instret, 1);
        rows.push({
          figure: `system trace: ${name}`,
          measured: `${bpi.toFixed(3)} B/instr (${(r.bytes / 1e3).toFixed(1)} kB, ${r.events} events, ${r.checkpoints} ckpts; ` +
            `record best ${fmtSeconds(rec.seconds)} of ${ctx.runs} = ${fmtRatio(rec.seconds / best)} untraced)`,
          target: '≤ 1 B/instr; ≤ 1.5×',
          anchor: 'Intel PT ≈ 0.1–0.5 B/instr',
        });
        metrics[`system.${key}.traceBytes`] = r.bytes;
        metrics[`system.${key}.bytesPerInstr`] = bpi;
        metrics[`system.${key}.events`] = r.events;
        metrics[`system.${key}.recordSeconds`] = rec.seconds;
      }
      return { rows, metrics, warnings, failures };
    } finally {
      removeTempDir(dir);
    }
  },
};
