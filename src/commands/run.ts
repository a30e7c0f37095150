/** `seltrace run image.elf`: run a bare or system image untraced. */
import { performance } from 'node:perf_hooks';
import { bootImage } from '../boot.js';
import { EXIT, guestExitCode } from '../exit-codes.js';
import type { StopReason } from '../../emulator/machine.js';

export interface RunOptions {
  maxCycles: number;
  input?: string;
  stats?: boolean;
}

export function runCommand(file: string, opts: RunOptions): number {
  const booted = bootImage(file, opts.input);
  const m = booted.machine;
  let written = 0;
  // Stream console output as it appears (between batches), so long runs show progress.
  const flush = (): void => {
    const out = m.consoleOutput();
    if (out.length > written) { process.stdout.write(out.subarray(written)); written = out.length; }
  };
  const t0 = performance.now();
  const stop = m.run(opts.maxCycles, flush);
  const secs = (performance.now() - t0) / 1000;
  flush();
  if (opts.stats) {
    const mips = m.cpu.instret / Math.max(secs, 1e-9) / 1e6;
    process.stderr.write(`cycles: ${m.cpu.cycle}\ninstructions: ${m.cpu.instret}\nhost time: ${secs.toFixed(3)} s\nMIPS: ${mips.toFixed(1)}\nstop: ${describeStop(stop)}\n`);
  }
  return stopExitCode(stop, opts.maxCycles);
}

export function describeStop(s: StopReason): string {
  switch (s.kind) {
    case 'exit': return `guest exit ${s.code} (${s.source})`;
    case 'cycle-limit': return 'cycle limit reached';
    case 'halt': return `halted: ${s.reason}`;
  }
}

export function stopExitCode(s: StopReason, maxCycles: number): number {
  switch (s.kind) {
    case 'exit': return guestExitCode(s.code);
    case 'cycle-limit':
      process.stderr.write(`seltrace: guest did not exit within ${maxCycles} cycles (raise --max-cycles)\n`);
      return EXIT.CYCLE_LIMIT;
    case 'halt':
      process.stderr.write(`seltrace: guest halted: ${s.reason}\n`);
      return EXIT.GUEST_HALT;
  }
}
