const COUNT = /^(0x[0-9a-f]+|\d+)([kmg]?)$/i;

/**
 * A count as seltrace takes it everywhere (flags, `--at` specs, `monitor cycle`, `--input` script
 * cycles): decimal, 0x hex, `_` separators, k/M/G suffixes (10^3, 10^6, 10^9). Null if it is not
 * one (or too large to be exact). In the emulator layer so the input-script reader can use it.
 */
export function parseCountText(s: string): number | null {
  const m = COUNT.exec(s.trim().replace(/_/g, ''));
  if (m === null) return null;
  const n = Number(m[1]) * { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number.isSafeInteger(n) ? n : null;
}

/** Whether `s` is written as a count, whatever its size (parseCountText's null: too large, or not a count). */
export function isCountText(s: string): boolean {
  return COUNT.test(s.trim().replace(/_/g, ''));
}
