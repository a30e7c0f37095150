/**
 * The anchor of the speed figures: qemu-system-riscv64 (TCG) on the same ELF in the same
 * run. Wall time of the whole qemu process (start-up included: a few tens of ms), best of
 * `ctx.runs`. Instructions are the emulator's instret when the emulation section produced
 * one; one extra run under `-icount shift=0` (exact minstret) cross-checks the count.
 */
import { spawnSync } from 'node:child_process';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtRatio, fmtSeconds, parseGuestOutput, timed } from './util.js';

/** The qemu binary; `SELTRACE_QEMU` overrides it (e.g. another build, or a missing one to test that path). */
const QEMU = process.env['SELTRACE_QEMU'] ?? 'qemu-system-riscv64';
const TIMEOUT_MS = 120_000;
/** `sleep=off`: without it qemu warps virtual time while starting up and minstret varies run to run. */
const ICOUNT = ['-icount', 'shift=0,sleep=off'];
/**
 * qemu's guest minstret exceeds a spec-following count by 7: its reset ROM at 0x1000 runs 6
 * instructions before jumping to the ELF entry, and its `csrr minstret` counts itself.
 */
const QEMU_MINSTRET_EXTRA = 7;

function runQemu(elfPath: string, extra: string[]): { status: number | null; stdout: string; error?: Error } {
  const r = spawnSync(QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', ...extra, '-kernel', elfPath], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: TIMEOUT_MS,
  });
  return { status: r.status, stdout: r.stdout ?? '', ...(r.error ? { error: r.error } : {}) };
}

export const qemuSection: BenchSection = {
  id: 'qemu',
  run(ctx: BenchContext): SectionResult {
    const probe = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
    if (probe.error) {
      ctx.log('qemu: not installed');
      return { rows: [{ figure: 'qemu TCG (same ELF)', measured: 'qemu: not installed', target: '—', anchor: '~880 MIPS on 2 cores' }] };
    }
    const failures: string[] = [];
    const warnings: string[] = [];

    // Exact instruction count (guest minstret) under -icount; not timed.
    const counted = runQemu(ctx.elfPath, ICOUNT);
    const icountReport = parseGuestOutput(counted.stdout);
    if (counted.status !== 0 || !icountReport.pass) {
      failures.push(`guest on qemu: exit ${counted.status}${counted.error ? ` (${counted.error.message})` : ''}; output: ${JSON.stringify(counted.stdout.slice(-200))}`);
      return { rows: [{ figure: 'qemu TCG (same ELF)', measured: 'FAILED', target: '—', anchor: '~880 MIPS on 2 cores' }], failures };
    }
    const qemuMinstret = icountReport.minstret;

    let best = Infinity;
    for (let i = 0; i < ctx.runs; i++) {
      const run = timed(() => runQemu(ctx.elfPath, []));
      ctx.log(`qemu run ${i + 1}/${ctx.runs}: ${fmtSeconds(run.seconds)}`);
      if (run.value.status !== 0 || !parseGuestOutput(run.value.stdout).pass) {
        failures.push(`guest on qemu: exit ${run.value.status}; output: ${JSON.stringify(run.value.stdout.slice(-200))}`);
        break;
      }
      best = Math.min(best, run.seconds);
    }
    if (failures.length > 0) {
      return { rows: [{ figure: 'qemu TCG (same ELF)', measured: 'FAILED', target: '—', anchor: '~880 MIPS on 2 cores' }], failures };
    }

    const emuInstret = ctx.metrics.get('emulation.instret');
    const instructions = emuInstret ?? qemuMinstret ?? 0;
    const source = emuInstret !== undefined ? 'emulator instret' : 'qemu -icount minstret';
    const qemuMips = instructions / best / 1e6;
    const rows: FigureRow[] = [
      {
        figure: 'qemu TCG (same ELF)',
        measured: `${fmtMips(qemuMips)} MIPS (${fmtCount(instructions)} instr by ${source}, best ${fmtSeconds(best)} of ${ctx.runs}, start-up incl.)`,
        target: '—',
        anchor: '~880 MIPS on 2 cores',
      },
    ];

    const emuMips = ctx.metrics.get('emulation.mips');
    if (emuMips !== undefined) {
      rows.push({
        figure: 'emulator / qemu speed',
        measured: fmtRatio(emuMips / qemuMips),
        target: '≥ 0.35× (block translation)',
        anchor: 'qemu TCG = 1×',
      });
    }

    const emuMinstret = ctx.metrics.get('emulation.guestMinstret');
    if (emuMinstret !== undefined && qemuMinstret !== null) {
      const diff = emuMinstret - (qemuMinstret - QEMU_MINSTRET_EXTRA);
      rows.push({
        figure: 'guest minstret vs qemu -icount',
        measured: `${emuMinstret} vs ${qemuMinstret} - ${QEMU_MINSTRET_EXTRA}: ${diff === 0 ? 'equal' : `off by ${diff}`}`,
        target: 'equal',
        anchor: 'qemu -icount shift=0,sleep=off',
      });
      if (diff !== 0) {
        warnings.push(
          `guest minstret: emulator ${emuMinstret}, qemu -icount ${qemuMinstret} (expected qemu - ${QEMU_MINSTRET_EXTRA}): off by ${diff}`,
        );
      }
    }

    return {
      rows,
      metrics: {
        'qemu.mips': qemuMips,
        'qemu.seconds': best,
        ...(qemuMinstret !== null ? { 'qemu.guestMinstret': qemuMinstret } : {}),
        ...(emuMips !== undefined ? { 'qemu.emulatorRatio': emuMips / qemuMips } : {}),
      },
      warnings,
      failures,
    };
  },
};
