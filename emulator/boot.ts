/**
 * Boot an image (bare RV64 ELF, or a packed system image) into a fresh machine. Shared by
 * `run`, `record` and replay, which re-boots from the image embedded in a trace.
 */
import { parseElf } from './elf/elf-reader.js';
import { Machine, type MachineConfig } from './machine.js';
import { SymbolTable } from './elf/symbols.js';
import type { BootedKernel, KernelBootOptions } from './kernel-api.js';
import { bootPacked, isSystemImage } from './system-boot.js';

export class ImageError extends Error {
  override readonly name = 'ImageError';
}

export type { BootedKernel, KernelBootOptions, KernelProfileInfo } from './kernel-api.js';

export interface Booted {
  machine: Machine;
  kernel: BootedKernel | null;
  kind: 'bare' | 'system';
  /** [name, address, size] for the trace header and the disassembler. */
  symbols: [string, number, number][];
}

/** `firmware`: QEMU's `-bios FILE` for a bare image (see Machine.loadBareElf); null: `-bios none`. */
export function bootImageBytes(image: Uint8Array, name: string, cfg: MachineConfig = {}, kopts: KernelBootOptions = {}, firmware: Uint8Array | null = null): Booted {
  const machine = new Machine(cfg);
  if (isSystemImage(image)) {
    if (firmware !== null) throw new ImageError(`${name}: a packed system image runs on the kernel model; firmware (--bios) is for bare images`);
    const { kernel, symbols } = bootPacked(machine, image, name, kopts);
    return { machine, kernel, kind: 'system', symbols };
  }
  const elf = parseElf(image, name);
  try {
    machine.loadBareElf(elf, firmware);
  } catch (e) {
    throw new ImageError(`${name}: ${(e as Error).message}`);
  }
  const symbols = SymbolTable.fromImage(elf).entries().map((s): [string, number, number] => [s.name, s.value, s.size]);
  return { machine, kernel: null, kind: 'bare', symbols };
}
