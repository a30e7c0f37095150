/**
 * A long system recording (issue 16): examples/control-loop — five PDs (sensor, controller,
 * actuator, logger, monitor) with periodic timer releases and device IRQs — for LONG_CYCLES
 * cycles (`--quick`: QUICK_CYCLES), untraced and recorded with the kernel observed.
 *
 * Rows: untraced MIPS (instructions retired per host second), simulated Mcycles/s, kernel
 * entries per host second and the host time one kernel entry of the model takes (measured in
 * one extra run with the trap handler wrapped in a timer, so the timed runs carry no probe);
 * then the recording: MIPS, entries/s, slowdown vs untraced, B/instr. Best of `ctx.runs` after
 * one untimed warm-up run each.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bootImageBytes, type Booted as BootedImage } from '../../emulator/boot.js';
import { SystemKernel } from '../../emulator/system-boot.js';
import { record } from '../../tracer/recorder.js';
import { makeTempDir, removeTempDir } from './record.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtRatio, fmtSeconds, timed } from './util.js';

const IMAGE = 'control-loop';
const LONG_CYCLES = 30_000_000;
const QUICK_CYCLES = 3_000_000;

function entryCount(b: BootedImage): number {
  return b.kernel instanceof SystemKernel ? b.kernel.kernel.entryCount() : 0;
}

export const systemLongSection: BenchSection = {
  id: 'system-long',
  run(ctx: BenchContext): SectionResult {
    const root = resolve(dirname(ctx.elfPath), '..', '..');
    const imagePath = join(root, 'examples', IMAGE, 'image.elf');
    const image = new Uint8Array(readFileSync(imagePath));
    const cycles = ctx.quick ? QUICK_CYCLES : LONG_CYCLES;
    const rows: FigureRow[] = [];
    const metrics: Record<string, number> = {};
    const failures: string[] = [];
    const warnings: string[] = [];
    const boot = (): BootedImage => bootImageBytes(image, `${IMAGE}/image.elf`);
    const label = `${IMAGE}, ${fmtCount(cycles)} cycles`;

    // ---- untraced
    const runOnce = (): BootedImage => { const b = boot(); b.machine.run(cycles); return b; };
    runOnce();
    let best = Infinity, first: { instret: number; entries: number } | null = null;
    for (let i = 0; i < ctx.runs; i++) {
      const r = timed(runOnce);
      const b = r.value;
      if (b.kind !== 'system') { failures.push(`${imagePath}: not a system image`); return { rows, metrics, failures }; }
      if (b.machine.cpu.cycle < cycles) { failures.push(`${IMAGE}: stopped at cycle ${b.machine.cpu.cycle} before ${cycles} (${b.machine.exitReason()?.kind ?? '?'})`); return { rows, metrics, failures }; }
      const now = { instret: b.machine.cpu.instret, entries: entryCount(b) };
      if (first === null) first = now;
      else if (now.instret !== first.instret || now.entries !== first.entries) warnings.push(`${IMAGE}: run ${i + 1} differs from run 1`);
      ctx.log(`system-long run ${i + 1}/${ctx.runs}: ${fmtCount(now.instret)} instr, ${fmtCount(now.entries)} kernel entries in ${fmtSeconds(r.seconds)}`);
      best = Math.min(best, r.seconds);
    }
    const f = first!;
    // Host time inside the kernel model, from one more run with the trap handler timed.
    const probe = boot();
    const cpu = probe.machine.cpu;
    const handler = cpu.hostTrap!;
    let inKernel = 0;
    cpu.hostTrap = (cause: number, interrupt: boolean, lo: number, hi: number) => {
      const t0 = process.hrtime.bigint();
      handler(cause, interrupt, lo, hi);
      inKernel += Number(process.hrtime.bigint() - t0);
    };
    const probeRun = timed(() => probe.machine.run(cycles));
    const usPerEntry = inKernel / 1e3 / Math.max(entryCount(probe), 1);

    const mips = f.instret / best / 1e6;
    const entriesPerSec = f.entries / best;
    rows.push({
      figure: `long system run: ${label}`,
      measured: `${fmtMips(mips)} MIPS, ${(cycles / best / 1e6).toFixed(1)} Mcycles/s; ${fmtCount(f.instret)} instr, ${fmtCount(f.entries)} kernel entries = ` +
        `${(entriesPerSec / 1e3).toFixed(1)} k/s, ${usPerEntry.toFixed(1)} µs each in the model (${(100 * inKernel / 1e9 / probeRun.seconds).toFixed(0)}% of the run); best ${fmtSeconds(best)} of ${ctx.runs}`,
      target: '— (bare: ≥ 150 MIPS)',
      anchor: '5 PDs, timer releases + device IRQs',
    });
    metrics['system-long.mips'] = mips;
    metrics['system-long.seconds'] = best;
    metrics['system-long.instret'] = f.instret;
    metrics['system-long.kernelEntries'] = f.entries;
    metrics['system-long.kernelEntriesPerSec'] = entriesPerSec;
    metrics['system-long.usPerKernelEntry'] = usPerEntry;

    // ---- recorded
    const dir = makeTempDir();
    try {
      const streamPath = join(dir, `${IMAGE}.strace`);
      const recordOnce = () => {
        const b = boot();
        const r = record({ machine: b.machine, kernel: b.kernel, imageName: `${IMAGE}/image.elf`, image, imageKind: 'system', input: null, symbols: b.symbols },
          { streamPath, indexPath: `${streamPath}.db`, maxCycles: cycles });
        return { r, entries: entryCount(b) };
      };
      recordOnce();
      let rec = timed(recordOnce);
      for (let i = 1; i < ctx.runs; i++) { const again = timed(recordOnce); if (again.seconds < rec.seconds) rec = again; }
      const { r, entries } = rec.value;
      if (r.instret !== f.instret || entries !== f.entries) warnings.push(`${IMAGE}: recorded run differs from the untraced one (instret ${r.instret} vs ${f.instret})`);
      const bpi = r.bytes / Math.max(r.instret, 1);
      rows.push({
        figure: `long system recording: ${label}`,
        measured: `${fmtMips(r.instret / rec.seconds / 1e6)} MIPS, ${(entries / rec.seconds / 1e3).toFixed(1)} k kernel entries/s; ${fmtRatio(rec.seconds / best)} untraced; ` +
          `${bpi.toFixed(3)} B/instr (${(r.bytes / 1e3).toFixed(0)} kB, ${fmtCount(r.events)} events, ${r.checkpoints} ckpts); best ${fmtSeconds(rec.seconds)} of ${ctx.runs}`,
        target: '≤ 1.5×; ≤ 0.3 B/instr',
        anchor: 'rr 1.49–1.79×',
      });
      metrics['system-long.recordSeconds'] = rec.seconds;
      metrics['system-long.recordSlowdown'] = rec.seconds / best;
      metrics['system-long.bytesPerInstr'] = bpi;
    } finally {
      removeTempDir(dir);
    }
    return { rows, metrics, warnings, failures };
  },
};
