/**
 * Boot an image (bare RV64 ELF, or a packed system image) into a fresh machine. Shared by
 * `run`, `record` and replay, which re-boots from the image embedded in a trace.
 */
import { parseElf } from './elf/elf-reader.js';
import { Machine, type MachineConfig } from './machine.js';
import { SymbolTable } from './elf/symbols.js';

export class ImageError extends Error {
  override readonly name = 'ImageError';
}

/** What the recorder and replay need from the kernel model, if the image is a system. */
export interface BootedKernel {
  observer?: import('./observer.js').KernelObserver;
  snapshot(): unknown;
  restore(state: unknown): void;
  /** The kernel's state for inspectors (threads, queues, capabilities). */
  inspect?(): import('./kernel-view.js').KernelView;
  /** Events the kernel emitted while booting, before anyone could observe (recorded first). */
  takeBootEvents?(): [string, unknown][];
  /** The kernel's platform setting and cost profile, for the trace header. */
  profile?(): KernelProfileInfo;
}

/** Kernel settings a recording was made with (trace header). */
export interface KernelProfileInfo { plic: string; costs: Record<string, number>; }

/** Kernel options for system images (ignored for bare ELFs). */
export interface KernelBootOptions { plic?: 'claim-at-entry' | 'hold-until-ack'; }

export interface Booted {
  machine: Machine;
  kernel: BootedKernel | null;
  kind: 'bare' | 'system';
  /** [name, address, size] for the trace header and the disassembler. */
  symbols: [string, number, number][];
}

export type SystemBooter = (machine: Machine, image: Uint8Array, name: string, opts: KernelBootOptions) => { kernel: BootedKernel; symbols: [string, number, number][] };

let systemBooter: SystemBooter | null = null;
let systemDetector: ((image: Uint8Array) => boolean) | null = null;

/** The kernel layer registers how to recognise and boot packed system images. */
export function registerSystemBooter(detect: (image: Uint8Array) => boolean, boot: SystemBooter): void {
  systemDetector = detect;
  systemBooter = boot;
}

export function bootImageBytes(image: Uint8Array, name: string, cfg: MachineConfig = {}, kopts: KernelBootOptions = {}): Booted {
  const machine = new Machine(cfg);
  if (systemDetector !== null && systemBooter !== null && systemDetector(image)) {
    const { kernel, symbols } = systemBooter(machine, image, name, kopts);
    return { machine, kernel, kind: 'system', symbols };
  }
  const elf = parseElf(image, name);
  try {
    machine.loadBareElf(elf);
  } catch (e) {
    throw new ImageError(`${name}: ${(e as Error).message}`);
  }
  const symbols = SymbolTable.fromImage(elf).entries().map((s): [string, number, number] => [s.name, s.value, s.size]);
  return { machine, kernel: null, kind: 'bare', symbols };
}
