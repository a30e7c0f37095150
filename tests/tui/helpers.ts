/**
 * Test helpers: record a trace with the real CLI (dist/, built by `npm test`'s pretest), so
 * the lead can point the same helpers at kernel images (threads, context switches, IRQs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/src/cli.js');

export interface RecordOpts { dir?: string; checkpointEvery?: number; input?: string; maxCycles?: number; }

/** Record `elf` (bare ELF or packed system image) with `seltrace record`; returns the .strace path. */
export function recordTrace(elf: string, o: RecordOpts = {}): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it)`);
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'seltrace-tui-'));
  const base = join(dir, basename(elf).replace(/\.elf$/i, ''));
  const args = [CLI, 'record', resolve(ROOT, elf), '-o', base, '--quiet'];
  if (o.checkpointEvery !== undefined) args.push('--checkpoint-every', String(o.checkpointEvery));
  if (o.input !== undefined) args.push('--input', resolve(ROOT, o.input));
  if (o.maxCycles !== undefined) args.push('--max-cycles', String(o.maxCycles));
  const p = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  // A guest that ends with a halt or an error code still leaves a complete trace.
  if (!existsSync(`${base}.strace`) || !existsSync(`${base}.strace.db`)) throw new Error(`record ${elf} failed (${p.status}): ${p.stderr}`);
  return `${base}.strace`;
}

export const BENCH_SMALL = 'bench/guest/bench-small.elf';
/** A bare test with exception traps (illegal instruction, ecall from M/S/U). */
export const ISA_ECALL = 'tests/isa/bin/mi_ecall-p.elf';
