/** `seltrace record image.elf`: run with full tracing into traces/<name>.strace (+ .db index). */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { record } from '../../tracer/recorder.js';
import { stopExitCode, describeStop, bootForRun, type MachineRunOptions } from './run.js';

export interface RecordCmdOptions extends MachineRunOptions {
  output?: string;
  maxCycles: number;
  input?: string;
  checkpointEvery?: number;
  quiet?: boolean;
  /** Where the guest's console output goes (default stdout; `seltrace gdb --stdio` needs stdout for the protocol). */
  consoleTo?: NodeJS.WritableStream;
}

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

export function recordCommand(image: string, opts: RecordCmdOptions): number {
  const booted = bootForRun(image, opts);
  const base = traceBase(image, opts.output);
  mkdirSync(dirname(base) === '' ? '.' : dirname(base), { recursive: true });
  const streamPath = `${base}.strace`, indexPath = `${base}.strace.db`;
  const tty = process.stderr.isTTY === true && opts.quiet !== true;
  const t0 = performance.now();
  let lastDraw = 0;
  const r = record({
    machine: booted.machine, kernel: booted.kernel, imageName: basename(image), image: booted.image,
    imageKind: booted.kind, input: booted.input ?? null, symbols: booted.symbols,
  }, {
    streamPath, indexPath, maxCycles: opts.maxCycles, checkpointEvery: opts.checkpointEvery,
    onProgress: tty ? (p) => {
      const now = performance.now();
      if (now - lastDraw < 200) return;
      lastDraw = now;
      const mips = p.instret / Math.max((now - t0) / 1000, 1e-6) / 1e6;
      process.stderr.write(`\r\x1b[Krecording: ${p.cycles.toLocaleString('en-US')} cycles  ${mips.toFixed(1)} MIPS  ${(p.bytes / 1024).toFixed(0)} KiB`);
    } : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const secs = (performance.now() - t0) / 1000;
  const out = booted.machine.consoleOutput();
  if (out.length > 0) (opts.consoleTo ?? process.stdout).write(out);
  if (opts.quiet !== true) {
    process.stderr.write(`recorded ${streamPath}: ${r.cycles} cycles, ${r.instret} instructions, ${r.events} events, ` +
      `${r.checkpoints} checkpoints, ${r.bytes} bytes (${(r.bytes / Math.max(r.instret, 1)).toFixed(3)} B/instr) in ${secs.toFixed(2)} s — ${describeStop(r.stop)}\n`);
  }
  const code = stopExitCode(r.stop, opts.maxCycles);
  // Hitting the cycle limit still leaves a complete, usable trace.
  return r.stop.kind === 'cycle-limit' ? 0 : code;
}
