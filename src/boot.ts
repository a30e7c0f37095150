/** CLI side of booting: read files, turn their problems into one-line user errors. */
import { readFileSync } from 'node:fs';
import { bootImageBytes, type Booted, type KernelBootOptions } from '../emulator/boot.js';
import type { MachineConfig } from '../emulator/machine.js';
import { ioReason, UserError } from './errors.js';

export interface BootedFile extends Booted {
  image: Uint8Array;
  input: Uint8Array | undefined;
}

export function readImage(file: string): Uint8Array {
  try { return readFileSync(file); } catch (e) {
    throw new UserError(`${file}: ${ioReason(e)}`);
  }
}

/** Machine options the CLI passes through (`--memory`, `--cycles-per-tick`). */
export type MachineOptions = Pick<MachineConfig, 'ramSize' | 'cyclesPerTick'>;

export function bootImage(file: string, inputPath?: string, machine: MachineOptions = {}, kopts: KernelBootOptions = {}): BootedFile {
  const image = readImage(file);
  const input = readInputFile(inputPath);
  try {
    return { ...bootImageBytes(image, file, { ...machine, input }, kopts), image, input };
  } catch (e) {
    if (e instanceof Error && /input script/.test(e.message)) throw new UserError(`--input ${inputPath}: ${e.message}`);
    throw e;
  }
}

/** Read an `--input` file (raw bytes or a #!seltrace-input script); problems are user errors. */
export function readInputFile(path: string | undefined): Uint8Array | undefined {
  if (path === undefined) return undefined;
  try { return readFileSync(path); } catch (e) {
    throw new UserError(`--input ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}
