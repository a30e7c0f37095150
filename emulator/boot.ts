/**
 * Boot an image (bare RV64 ELF, or a packed system image) into a fresh machine. Shared by
 * `run`, `record` and replay, which re-boots from the image embedded in a trace.
 */
import { hasElfMagic, parseElf, type ElfImage } from './elf/elf-reader.js';
import { Machine, firmwareRanges, type MachineConfig } from './machine.js';
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

/**
 * A raw kernel image behind firmware (Linux `Image`, Microkit's `loader.img`), placed as QEMU
 * does for RV64: at the first 2 MiB boundary after the firmware, entered at its first byte.
 */
function rawImage(image: Uint8Array, m: Machine, firmware: Uint8Array): ElfImage {
  const fwEnd = Math.max(...firmwareRanges(firmware, m.bus.ramBase).map(([, end]) => end));
  const at = Math.ceil(fwEnd / 0x200000) * 0x200000;
  return { entry: at, segments: [{ vaddr: at, paddr: at, memsz: image.length, data: image, flags: 7 }], sections: [], symbols: [], flags: 0 };
}

/** `firmware`: QEMU's `-bios FILE` for a bare image (see Machine.loadBareElf); null: `-bios none`. */
export function bootImageBytes(image: Uint8Array, name: string, cfg: MachineConfig = {}, kopts: KernelBootOptions = {}, firmware: Uint8Array | null = null): Booted {
  const machine = new Machine(cfg);
  if (isSystemImage(image)) {
    if (firmware !== null) throw new ImageError(`${name}: a packed system image runs on the kernel model; firmware (--bios) is for bare images`);
    const { kernel, symbols } = bootPacked(machine, image, name, kopts);
    return { machine, kernel, kind: 'system', symbols };
  }
  if (firmware !== null && !hasElfMagic(image)) return bootBare(machine, rawImage(image, machine, firmware), name, firmware);
  let elf: ElfImage;
  try { elf = parseElf(image, name); } catch (e) {
    // QEMU's -kernel also takes raw images, placed after the firmware: say how.
    if (!hasElfMagic(image) && image.length > 0) throw new ImageError(`${(e as Error).message}; a raw kernel image runs behind firmware: --bios default`);
    throw e;
  }
  return bootBare(machine, elf, name, firmware);
}

function bootBare(machine: Machine, elf: ElfImage, name: string, firmware: Uint8Array | null): Booted {
  try {
    machine.loadBareElf(elf, firmware);
  } catch (e) {
    throw new ImageError(`${name}: ${(e as Error).message}`);
  }
  const symbols = SymbolTable.fromImage(elf).entries().map((s): [string, number, number] => [s.name, s.value, s.size]);
  return { machine, kernel: null, kind: 'bare', symbols };
}
