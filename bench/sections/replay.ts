/**
 * Replay (DESIGN.md §6, seek row): latency of moving through a recording on an open
 * `ReplaySession` (replay/session.ts), the operations behind the TUI and the CLI.
 *
 * - seek: SEEKS targets drawn uniformly over the trace with a fixed-seed PRNG. Before each timed
 *   `seek(target)` the session seeks half the trace away (untimed), so every timed seek restores a
 *   checkpoint (keyframe + deltas, through the session's own checkpoint cache) and re-executes
 *   from it, as a jump from elsewhere in the TUI does.
 * - reverse step: at STEPS random points (reached by an untimed seek), one timed
 *   `stepInstruction(-1)`; it must land exactly one instruction earlier.
 *
 * The trace is the one the record section made (full: bench.elf, ~250M cycles; --quick:
 * bench-small.elf, ~5M cycles, below the 100M of the design figure — the row says so). If the
 * record section did not leave one, this section records its own. The trace is deleted after.
 */
import { ReplaySession } from '../../replay/session.js';
import { guestProblem, makeTempDir, recordBareElf, removeTempDir, takeRecordedTrace, type RecordedTrace } from './record.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtSeconds, timed } from './util.js';

const SEEKS = 30;
const STEPS = 30;
const SEED = 0x5e17ace;

/** mulberry32: a small deterministic PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Latency { median: number; worst: number; n: number; }

/** Median and worst of a list of durations (seconds). */
export function latency(samples: readonly number[]): Latency {
  const s = [...samples].sort((x, y) => x - y);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { median, worst: n === 0 ? NaN : s[n - 1]!, n };
}

/** Milliseconds with sensible precision: 0.042 ms, 3.10 ms, 41.2 ms, 130 ms. */
export function fmtMs(seconds: number): string {
  const ms = seconds * 1000;
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : ms >= 0.1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(3)} ms`;
}

const FIG_SEEK = { figure: 'seek to a random cycle', target: '≤ 100 ms worst (100M-cycle trace)', anchor: 'rr/QEMU reverse: seconds' };
const FIG_STEP = { figure: 'reverse single step', target: '≤ 20 ms', anchor: '— (TUI step budget ≤ 50 ms)' };

const MAX_CYCLES_FULL = 2_000_000_000;
const MAX_CYCLES_QUICK = 100_000_000;

export const replaySection: BenchSection = {
  id: 'replay',
  run(ctx: BenchContext): SectionResult {
    const warnings: string[] = [];
    const failures: string[] = [];
    let taken: RecordedTrace | null = takeRecordedTrace(ctx.elfPath);
    if (taken === null) {
      const maxCycles = ctx.quick ? MAX_CYCLES_QUICK : MAX_CYCLES_FULL;
      const dir = makeTempDir();
      ctx.log('replay: no trace from the record section, recording one');
      const { trace: t, uart } = recordBareElf(ctx.elf, ctx.elfPath, dir, maxCycles);
      const problem = guestProblem(t.result, uart, maxCycles);
      if (problem !== null) {
        removeTempDir(dir);
        return { rows: [FIG_SEEK, FIG_STEP].map((f) => ({ ...f, measured: 'FAILED' })), failures: [`guest under recording: ${problem}`] };
      }
      taken = t;
    }
    const trace = taken;
    let session: ReplaySession | null = null;
    try {
      const opened = timed(() => ReplaySession.open(trace.streamPath));
      const s = opened.value;
      session = s;
      const end = s.endCycle;
      const cks = s.timeline.checkpoints;
      const spacing = cks.length > 1 ? (cks[cks.length - 1]!.cycle - cks[0]!.cycle) / (cks.length - 1) : end;
      ctx.log(`replay: opened ${fmtCount(end)}-cycle trace (${cks.length} checkpoints) in ${fmtSeconds(opened.seconds)}`);

      // ---- seeks
      const rnd = prng(SEED);
      const seekTimes: number[] = [];
      for (let i = 0; i < SEEKS; i++) {
        const target = Math.floor(rnd() * end);
        s.seek((target + Math.floor(end / 2)) % end);
        const t = timed(() => s.seek(target));
        seekTimes.push(t.seconds);
        if (s.cycle < target) warnings.push(`replay: seek(${target}) stopped at cycle ${s.cycle}, before its target`);
      }
      const seek = latency(seekTimes);

      // ---- reverse single steps
      const stepTimes: number[] = [];
      for (let i = 0; i < STEPS; i++) {
        const at = 1 + Math.floor(rnd() * (end - 1));
        s.seek(at);
        const before = s.instret;
        if (before === 0) continue;
        const t = timed(() => s.stepInstruction(-1));
        stepTimes.push(t.seconds);
        if (s.instret !== before - 1) warnings.push(`replay: stepInstruction(-1) at instret ${before} went to ${s.instret}`);
      }
      const step = latency(stepTimes);

      const what = ctx.quick
        ? `quick: bench-small, only a ${fmtCount(end)}-cycle trace`
        : `${fmtCount(end)}-cycle trace`;
      const ckNote = `${cks.length} ckpts ~${fmtCount(spacing)} cycles apart`;
      const rows: FigureRow[] = [
        { ...FIG_SEEK, measured: `worst ${fmtMs(seek.worst)}, median ${fmtMs(seek.median)} (${seek.n} seeks; ${what}; ${ckNote}; open ${fmtSeconds(opened.seconds)})` },
        { ...FIG_STEP, measured: `worst ${fmtMs(step.worst)}, median ${fmtMs(step.median)} (${step.n} positions; stepInstruction(-1))` },
      ];
      return {
        rows,
        metrics: {
          'replay.traceCycles': end,
          'replay.checkpoints': cks.length,
          'replay.openSeconds': opened.seconds,
          'replay.seekMedianMs': seek.median * 1000,
          'replay.seekWorstMs': seek.worst * 1000,
          'replay.reverseStepMedianMs': step.median * 1000,
          'replay.reverseStepWorstMs': step.worst * 1000,
        },
        warnings,
        failures,
      };
    } finally {
      session?.close();
      removeTempDir(trace.dir);
    }
  },
};
