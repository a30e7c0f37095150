/** Recordings shared by the index tests: made once per test file in a temp dir with the real CLI. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = 'dist/src/cli.js';
export interface CliResult { status: number | null; stdout: string; stderr: string; }

/** Run the CLI without blocking the test worker (a blocked worker misses vitest's heartbeats). */
export const cli = (...args: string[]): Promise<CliResult> => new Promise((resolve) => {
  execFile('node', [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
    const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null;
    resolve({ status: code, stdout, stderr });
  });
});

export const EXAMPLE_SYSTEMS = ['hello', 'client-server-driver', 'deadline-miss', 'producer-consumer', 'realtime', 'spi-driver'];


export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'seltrace-index-'));

/** Record `image` to `<dir>/<name>.strace` (exit 124 = ran into --max-cycles, as spinning guests do). */
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
