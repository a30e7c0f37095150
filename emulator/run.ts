/** One-call bare-mode runner used by the CLI `run`, the ISA tests and the benchmark. */
import { DEFAULT_MAX_CYCLES } from './limits.js';
import { parseElf } from './elf/elf-reader.js';
import { Machine, type MachineConfig, type StopReason } from './machine.js';
export { DEFAULT_MAX_CYCLES };

export interface BareRunOptions extends MachineConfig {
  maxCycles?: number;
}

export interface BareRunResult {
  stop: { kind: 'exit'; code: number } | { kind: 'cycle-limit' } | { kind: 'error'; message: string };
  /** HTIF: 0 pass, n = failing test number; finisher: 0 pass or its code; null if it did not exit. */
  exitCode: number | null;
  uart: string;
  cycles: number;
  instret: number;
}

export function runBareElf(bytes: Uint8Array, opts: BareRunOptions = {}): BareRunResult {
  const m = new Machine(opts);
  m.loadBareElf(parseElf(bytes));
  const r: StopReason = m.run(opts.maxCycles ?? DEFAULT_MAX_CYCLES);
  const uart = Buffer.from(m.consoleOutput()).toString('latin1');
  const base = { uart, cycles: m.cpu.cycle, instret: m.cpu.instret };
  if (r.kind === 'exit') return { ...base, stop: { kind: 'exit', code: r.code }, exitCode: r.code };
  if (r.kind === 'cycle-limit') return { ...base, stop: { kind: 'cycle-limit' }, exitCode: null };
  return { ...base, stop: { kind: 'error', message: r.kind === 'halt' ? r.reason : `trap storm: cause ${r.cause} at pc 0x${r.pc.toString(16)}` }, exitCode: null };
}
