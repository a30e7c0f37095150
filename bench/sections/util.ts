/** Helpers shared by the bench sections: timing, guest output parsing, number formatting. */

/** Wall-clock seconds of `fn` (process.hrtime: the one place in the project that reads the host clock). */
export function timed<T>(fn: () => T): { value: T; seconds: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { value, seconds };
}

/** `timed` for an async `fn`. */
export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { value, seconds };
}

/** What the benchmark guest printed (see bench/guest/main.c). */
export interface GuestReport {
  /** `checksum: 0x...` line, lower-case hex with 0x. */
  checksum: string | null;
  /** `instret: N` line: the guest's minstret just after the kernels. */
  minstret: number | null;
  /** `PASS` printed: the checksum matched the one computed on the host. */
  pass: boolean;
  /** `FAIL: ...` printed: the checksum did not match. */
  fail: boolean;
}

export function parseGuestOutput(text: string): GuestReport {
  const checksum = /^checksum: (0x[0-9a-f]{8})$/m.exec(text);
  const minstret = /^instret: (\d+)$/m.exec(text);
  return {
    checksum: checksum ? checksum[1]! : null,
    minstret: minstret ? Number(minstret[1]) : null,
    pass: /^PASS$/m.test(text),
    fail: /^FAIL/m.test(text),
  };
}

export function fmtMips(mips: number): string {
  return mips >= 100 ? mips.toFixed(0) : mips.toFixed(1);
}

export function fmtSeconds(s: number): string {
  return s >= 10 ? `${s.toFixed(1)} s` : s >= 0.1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`;
}

/** 251178858 → "251.18M" */
export function fmtCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export function fmtRatio(r: number): string {
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}
