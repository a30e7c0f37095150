/** Load an image file (bare ELF or packed system) into a fresh machine, ready to run. */
import { readFileSync } from 'node:fs';
import { parseElf } from '../emulator/elf/elf-reader.js';
import { Machine } from '../emulator/machine.js';
import { UserError } from './errors.js';
import { readInputFile } from './commands/run.js';

export interface Booted {
  machine: Machine;
  kind: 'bare' | 'system';
  image: Uint8Array;
}

export function readImage(file: string): Uint8Array {
  try { return readFileSync(file); } catch (e) {
    throw new UserError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message.split('\n')[0]}`);
  }
}

export function bootImage(file: string, inputPath?: string): Booted {
  const image = readImage(file);
  const input = readInputFile(inputPath);
  let machine: Machine;
  try {
    machine = new Machine({ input });
  } catch (e) {
    throw new UserError(`--input ${inputPath}: ${(e as Error).message}`);
  }
  const elf = parseElf(image, file);
  try {
    machine.loadBareElf(elf);
  } catch (e) {
    throw new UserError(`${file}: ${(e as Error).message}`);
  }
  return { machine, kind: 'bare', image };
}
