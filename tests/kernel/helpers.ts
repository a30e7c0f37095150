/** Shared helpers for the kernel-model tests: guest ELFs, booting, event capture. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Machine, type MachineConfig } from '../../emulator/machine.js';
import { bootBare, type BareSystem, type BareThread, type BootOptions } from './boot-bare.js';
import type { Kernel } from '../../emulator/kernel/kernel.js';
import type { KernelObserver } from '../../emulator/observer.js';
import { parseElf } from '../../emulator/elf/elf-reader.js';
import { bootSystem } from '../../emulator/kernel/loader.js';
import { parseSystem } from '../../emulator/kernel/sdf/index.js';

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

/** A small Microkit system: a client PPC-calling a passive server (mk_client / mk_server guests). */
export const MK_SYSTEM = `<?xml version="1.0" encoding="UTF-8"?>
<system>
    <memory_region name="shared" size="0x1000" />
    <memory_region name="uart" size="0x1000" phys_addr="0x10000000" />
    <protection_domain name="client" priority="100" budget="2000" period="2000">
        <program_image path="mk_client.elf" />
        <map mr="shared" vaddr="0x4000000" perms="rw" setvar_vaddr="shared_vaddr" />
        <map mr="uart" vaddr="0x2000000" perms="rw" cached="false" setvar_vaddr="uart_base" />
    </protection_domain>
    <protection_domain name="server" priority="200" passive="true">
        <program_image path="mk_server.elf" />
        <map mr="shared" vaddr="0x5000000" perms="r" setvar_vaddr="shared_vaddr" />
        <irq irq="5" id="7" />
    </protection_domain>
    <channel>
        <end pd="client" id="0" pp="true" />
        <end pd="server" id="3" />
    </channel>
</system>`;

/** Boot MK_SYSTEM with an event log; `console()` is the UART output so far. */
export function bootMicrokitExample() {
  const m = new Machine();
  const { log, observer } = eventLog();
  const desc = parseSystem(MK_SYSTEM, 'test.system');
  const k = bootSystem(m, desc, new Map([['client', guest('mk_client')], ['server', guest('mk_server')]]), { observer });
  return { m, k, log, console: () => Buffer.from(m.consoleOutput()).toString('latin1') };
}
