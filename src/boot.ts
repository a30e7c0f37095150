/** CLI side of booting: read files, turn their problems into one-line user errors. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasElfMagic, parseElf } from '../emulator/elf/elf-reader.js';
import { bootImageBytes, type Booted, type KernelBootOptions } from '../emulator/boot.js';
import type { MachineConfig } from '../emulator/machine.js';
import { ioReason, UserError } from './errors.js';

export interface BootedFile extends Booted {
  image: Uint8Array;
  input: Uint8Array | undefined;
  /** The `--bios` firmware loaded, or null (`-bios none`). */
  firmware: Uint8Array | null;
}

/** `--bios default`: the OpenSBI QEMU ships as its default firmware for virt (firmware/README.md). */
export const DEFAULT_BIOS = fileURLToPath(new URL('../../firmware/opensbi-riscv64-generic-fw_dynamic.bin', import.meta.url));

/** The firmware `--bios` names: none (null), default (the bundled OpenSBI) or a file. */
export function readBios(bios: string | undefined): Uint8Array | null {
  if (bios === undefined || bios === 'none') return null;
  const path = bios === 'default' ? DEFAULT_BIOS : bios;
  let bytes: Uint8Array;
  try { bytes = readFileSync(path); } catch (e) {
    throw new UserError(`--bios ${bios}: ${ioReason(e)}`);
  }
  if (bytes.length === 0) throw new UserError(`--bios ${bios}: empty file`);
  // An ELF firmware must be one seltrace can load: say so about the flag, not the image.
  if (hasElfMagic(bytes)) {
    try { parseElf(bytes, `--bios ${bios}`); } catch (e) { throw new UserError((e as Error).message); }
  }
  return bytes;
}

export function readImage(file: string): Uint8Array {
  try { return readFileSync(file); } catch (e) {
    throw new UserError(`${file}: ${ioReason(e)}`);
  }
}

/** Machine options the CLI passes through (`--memory`, `--cycles-per-tick`). */
export type MachineOptions = Pick<MachineConfig, 'ramSize' | 'cyclesPerTick' | 'semihosting'>;

export function bootImage(file: string, inputPath?: string, machine: MachineOptions = {}, kopts: KernelBootOptions = {}, bios?: string): BootedFile {
  const image = readImage(file);
  const input = readInputFile(inputPath);
  const firmware = readBios(bios);
  try {
    return { ...bootImageBytes(image, file, { ...machine, input }, kopts, firmware), image, input, firmware };
  } catch (e) {
    if (e instanceof Error && /input script/.test(e.message)) throw new UserError(`--input ${inputPath}: ${e.message}`);
    throw e;
  }
}

/** Read an `--input` file (raw bytes or a #!seltrace-input script); problems are user errors. */
export function readInputFile(path: string | undefined): Uint8Array | undefined {
  if (path === undefined) return undefined;
  try { return readFileSync(path); } catch (e) {
    throw new UserError(`--input ${path}: ${ioReason(e)}`);
  }
}
