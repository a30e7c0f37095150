/** `seltrace run image.elf`: run a bare or system image untraced. */
import { performance } from 'node:perf_hooks';
import { bootImage } from '../boot.js';
import { EXIT, guestExitCode } from '../exit-codes.js';
import { ConsoleStream } from '../console-stream.js';
import type { StopReason } from '../../emulator/machine.js';
import { causeName } from '../../replay/describe.js';

export interface RunOptions {
  maxCycles: number;
  input?: string;
  stats?: boolean;
}

export function runCommand(file: string, opts: RunOptions): number {
  const booted = bootImage(file, opts.input);
  const m = booted.machine;
  // Stream console output as it appears (between batches), so long runs show progress.
  const console = new ConsoleStream(m);
  const t0 = performance.now();
  const stop = m.run(opts.maxCycles, () => console.poll());
  const secs = (performance.now() - t0) / 1000;
  console.flush();
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
    case 'trap-storm': return `trap storm: ${trapStormText(s)}`;
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
    case 'trap-storm':
      process.stderr.write(`seltrace: trap storm: ${trapStormText(s)}; the guest cannot make progress\n`);
      return EXIT.TRAP_STORM;
  }
}

function trapStormText(s: Extract<StopReason, { kind: 'trap-storm' }>): string {
  return `${causeName(s.cause, false)} (cause ${s.cause}) at pc 0x${s.pc.toString(16)}, tval 0x${BigInt(s.tval).toString(16)}, taken ${s.count} times in a row with no other exception`;
}
