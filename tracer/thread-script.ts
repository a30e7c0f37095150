/**
 * The script a thread of seltrace's own starts from: its bundle (dist/bundle/, written after
 * tsc by scripts/bundle-threads.mjs: one file loads in about half the time of the ~110-module
 * graph) while no input of it is newer than the bundle, else the module tsc compiled, or null
 * when neither exists (TypeScript sources under vitest: callers then work in place).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundles' directory, dist/bundle/: a sibling of this module's own directory whether it runs
 * compiled (dist/tracer/) or inside a bundle (dist/bundle/).
 */
const BUNDLES = new URL('../bundle/', import.meta.url);

/** The script of the thread whose compiled module is `plain`: its bundle (same file name) while fresh, else `plain`, else null. */
export function threadScript(plain: URL): URL | null {
  return pickScript(new URL(basename(fileURLToPath(plain)), BUNDLES), plain);
}

/** `bundle` while fresh (bundleFresh), else `plain` if it exists, else null. */
export function pickScript(bundle: URL, plain: URL): URL | null {
  if (bundleFresh(fileURLToPath(bundle))) return bundle;
  return existsSync(fileURLToPath(plain)) ? plain : null;
}

/**
 * Whether `file` is a bundle at least as new as each of its inputs (inputs.json beside it: paths
 * from the package root, two levels up). ~110 stats: well under a millisecond.
 */
export function bundleFresh(file: string): boolean {
  try {
    const dir = dirname(file);
    const built = statSync(file).mtimeMs;
    const inputs: unknown = (JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8')) as Record<string, unknown>)[basename(file)];
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    const root = join(dir, '..', '..');
    for (const i of inputs) if (typeof i !== 'string' || statSync(join(root, i)).mtimeMs > built) return false;
    return true;
  } catch {
    return false; // no bundle, no list, an input gone: not a bundle to trust
  }
}
