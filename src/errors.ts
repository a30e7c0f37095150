/** One-line error reporting for the CLI: users see a message, never a stack trace. */
import { EXIT } from './exit-codes.js';
import { parseCountText } from '../replay/spec.js';

/** An error whose message is meant for the user as is. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.BAD_INPUT) {
    super(message);
    this.name = 'UserError';
  }
}

/** Why a file could not be read or written, in words (no errno jargon for the usual cases). */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  // mkdir over a file (or a path through one): the file is in the way.
  if (code === 'EEXIST' || code === 'ENOTDIR') return 'a file is in the way (not a directory)';
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

const USER_ERROR_NAMES = new Set(['UserError', 'ElfError', 'SdfError', 'InputScriptError', 'TraceError', 'SpecError', 'ImageError']);

/** Print `seltrace: message` and return the exit code to use. */
export function reportError(e: unknown): number {
  const debug = process.env.SELTRACE_DEBUG === '1';
  if (e instanceof Error) {
    const oneLine = e.message.split('\n')[0];
    // An index that checked out at open but turns out damaged inside (pages of a derived cache).
    if (e.name === 'SqliteError' && /^SQLITE_(CORRUPT|NOTADB)/.test(String((e as { code?: unknown }).code))) {
      process.stderr.write(`seltrace: corrupt index (${oneLine}); delete the .strace.db file or run \`seltrace index\` to rebuild it\n`);
      return EXIT.BAD_INPUT;
    }
    const known = e instanceof UserError || USER_ERROR_NAMES.has(e.name) || (e as NodeJS.ErrnoException).code === 'ENOENT'
      || (e as NodeJS.ErrnoException).code === 'EISDIR' || (e as NodeJS.ErrnoException).code === 'EACCES';
    if (known) {
      process.stderr.write(`seltrace: ${oneLine}\n`);
      if (debug && e.stack) process.stderr.write(e.stack + '\n');
      return e instanceof UserError ? e.exitCode : EXIT.BAD_INPUT;
    }
    process.stderr.write(`seltrace: internal error: ${oneLine} (set SELTRACE_DEBUG=1 for a stack trace)\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    return EXIT.INTERNAL;
  }
  process.stderr.write(`seltrace: internal error: ${String(e)}\n`);
  return EXIT.INTERNAL;
}

/** Parse a non-negative integer flag (decimal, 0x hex, or with k/M/G suffix). */
export function parseCount(flag: string, v: string): number {
  if (!/^(0x[0-9a-f]+|\d+)([kmg]?)$/i.test(v.replace(/_/g, ''))) throw new UserError(`${flag}: '${v}' is not a count (examples: 1000000, 0x100000, 50M)`);
  const n = parseCountText(v);
  if (n === null) throw new UserError(`${flag}: '${v}' is too large`);
  return n;
}

/**
 * A count that must be at least 1: `--checkpoint-every 0` never adapted (0 doubled is 0) and
 * wrote a checkpoint every batch, 35 MB for a 366k-instruction program.
 */
export function parsePositiveCount(flag: string, v: string): number {
  const n = parseCount(flag, v);
  if (n < 1) throw new UserError(`${flag}: must be at least 1 (got ${v})`);
  return n;
}

/** `--memory`: bytes of RAM from `512M`, `1G`, `256MiB`, `0x20000000` (binary units), 1 MiB .. 2 GiB in whole pages. */
export function parseMemory(flag: string, v: string): number {
  const m = /^(0x[0-9a-f]+|\d+)(?:([kmg])(?:i?b)?)?$/i.exec(v.trim());
  if (m === null) throw new UserError(`${flag}: '${v}' is not a memory size (examples: 512M, 1G, 0x8000000)`);
  const n = Number(m[1]) * { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  if (n < 1024 ** 2 || n > 2 * 1024 ** 3) throw new UserError(`${flag}: ${v} is outside 1M..2G`);
  if (n % 4096 !== 0) throw new UserError(`${flag}: ${v} is not a whole number of 4 KiB pages`);
  return n;
}
