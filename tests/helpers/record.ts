import { readFileSync } from 'node:fs';
import { bootImageBytes } from '../../emulator/boot.js';
import { record, type RecordOptions } from '../../tracer/recorder.js';

/** Record an image (bare ELF, or a packed system with its kernel model) into `streamPath` (+ `.db`). */
export function recordElf(elfPath: string, streamPath: string, every = 500_000, maxCycles = 1e9, extra: Pick<RecordOptions, 'deflateThread'> = {}): ReturnType<typeof record> {
  const image = readFileSync(elfPath);
  const b = bootImageBytes(image, 'img.elf');
  return record({ machine: b.machine, kernel: b.kernel, imageName: 'img.elf', image, imageKind: b.kind, input: null, symbols: b.symbols },
    { streamPath, indexPath: `${streamPath}.db`, maxCycles, checkpointEvery: every, ...extra });
}
