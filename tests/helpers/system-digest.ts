import { createHash } from 'node:crypto';
import { bootImageBytes, type Booted } from '../../emulator/boot.js';
import type { KernelObserver } from '../../emulator/observer.js';
import type { Machine } from '../../emulator/machine.js';
import type { BootedKernel } from '../../emulator/kernel-api.js';
import { SystemKernel } from '../../emulator/system-boot.js';

/**
 * Digests of one system run, independent of the trace format: every kernel event in order, the
 * hart and the kernel state at each slice boundary, and the final architectural state (with the
 * RAM pages marked dirty, which checkpoints carry). A change to any of them is a behaviour change.
 */
export interface SystemDigest {
  /** sha256 (16 hex) of every observer event, in order, as JSON. */
  events: string;
  /** Hart registers, counters and the kernel snapshot at every slice boundary. */
  states: string;
  /** Final state of the observed, sliced run. */
  final: string;
  /** Final state of the same image run untraced in one go (must equal `final`). */
  untraced: string;
  cycles: number;
  instret: number;
  eventCount: number;
  /** Slice boundaries where the kernel's derived caches (the ready bitmap) disagreed with its state. */
  cacheMismatches: number;
}

/** The kernel model's derived ready bitmap agrees with its ready queues. */
function readyBitsAgree(k: BootedKernel | null): boolean {
  if (!(k instanceof SystemKernel)) return true;
  const m = k.kernel;
  return m.s.ready.every((q, p) => (q.length > 0) === (((m.readyBits[p >>> 5] >>> (p & 31)) & 1) === 1));
}

const HOOKS = [
  'onSyscall', 'onCapOp', 'onSchedule', 'onThreadState', 'onIpc', 'onSignal', 'onIrq', 'onFault', 'onBudget', 'onObject', 'onKernelEntry',
] as const;

/** The kernel snapshot as canonical JSON (typed arrays as arrays; holes as null). */
function kernelJson(k: BootedKernel | null): string {
  if (k === null) return 'null';
  return JSON.stringify(k.snapshot(), (_key, v: unknown) => (v instanceof Int32Array ? Array.from(v) : v));
}

function hartState(m: Machine): string {
  const c = m.cpu;
  return JSON.stringify([Array.from(c.x), Array.from(c.f), Array.from(c.csr.r64), c.pc, c.priv, c.cycle, c.instret,
    c.csr.mstatus, c.csr.mie, c.csr.mip, c.csr.fcsr, m.idle]);
}

function finalState(b: Booted): string {
  const h = createHash('sha256');
  h.update(hartState(b.machine));
  h.update(kernelJson(b.kernel));
  const bus = b.machine.bus;
  for (let p = 0; p < bus.dirty.length; p++) {
    if (bus.dirty[p] === 0) continue;
    h.update(`page ${p}`);
    h.update(bus.ram.subarray(p * 4096, (p + 1) * 4096));
  }
  h.update(Buffer.from(b.machine.consoleOutput()));
  return h.digest('hex').slice(0, 16);
}

/** Run `image` to its end (or `maxCycles`) observed, in slices of `slice` cycles, then again untraced. */
export function systemDigest(image: Uint8Array, name: string, maxCycles: number, slice = 1_000_000): SystemDigest {
  const b = bootImageBytes(image, name);
  const ev = createHash('sha256');
  let eventCount = 0;
  const observer: KernelObserver = {};
  for (const hook of HOOKS) {
    (observer as Record<string, (e: object) => void>)[hook] = (e: object) => { eventCount++; ev.update(hook); ev.update(JSON.stringify(e)); };
  }
  b.kernel?.attachObserver(observer);
  const st = createHash('sha256');
  let cacheMismatches = 0;
  for (let limit = slice; ; limit += slice) {
    const stop = b.machine.run(Math.min(limit, maxCycles));
    if (!readyBitsAgree(b.kernel)) cacheMismatches++;
    st.update(hartState(b.machine));
    st.update(kernelJson(b.kernel));
    if (stop.kind !== 'cycle-limit' || b.machine.cpu.cycle >= maxCycles) break;
  }
  const u = bootImageBytes(image, name);
  u.machine.run(maxCycles);
  return {
    events: ev.digest('hex').slice(0, 16), states: st.digest('hex').slice(0, 16), final: finalState(b), untraced: finalState(u),
    cycles: b.machine.cpu.cycle, instret: b.machine.cpu.instret, eventCount, cacheMismatches,
  };
}
