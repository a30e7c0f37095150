/** Recordings shared by the index tests: made once per test file in a temp dir with the real CLI. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
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
