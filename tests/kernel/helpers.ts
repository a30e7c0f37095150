/** Shared helpers for the kernel-model tests: guest ELFs, booting, event capture. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Machine, type MachineConfig } from '../../emulator/machine.js';
import { bootBare, type BareSystem, type BareThread, type BootOptions } from './boot-bare.js';
import type { Kernel } from '../../emulator/kernel/kernel.js';
import type { KernelObserver } from '../../emulator/observer.js';
import { parseElf } from '../../emulator/elf/elf-reader.js';

const binDir = fileURLToPath(new URL('./guests/bin/', import.meta.url));

export function guest(name: string): Uint8Array {
  return readFileSync(`${binDir}${name}.elf`);
}

export function symbol(name: string, sym: string): number {
  const s = parseElf(guest(name)).symbols.find((x) => x.name === sym);
  if (s === undefined) throw new Error(`${name}.elf has no symbol ${sym}`);
  return s.value;
}

/** Every observer callback, in order, as [kind, event]. */
export type LoggedEvent = [string, Record<string, unknown>];

export function eventLog(): { log: LoggedEvent[]; observer: KernelObserver } {
  const log: LoggedEvent[] = [];
  const rec = (kind: string) => (e: object) => { log.push([kind, { ...e }]); };
  const observer: KernelObserver = {
    onSyscall: rec('syscall'), onCapOp: rec('capop'), onSchedule: rec('schedule'), onThreadState: rec('state'),
    onIpc: rec('ipc'), onSignal: rec('signal'), onIrq: rec('irq'), onFault: rec('fault'), onBudget: rec('budget'),
    onObject: rec('object'), onKernelEntry: rec('kentry'),
  };
  return { log, observer };
}

export interface Booted {
  m: Machine;
  k: Kernel;
  log: LoggedEvent[];
  console: () => string;
  tid: (name: string) => number;
}

/** Boot a bare system; every thread gets its own TCB cap in slot 30 (see guests/sel4.h). */
export function bootThreads(sys: BareSystem, opts: BootOptions = {}, mcfg: MachineConfig = {}): Booted {
  const m = new Machine(mcfg);
  const { log, observer } = eventLog();
  const threads: BareThread[] = sys.threads.map((t) => ({ ...t, caps: { 30: { tcb: t.name }, ...(t.caps ?? {}) } }));
  const k = bootBare(m, { ...sys, threads }, { observer, ...opts });
  return {
    m, k, log,
    console: () => Buffer.from(m.consoleOutput()).toString('latin1'),
    tid: (name: string) => {
      const t = k.threadByName(name);
      if (t === undefined) throw new Error(`no thread ${name}`);
      return t.id;
    },
  };
}

export function events<T = Record<string, unknown>>(log: LoggedEvent[], kind: string): T[] {
  return log.filter(([k]) => k === kind).map(([, e]) => e as T);
}
