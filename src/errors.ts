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

const USER_ERROR_NAMES = new Set(['UserError', 'ElfError', 'SdfError', 'InputScriptError', 'TraceError', 'SpecError', 'ImageError']);

/** Print `seltrace: message` and return the exit code to use. */
export function reportError(e: unknown): number {
  const debug = process.env.SELTRACE_DEBUG === '1';
  if (e instanceof Error) {
    const oneLine = e.message.split('\n')[0];
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
