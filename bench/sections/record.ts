/**
 * Recording (DESIGN.md §6, rows 2–3): the benchmark guest recorded with tracer/recorder.ts into
 * a temporary directory, `ctx.runs` times, best kept.
 *
 * - slowdown = best recording wall time / best untraced wall time (`emulation.seconds`, published
 *   by the emulation section; measured here once if that section did not run). Both include
 *   booting the ELF; recording also includes writing the stream, the index and the checkpoints.
 * - bytes per instruction = stream bytes (blocks, events, checkpoints, header with the image) /
 *   instructions retired. The SQLite index is derived data and is reported separately.
 * - index rebuild = `rebuildIndex` (tracer/reindex.ts) over the recorded stream: read, decode,
 *   insert. The bare guest has few events (its UART bytes), so this is mostly stream decoding;
 *   the index-query section measures the events/s of the index builder on 1M events.
 *
 * The last recording is kept for the replay section (`takeRecordedTrace`), which deletes it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bootImageBytes } from '../../emulator/boot.js';
import { runBareElf } from '../../emulator/run.js';
import { record, type RecordResult } from '../../tracer/recorder.js';
import { rebuildIndex } from '../../tracer/reindex.js';
import { HELPER_NICE } from '../../tracer/thread-priority.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtRatio, fmtSeconds, parseGuestOutput, timed } from './util.js';

/** Cycle budget: far above the guest's length (~250M full, ~5.1M quick) so only a hang hits it. */
const MAX_CYCLES_FULL = 2_000_000_000;
const MAX_CYCLES_QUICK = 100_000_000;

/** A recording on disk in its own temporary directory; whoever takes it deletes `dir`. */
export interface RecordedTrace {
  elfPath: string;
  dir: string;
  streamPath: string;
  indexPath: string;
  result: RecordResult;
}

/** Temporary directories not yet deleted; removed at process exit at the latest. */
const liveDirs = new Set<string>();
let exitHook = false;

export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'seltrace-bench-'));
  liveDirs.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

let kept: RecordedTrace | null = null;

/** The trace the record section made of `elfPath`, if any; the caller now owns (and deletes) it. */
export function takeRecordedTrace(elfPath: string): RecordedTrace | null {
  const t = kept;
  if (t === null || t.elfPath !== elfPath) return null;
  kept = null;
  return t;
}

/** Record a bare ELF into `dir/<name>.strace` (+ `.strace.db`), as `seltrace record` would. */
export function recordBareElf(elf: Uint8Array, elfPath: string, dir: string, maxCycles: number): { trace: RecordedTrace; uart: string } {
  const name = basename(elfPath);
  const streamPath = join(dir, `${name.replace(/\.elf$/, '')}.strace`);
  const indexPath = `${streamPath}.db`;
  const booted = bootImageBytes(elf, name);
  const result = record(
    { machine: booted.machine, kernel: null, imageName: name, image: elf, imageKind: 'bare', input: null, symbols: booted.symbols },
    // The deflate helper behind the recording thread, as `seltrace record` runs it (the CLI also lowers
    // V8's own threads; not here: the bench process measures more after this section).
    { streamPath, indexPath, maxCycles, helperNice: HELPER_NICE },
  );
  const uart = Buffer.from(booted.machine.consoleOutput()).toString('latin1');
  return { trace: { elfPath, dir, streamPath, indexPath, result }, uart };
}

/** Why a recording of the bench guest is not a passing run, or null if it is. */
export function guestProblem(result: RecordResult, uart: string, maxCycles: number): string | null {
  const stop = result.stop;
  const guest = parseGuestOutput(uart);
  if (stop.kind === 'exit' && stop.code === 0 && guest.pass) return null;
  const why =
    stop.kind === 'exit' ? `exit code ${stop.code}${guest.fail ? ' (checksum mismatch)' : ''}`
    : stop.kind === 'cycle-limit' ? `no exit within ${fmtCount(maxCycles)} cycles`
    : stop.kind === 'halt' ? `halt: ${stop.reason}` : `trap storm at pc 0x${stop.pc.toString(16)}`;
  return `${why}; uart: ${JSON.stringify(uart.slice(-200))}`;
}

function fmtBytes(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

const FIG_SLOWDOWN = { figure: 'recording slowdown vs untraced', target: '≤ 1.5×', anchor: 'rr ~1.2–2×' };
const FIG_SIZE = { figure: 'trace size (blocks+events+ckpts)', target: '≤ 1 B/instr incl. checkpoints', anchor: 'Intel PT ≈ 0.1–0.5 B/instr' };
const FIG_REINDEX = { figure: 'index rebuild (rebuildIndex)', target: '—', anchor: '—' };

export const recordSection: BenchSection = {
  id: 'record',
  run(ctx: BenchContext): SectionResult {
    const maxCycles = ctx.quick ? MAX_CYCLES_QUICK : MAX_CYCLES_FULL;
    const failures: string[] = [];
    const warnings: string[] = [];
    const dir = makeTempDir();
    let handedOver = false;
    try {
      let best = Infinity;
      let last: RecordedTrace | null = null;
      for (let i = 0; i < ctx.runs; i++) {
        const run = timed(() => recordBareElf(ctx.elf, ctx.elfPath, dir, maxCycles));
        const { trace, uart } = run.value;
        const r = trace.result;
        ctx.log(`record run ${i + 1}/${ctx.runs}: ${fmtCount(r.instret)} instructions, ${fmtBytes(r.bytes)} in ${fmtSeconds(run.seconds)}`);
        const problem = guestProblem(r, uart, maxCycles);
        if (problem !== null) {
          failures.push(`guest under recording: ${problem}`);
          break;
        }
        if (last !== null && (r.bytes !== last.result.bytes || r.instret !== last.result.instret)) {
          warnings.push(`recording not deterministic: run ${i + 1} wrote ${r.bytes} bytes / ${r.instret} instr, run 1 ${last.result.bytes} / ${last.result.instret}`);
        }
        last = trace;
        best = Math.min(best, run.seconds);
      }
      if (last === null) {
        return { rows: [FIG_SLOWDOWN, FIG_SIZE].map((f) => ({ ...f, measured: 'FAILED' })), warnings, failures };
      }
      const r = last.result;

      // Untraced reference: the emulation section's best time, else one run here.
      let untraced = ctx.metrics.get('emulation.seconds');
      let untracedNote = `untraced ${'best of ' + ctx.runs}`;
      if (untraced === undefined || ctx.metrics.get('emulation.instret') !== r.instret) {
        const u = timed(() => runBareElf(ctx.elf, { maxCycles }));
        untraced = u.seconds;
        untracedNote = 'untraced 1 run here';
      }
      const slowdown = best / untraced;

      const bpi = r.bytes / Math.max(r.instret, 1);
      const indexBytes = statSync(last.indexPath).size;

      // Index rebuild from the stream alone.
      const rebuildPath = join(dir, 'rebuild.strace.db');
      const re = timed(() => rebuildIndex(last.streamPath, rebuildPath));
      rmSync(rebuildPath, { force: true });
      const reEvents = re.value.events;
      const reChunks = re.value.chunks;
      const reMBps = r.bytes / re.seconds / 1e6;
      ctx.log(`rebuildIndex: ${reChunks} chunks, ${reEvents} events in ${fmtSeconds(re.seconds)}`);

      kept = last;
      handedOver = true;
      const rows: FigureRow[] = [
        {
          ...FIG_SLOWDOWN,
          measured: `${fmtRatio(slowdown)} (record ${fmtSeconds(best)} = ${fmtMips(r.instret / best / 1e6)} MIPS vs ${untracedNote} ${fmtSeconds(untraced)}; ${fmtCount(r.instret)} instr${ctx.quick ? '; quick: JIT warm-up dominates' : ''})`,
        },
        {
          ...FIG_SIZE,
          measured: `${bpi.toFixed(3)} B/instr (${fmtBytes(r.bytes)} stream; ${r.checkpoints} ckpts = ${fmtBytes(r.checkpointBytes)}, ${(100 * r.checkpointBytes / r.bytes).toFixed(0)}%; ${r.events} events; index ${fmtBytes(indexBytes)} extra)`,
        },
        {
          ...FIG_REINDEX,
          measured: `${fmtSeconds(re.seconds)} for ${fmtBytes(r.bytes)} = ${reMBps.toFixed(0)} MB/s (${reChunks} chunks, ${reEvents} events: ${fmtCount(Math.round(reEvents / re.seconds))} events/s; bare guest, few events)`,
        },
      ];
      return {
        rows,
        metrics: {
          'record.seconds': best,
          'record.untracedSeconds': untraced,
          'record.slowdown': slowdown,
          'record.instret': r.instret,
          'record.cycles': r.cycles,
          'record.bytes': r.bytes,
          'record.bytesPerInstr': bpi,
          'record.checkpoints': r.checkpoints,
          'record.checkpointBytes': r.checkpointBytes,
          'record.events': r.events,
          'record.indexBytes': indexBytes,
          'record.reindexSeconds': re.seconds,
          'record.reindexMBps': reMBps,
          'record.reindexEventsPerSecond': reEvents / re.seconds,
        },
        warnings,
        failures,
      };
    } finally {
      if (!handedOver) removeTempDir(dir);
    }
  },
};
