/** Resolve a trace argument: a .strace path, a base name, or (none) the newest recording in traces/. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';

export function resolveTracePath(arg: string | undefined): string {
  if (arg === undefined) {
    const dir = 'traces';
    const all = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.strace')) : [];
    if (all.length === 0) throw new UserError('no trace given and none in traces/ (record one with `seltrace record image.elf`)');
    // Newest by modification time; name breaks ties so the choice is stable.
    all.sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs || a.localeCompare(b));
    return join(dir, all[0]);
  }
  if (existsSync(arg) && statSync(arg).isFile()) return arg;
  if (existsSync(`${arg}.strace`)) return `${arg}.strace`;
  if (existsSync(join('traces', `${arg}.strace`))) return join('traces', `${arg}.strace`);
  throw new UserError(`${arg}: no such trace (expected a .strace file, a base name, or a name in traces/)`);
}
