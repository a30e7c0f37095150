/** Helpers for frame tests with ink-testing-library. */
export const KEY = {
  right: '\u001b[C', left: '\u001b[D', up: '\u001b[A', down: '\u001b[B', esc: '\u001b', enter: '\r', tab: '\t', backspace: '\u007f', ctrlC: '\u0003',
} as const;

export const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** Wait until `frame()` satisfies `ok` (Ink renders on its own schedule); returns that frame. 20 s: a loaded 2-core machine (load ≥ 10) missed 5 s. */
export async function until(frame: () => string | undefined, ok: (f: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const f = frame() ?? '';
    if (ok(f)) return f;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
    await sleep(5);
  }
}

/** Rows and widest row of a frame. */
export function frameSize(f: string): { rows: number; cols: number } {
  const lines = f.split('\n');
  return { rows: lines.length, cols: Math.max(...lines.map((l) => [...l].length)) };
}
