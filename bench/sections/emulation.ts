/**
 * Untraced emulation speed (DESIGN.md §6, first row): our emulator runs the benchmark guest
 * in bare mode, `ctx.runs` times; the best wall time gives MIPS = instret / seconds.
 * Every run must end with the guest's PASS (its checksum matched the host-computed one).
 */
import { runBareElf } from '../../emulator/run.js';
import type { BenchContext, BenchSection, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtSeconds, parseGuestOutput, timed } from './util.js';

/** Cycle budget: far above the guest's length (~250M full, ~5.6M quick) so only a hang hits it. */
const MAX_CYCLES_FULL = 2_000_000_000;
const MAX_CYCLES_QUICK = 100_000_000;

export const emulationSection: BenchSection = {
  id: 'emulation',
  run(ctx: BenchContext): SectionResult {
    const failures: string[] = [];
    const warnings: string[] = [];
    const maxCycles = ctx.quick ? MAX_CYCLES_QUICK : MAX_CYCLES_FULL;
    let best = Infinity;
    let first: { instret: number; uart: string } | null = null;

    for (let i = 0; i < ctx.runs; i++) {
      let run;
      try {
        run = timed(() => runBareElf(ctx.elf, { maxCycles }));
      } catch (e) {
        failures.push(`emulator threw: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
      const r = run.value;
      ctx.log(`emulator run ${i + 1}/${ctx.runs}: ${fmtCount(r.instret)} instructions in ${fmtSeconds(run.seconds)}`);
      const guest = parseGuestOutput(r.uart);
      if (r.stop.kind !== 'exit' || r.exitCode !== 0 || !guest.pass) {
        const why =
          r.stop.kind === 'error' ? `error: ${r.stop.message}`
          : r.stop.kind === 'cycle-limit' ? `no exit within ${fmtCount(maxCycles)} cycles`
          : `exit code ${r.exitCode}${guest.fail ? ' (checksum mismatch)' : ''}`;
        failures.push(`guest on emulator: ${why}; uart: ${JSON.stringify(r.uart.slice(-200))}`);
        break;
      }
      if (first === null) {
        first = { instret: r.instret, uart: r.uart };
      } else if (r.instret !== first.instret || r.uart !== first.uart) {
        warnings.push(`emulator not deterministic: run ${i + 1} differs from run 1 (instret ${r.instret} vs ${first.instret})`);
      }
      best = Math.min(best, run.seconds);
    }

    if (first === null) {
      return {
        rows: [{ figure: 'untraced emulation', measured: 'FAILED', target: '≥ 100 MIPS interp; ≥ 300 translated', anchor: 'QEMU TCG, Spike, JSLinux ~100 MIPS' }],
        warnings,
        failures,
      };
    }
    const mips = first.instret / best / 1e6;
    const minstret = parseGuestOutput(first.uart).minstret;
    return {
      rows: [
        {
          figure: 'untraced emulation',
          measured: `${fmtMips(mips)} MIPS (${fmtCount(first.instret)} instr, best ${fmtSeconds(best)} of ${ctx.runs})`,
          target: '≥ 100 MIPS interp; ≥ 300 translated',
          anchor: 'QEMU TCG, Spike, JSLinux ~100 MIPS',
        },
      ],
      metrics: {
        'emulation.mips': mips,
        'emulation.seconds': best,
        'emulation.instret': first.instret,
        ...(minstret !== null ? { 'emulation.guestMinstret': minstret } : {}),
      },
      warnings,
      failures,
    };
  },
};
