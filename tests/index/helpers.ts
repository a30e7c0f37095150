/** Recordings shared by the index tests: made once per test file in a temp dir with the real CLI. */
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = 'dist/src/cli.js';
export const cli = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync('node', [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

export const EXAMPLE_SYSTEMS = ['hello', 'client-server-driver', 'deadline-miss', 'producer-consumer', 'realtime', 'spi-driver'];

/** Record `image` to `<dir>/<name>.strace`; fails the test with the CLI's stderr if it does not record. */
export function recordTo(dir: string, name: string, image: string, ...flags: string[]): string {
  const base = join(dir, name);
  const r = cli('record', image, '-o', base, '-q', ...flags);
  // 124 = the guest ran into --max-cycles, which these spinning guests are meant to do.
  if (r.status !== 0 && r.status !== 124) throw new Error(`record ${image} failed (${r.status}): ${r.stderr}`);
  return `${base}.strace`;
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'seltrace-index-'));

/** recordTo without blocking the test worker's event loop (for long beforeAll hooks). */
export function recordToAsync(dir: string, name: string, image: string, ...flags: string[]): Promise<string> {
  const base = join(dir, name);
  return new Promise((resolve, reject) => {
    execFile('node', [CLI, 'record', image, '-o', base, '-q', ...flags], { maxBuffer: 1 << 28 }, (err, _out, stderr) => {
      const code = err === null ? 0 : (err as { code?: number }).code;
      if (code !== 0 && code !== 124) reject(new Error(`record ${image} failed (${String(code)}): ${stderr}`));
      else resolve(`${base}.strace`);
    });
  });
}
