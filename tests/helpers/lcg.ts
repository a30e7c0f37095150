/** Deterministic 32-bit pseudo-random numbers (two LCG steps per value), so a failure can be reproduced. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const hi = s >>> 16;
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((hi << 16) | (s >>> 16)) >>> 0;
  };
}
