/**
 * Floating-point speed: bench/guest/fp-bench.elf (fpkernels.c: binary64 matrix product with
 * fma, a binary32 IIR filter, sqrt/division normalisation, conversions; ~33M instructions, about
 * a third of them F/D) on the emulator and on qemu-system-riscv64 in the same run, best of
 * `ctx.runs` each. Both must print PASS (the checksum the host computed with IEEE-exact C).
 * The same ELF in --quick mode (its length is already modest).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runBareElf } from '../../emulator/run.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtRatio, fmtSeconds, parseGuestOutput, timed } from './util.js';

const QEMU = process.env['SELTRACE_QEMU'] ?? 'qemu-system-riscv64';
const MAX_CYCLES = 1_000_000_000;

export const fpSection: BenchSection = {
  id: 'fp',
  run(ctx: BenchContext): SectionResult {
    const elfPath = join(dirname(ctx.elfPath), 'fp-bench.elf');
    const elf = new Uint8Array(readFileSync(elfPath));
    const failures: string[] = [];
    let best = Infinity, instret = 0;
    for (let i = 0; i < ctx.runs; i++) {
      const run = timed(() => runBareElf(elf, { maxCycles: MAX_CYCLES }));
      const r = run.value;
      ctx.log(`fp emulator run ${i + 1}/${ctx.runs}: ${fmtCount(r.instret)} instructions in ${fmtSeconds(run.seconds)}`);
      if (r.exitCode !== 0 || !parseGuestOutput(r.uart).pass) {
        failures.push(`fp guest on emulator: ${JSON.stringify(r.stop)}; uart: ${JSON.stringify(r.uart.slice(-200))}`);
        break;
      }
      instret = r.instret;
      best = Math.min(best, run.seconds);
    }
    const row = (measured: string): FigureRow => ({ figure: 'FP kernel (fp-bench.elf), emulator', measured, target: '—', anchor: 'qemu TCG below' });
    if (failures.length > 0) return { rows: [row('FAILED')], failures };
    const mips = instret / best / 1e6;
    const rows: FigureRow[] = [row(`${fmtMips(mips)} MIPS (${fmtCount(instret)} instr, best ${fmtSeconds(best)} of ${ctx.runs})`)];
    const metrics: Record<string, number> = { 'fp.mips': mips, 'fp.instret': instret, 'fp.seconds': best };

    if (spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).error !== undefined) {
      rows.push({ figure: 'FP kernel, qemu TCG', measured: 'qemu: not installed', target: '—', anchor: '—' });
      return { rows, metrics };
    }
    let qbest = Infinity;
    for (let i = 0; i < ctx.runs; i++) {
      const run = timed(() => spawnSync(QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', elfPath],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }));
      if (run.value.status !== 0 || !parseGuestOutput(run.value.stdout ?? '').pass) {
        failures.push(`fp guest on qemu: exit ${run.value.status}; output ${JSON.stringify((run.value.stdout ?? '').slice(-200))}`);
        break;
      }
      qbest = Math.min(qbest, run.seconds);
    }
    if (failures.length > 0) return { rows: [...rows, { figure: 'FP kernel, qemu TCG', measured: 'FAILED', target: '—', anchor: '—' }], metrics, failures };
    const qmips = instret / qbest / 1e6;
    rows.push({ figure: 'FP kernel, qemu TCG (same ELF)', measured: `${fmtMips(qmips)} MIPS (best ${fmtSeconds(qbest)}, start-up incl.)`, target: '—', anchor: 'qemu TCG = 1×' });
    rows.push({ figure: 'FP kernel: emulator / qemu', measured: fmtRatio(mips / qmips), target: '—', anchor: 'FP ops translated (calls into fpu.ts)' });
    return { rows, metrics: { ...metrics, 'fp.qemuMips': qmips, 'fp.qemuRatio': mips / qmips } };
  },
};
