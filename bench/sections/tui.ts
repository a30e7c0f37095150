/**
 * TUI keypress to redraw (DESIGN.md §6: ≤ 50 ms, stepping either way): the real Ink app
 * (tui/components/App) on a system recording — examples/control-loop, its first 10M cycles —
 * driven through a fake terminal of 120×40. A key is timed from its press to the first frame the
 * app writes that shows where the command went (the header's `cycle N/`), Ink's render
 * throttle included. Keys are pressed at a human pace (a gap after each frame), so the idle
 * warm-up of the replay engine runs between them as it does for a user.
 *
 * Keys per row: ← / → (one instruction), [ / ] (1000), s / S (context switch), c / C (syscall),
 * i / I (IPC), n / N (any event), from a point in the middle of the recording.
 */
import '../../tui/production.js';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { render } from 'ink';
import { bootImageBytes } from '../../emulator/boot.js';
import { record } from '../../tracer/recorder.js';
import { ReplaySession } from '../../replay/session.js';
import { Controller } from '../../tui/controller.js';
import { App } from '../../tui/components/App.js';
import { makeTempDir, removeTempDir } from './record.js';
import { latency } from './replay.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';

const CYCLES = 10_000_000;
const PRESSES = 8;
/** Pause after each frame: a person reading it (lets the engine's idle warm-up run, as for a user). */
const GAP_MS = 60;
/** A key whose frame does not come within this long is a failure, not a figure. */
const TIMEOUT_MS = 10_000;

/** A terminal of 120×40: what was written since `mark()` (Ink writes a frame in several pieces). */
class FakeTty extends EventEmitter {
  isTTY = true; columns = 120; rows = 40;
  since = '';
  mark(): void { this.since = ''; }
  write(s: string): boolean { this.since += s; this.emit('wrote'); return true; }
}

class FakeIn extends EventEmitter {
  isTTY = true;
  private q: string[] = [];
  setRawMode(): this { return this; }
  setEncoding(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
  resume(): this { return this; }
  pause(): this { return this; }
  /** As a Node stream in paused mode: a chunk read is also a 'data' event (the app listens to those). */
  read(): string | null {
    const c = this.q.shift() ?? null;
    if (c !== null) this.emit('data', c);
    return c;
  }
  press(s: string): void { this.q.push(s); this.emit('readable'); }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const FIG = { figure: 'TUI keypress to redraw (control-loop, 10M cycles)', target: '≤ 50 ms', anchor: '—' };

export const tuiSection: BenchSection = {
  id: 'tui',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const dir = makeTempDir();
    const stream = join(dir, 'tui.strace');
    const failures: string[] = [];
    const rows: FigureRow[] = [];
    try {
      ctx.log(`tui: recording control-loop, ${CYCLES / 1e6}M cycles`);
      const image = readFileSync(new URL('../../../examples/control-loop/image.elf', import.meta.url));
      const b = bootImageBytes(image, 'control-loop/image.elf');
      record({ machine: b.machine, kernel: b.kernel, imageName: 'image.elf', image, imageKind: b.kind, input: null, symbols: b.symbols },
        { streamPath: stream, indexPath: `${stream}.db`, maxCycles: CYCLES });
      const r = ReplaySession.open(stream);
      r.seek(Math.floor(r.endCycle / 2));
      const driver = new Controller(r);
      let execs = 0;
      const exec = driver.exec.bind(driver);
      driver.exec = (...a) => { execs++; return exec(...a); };
      const out = new FakeTty(), inp = new FakeIn();
      const app = render(createElement(App, { driver }), {
        stdout: out as unknown as NodeJS.WriteStream, stdin: inp as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false,
      });
      try {
        while (inp.listenerCount('readable') === 0) await sleep(5); // keys before Ink listens would be lost
        await sleep(400); // the first frame and the engine's warm-up
        /** ms from pressing `key` to a frame showing the cycle its command moved to. */
        const time = (key: string): Promise<number> => new Promise((resolve, reject) => {
          const before = execs, t0 = performance.now();
          const check = (): void => {
            if (execs === before || !out.since.includes(`cycle ${r.cycle.toLocaleString('en-US')}/`)) return;
            out.off('wrote', check); clearTimeout(timer);
            resolve(performance.now() - t0);
          };
          const timer = setTimeout(() => { out.off('wrote', check); reject(new Error(`no frame within ${TIMEOUT_MS} ms after key ${JSON.stringify(key)} (execs ${execs - before}, cycle ${r.cycle}); written since: ${JSON.stringify(out.since.slice(0, 300))}`)); }, TIMEOUT_MS);
          out.on('wrote', check);
          out.mark();
          inp.press(key);
        });
        const LEFT = '\u001b[D', RIGHT = '\u001b[C';
        const groups: [string, string, string][] = [
          ['instruction', RIGHT, LEFT], ['1000 instructions', ']', '['], ['context switch', 's', 'S'],
          ['syscall', 'c', 'C'], ['IPC', 'i', 'I'], ['event', 'n', 'N'],
        ];
        const back: number[] = [], fwd: number[] = [];
        const per: string[] = [];
        for (const [what, f, bk] of groups) {
          const ms: number[] = [];
          for (let i = 0; i < PRESSES; i++) {
            const key = i % 2 === 0 ? bk : f; // back first: the harder way
            const t = await time(key);
            ms.push(t);
            (key === bk ? back : fwd).push(t);
            await sleep(GAP_MS);
          }
          const l = latency(ms);
          per.push(`${what} ${l.worst.toFixed(0)}`);
        }
        const all = latency([...back, ...fwd]), lb = latency(back), lf = latency(fwd);
        rows.push({ ...FIG, measured: `worst ${all.worst.toFixed(1)} ms, median ${all.median.toFixed(1)} ms (back: worst ${lb.worst.toFixed(1)}, forward: worst ${lf.worst.toFixed(1)}; ${all.n} keys; worst per kind, ms: ${per.join(', ')})` });
        return { rows, metrics: { 'tui.worst_ms': all.worst, 'tui.median_ms': all.median } };
      } finally {
        app.unmount();
        r.close();
      }
    } catch (e) {
      failures.push(`tui: ${(e as Error).message}`);
      return { rows: [{ ...FIG, measured: 'FAILED' }], failures };
    } finally {
      removeTempDir(dir);
    }
  },
};
