/** Shared helpers for comparing disassembleElf with the real binutils objdump. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Override with SELTRACE_OBJDUMP (e.g. another prefix); it must be binutils 2.40 to match. */
export const OBJDUMP = process.env.SELTRACE_OBJDUMP ?? 'riscv64-unknown-elf-objdump';
export const GCC = 'riscv64-unknown-elf-gcc';
export const RV64 = ['-march=rv64imac_zicsr_zifencei', '-mabi=lp64', '-nostdlib', '-nostartfiles'];

export function onPath(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** objdump -d -M no-aliases[,extra] on a path relative to the repo root (as objdump prints it). */
export function objdump(relPath: string, extra = ''): string {
  return execFileSync(OBJDUMP, ['-d', '-M', `no-aliases${extra}`, relPath], {
    cwd: ROOT,
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}

/** Repo-relative paths of the *.elf and *.o files directly in `dir` (none if it does not exist). */
export function elfsIn(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).filter((f) => f.endsWith('.elf') || f.endsWith('.o')).sort().map((f) => `${dir}/${f}`);
}

/** null when equal, else the first differing line of both texts (1-based line number). */
export function firstDifference(label: string, expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; ; i++) {
    if (e[i] !== a[i]) {
      return `${label}:${i + 1} differs (of ${e.length} lines)\n  objdump: ${JSON.stringify(e[i])}\n  ours:    ${JSON.stringify(a[i])}`;
    }
  }
}
