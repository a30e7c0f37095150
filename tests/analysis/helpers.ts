/** Record a committed example system (or any image) into a temp dir and open its index. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bootImageBytes } from '../../emulator/boot.js';
import { record } from '../../tracer/recorder.js';

export function recordImage(imagePath: string, maxCycles = 200_000_000, input: Uint8Array | null = null): { stream: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'seltrace-dl-'));
  const stream = join(dir, 'rec.strace');
  const image = readFileSync(imagePath);
  const b = bootImageBytes(image, 'image.elf', input === null ? {} : { input });
  record({ machine: b.machine, kernel: b.kernel, imageName: 'image.elf', image, imageKind: b.kind, input, symbols: b.symbols },
    { streamPath: stream, indexPath: `${stream}.db`, maxCycles });
  return { stream, db: new Database(`${stream}.db`) };
}

export const example = (name: string): string => fileURLToPathSafe(new URL(`../../examples/${name}/image.elf`, import.meta.url));
function fileURLToPathSafe(u: URL): string { return decodeURIComponent(u.pathname); }
