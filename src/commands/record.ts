/**
 * `seltrace record image.elf`: run with full tracing into traces/<name>.strace (+ .db index).
 *
 * The recording runs in a worker thread so that the main thread stays free to take SIGINT /
 * SIGTERM: the first one asks the recorder (through shared memory it polls between batches) to
 * end the trace cleanly — final chunk, end chunk, index — and exit 130; a second one abandons it.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { record } from '../../tracer/recorder.js';
import { BACKGROUND_NICE, HELPER_NICE, lowerOtherThreads } from '../../tracer/thread-priority.js';
import { acquireLock } from '../../tracer/trace-lock.js';
import { stopExitCode, describeStop, stopHints, bootForRun, type MachineRunOptions } from './run.js';
import { Sel4Probe } from '../../emulator/sel4-probe.js';
import { SymbolTable } from '../../emulator/elf/symbols.js';
import { ConsoleStream } from '../console-stream.js';
import { ioReason, reportError, UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

export interface RecordCmdOptions extends MachineRunOptions {
  output?: string;
  maxCycles: number;
  /** Stop recording when the stream reaches this many bytes. */
  maxTraceSize?: number;
  input?: string;
  checkpointEvery?: number;
  quiet?: boolean;
  /** Whether stderr is a terminal (a worker thread cannot tell: its stdio is forwarded). */
  progress?: boolean;
  /** Where the guest's console output goes (default stdout; `seltrace gdb --stdio` needs stdout for the protocol). */
  consoleTo?: NodeJS.WritableStream;
  /** Nice value of the recorder's helper threads (see recordWorkerMain). */
  helperNice?: number;
}

/** Default recording budget: 4 GB of stream (about 13G instructions at 0.3 B/instruction). */
import { DEFAULT_MAX_TRACE_SIZE } from './record-limits.js';
export { DEFAULT_MAX_TRACE_SIZE };

/** Default trace base name: traces/<image name without .elf>. */
export function defaultTraceBase(image: string): string {
  const b = basename(image).replace(/\.elf$/i, '');
  const parent = basename(dirname(image));
  // examples/<name>/image.elf → traces/<name>
  return join('traces', b === 'image' && parent !== '.' && parent !== '' ? parent : b);
}

/**
 * The base path (without .strace) to record `image` to: `-o` as given, or inside `-o` when it
 * names a directory (ends in a separator, or exists as one), or traces/<name>.
 */
export function traceBase(image: string, output: string | undefined): string {
  if (output === undefined) return defaultTraceBase(image);
  if (/[\\/]$/.test(output) || (existsSync(output) && statSync(output).isDirectory())) return join(output, basename(defaultTraceBase(image)));
  return output.replace(/\.strace$/, '');
}

/** The recording itself (runs in the worker). `stopRequested` is polled between batches. */
export function recordInProcess(image: string, opts: RecordCmdOptions, stopRequested: () => boolean): number {
  const booted = bootForRun(image, opts);
  const base = traceBase(image, opts.output);
  const dir = dirname(base) === '' ? '.' : dirname(base);
  // -o under a path that is a file (or cannot be made): the user's to fix, not an internal error.
  try { mkdirSync(dir, { recursive: true }); } catch (e) { throw new UserError(`-o: cannot create directory ${dir} for the trace: ${ioReason(e)}`); }
  const streamPath = `${base}.strace`, indexPath = `${base}.strace.db`;
  const release = acquireLock(streamPath);
  try {
    const tty = opts.progress === true;
    const t0 = performance.now();
    let lastDraw = 0, drawn = false;
    const clearProgress = (): void => { if (drawn) { process.stderr.write('\r\x1b[K'); drawn = false; } };
    const console = new ConsoleStream(booted.machine, clearProgress, opts.consoleTo);
    const r = record({
      machine: booted.machine, kernel: booted.kernel, imageName: basename(image), image: booted.image,
      imageKind: booted.kind, input: booted.input ?? null, symbols: booted.symbols, firmware: booted.firmware,
      probe: booted.sel4 !== undefined ? new Sel4Probe(booted.machine, booted.kernelElf && SymbolTable.fromImage(booted.kernelElf)) : undefined,
    }, {
      streamPath, indexPath, maxCycles: opts.maxCycles, checkpointEvery: opts.checkpointEvery, maxBytes: opts.maxTraceSize ?? DEFAULT_MAX_TRACE_SIZE,
      shouldStop: stopRequested, helperNice: opts.helperNice,
      onProgress: (p) => {
        console.poll();
        if (!tty) return;
        const now = performance.now();
        if (now - lastDraw < 200) return;
        lastDraw = now;
        const mips = p.instret / Math.max((now - t0) / 1000, 1e-6) / 1e6;
        process.stderr.write(`\r\x1b[Krecording: ${p.cycles.toLocaleString('en-US')} cycles  ${mips.toFixed(1)} MIPS  ${(p.bytes / 1024).toFixed(0)} KiB`);
        drawn = true;
      },
    });
    console.flush();
    clearProgress();
    const secs = (performance.now() - t0) / 1000;
    const stopText = r.limit === 'interrupted' ? `interrupted at cycle ${r.cycles}`
      : r.limit === 'trace-size' ? `trace size budget reached (--max-trace-size ${opts.maxTraceSize ?? DEFAULT_MAX_TRACE_SIZE})` : describeStop(r.stop);
    if (opts.quiet !== true || r.limit !== null) {
      process.stderr.write(`recorded ${streamPath}: ${r.cycles} cycles, ${r.instret} instructions, ${r.events} events, ` +
        `${r.checkpoints} checkpoints, ${r.bytes} bytes (${(r.bytes / Math.max(r.instret, 1)).toFixed(3)} B/instr) in ${secs.toFixed(2)} s — ${stopText}\n`);
    }
    if (r.limit === 'interrupted') {
      process.stderr.write('seltrace: recording interrupted; the trace is complete up to there\n');
      return EXIT.INTERRUPTED;
    }
    if (r.limit === 'trace-size') {
      process.stderr.write(`seltrace: stopped recording at ${r.bytes} bytes (--max-trace-size ${opts.maxTraceSize ?? DEFAULT_MAX_TRACE_SIZE}); the trace is complete up to cycle ${r.cycles} — raise --max-trace-size to record further\n`);
      return EXIT.OK;
    }
    const code = stopExitCode(r.stop, opts.maxCycles);
    for (const h of stopHints(booted, r.stop)) process.stderr.write(`seltrace: ${h}\n`);
    // Hitting the cycle limit still leaves a complete, usable trace.
    return r.stop.kind === 'cycle-limit' ? 0 : code;
  } finally {
    release();
  }
}

/** Worker side: errors become one line and an exit code, like in the main thread. */
export function recordWorkerMain(image: string, opts: RecordCmdOptions, stopFlag: Int32Array): number {
  try {
    // This thread runs the hart; the process's other threads (V8's compiler and GC threads, the
    // idle main thread) run in its background: −50 ms median on 1.3 s recordings of ordinary
    // code, 10 alternating runs (tracer/thread-priority.ts); the deflate helper between the two.
    // The index helper, started later, keeps its priority: system recordings wait for it at the end.
    lowerOtherThreads(BACKGROUND_NICE);
    return recordInProcess(image, { ...opts, helperNice: HELPER_NICE }, () => Atomics.load(stopFlag, 0) !== 0);
  } catch (e) {
    return reportError(e);
  }
}
