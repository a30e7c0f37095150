/**
 * One-off measurement (not a test): keypress-to-frame latency of the real Ink app, throttling
 * included, on a recorded trace. Run after `npm run build`:
 *   node dist/tests/tui/latency.js [trace.strace] [cycle]
 * Prints per-key timings; asserts nothing.
 */
import '../../tui/production.js';
import { EventEmitter } from 'node:events';
import { createElement } from 'react';
import { render } from 'ink';
import { ReplaySession } from '../../replay/session.js';
import { Controller } from '../../tui/controller.js';
import { App } from '../../tui/components/App.js';
import { recordTrace, BENCH_SMALL } from './helpers.js';

class FakeTty extends EventEmitter {
  isTTY = true; columns = 120; rows = 40;
  last = ''; writes = 0;
  write(s: string): boolean { this.last = s; this.writes++; this.emit('wrote'); return true; }
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
  read(): string | null { return this.q.shift() ?? null; }
  press(s: string): void { this.q.push(s); this.emit('readable'); }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let done = false;

async function main(): Promise<void> {
  delete process.env['CI'];
  const trace = process.argv[2] ?? recordTrace(BENCH_SMALL);
  const at = Number(process.argv[3] ?? 1_900_000);
  const r = ReplaySession.open(trace);
  r.seek(at);
  const out = new FakeTty(), inp = new FakeIn();
  const driver = new Controller(r);
  // Where the time goes: engine moves (exec) and frame building, per key.
  const spent = { exec: 0, frame: 0 };
  const exec = driver.exec.bind(driver), frame = driver.frame.bind(driver);
  driver.exec = (...a) => { const t = performance.now(); try { return exec(...a); } finally { spent.exec += performance.now() - t; } };
  driver.frame = (...a) => { const t = performance.now(); try { return frame(...a); } finally { spent.frame += performance.now() - t; } };
  const app = render(createElement(App, { driver }), {
    stdout: out as unknown as NodeJS.WriteStream, stdin: inp as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false,
  });
  // If a frame never shows up, say what the screen last held instead of exiting silently.
  process.on('exit', (code) => { if (code === 0 && !done) process.stderr.write(`no frame matched; last write:\n${out.last}\n`); });
  // Keys pressed before Ink listens would be lost (a real tty buffers them; this fake does not).
  while (inp.listenerCount('readable') === 0) await sleep(5);
  /** Press a key; ms until Ink writes a frame showing `cycle`. */
  const time = async (key: string, cycle: () => number): Promise<number> => {
    const t0 = performance.now();
    const want = `cycle ${cycle().toLocaleString('en-US')}/`;
    await new Promise<void>((res) => {
      const check = (): void => { if (out.last.includes(want)) { out.off('wrote', check); res(); } };
      out.on('wrote', check);
      inp.press(key);
      check();
    });
    return performance.now() - t0;
  };
  const report = (name: string, ms: number[]): void => {
    const s = [...ms].sort((a, b) => a - b);
    console.log(`${name.padEnd(34)} n=${String(ms.length).padStart(2)}  median ${s[s.length >> 1].toFixed(1).padStart(6)} ms  max ${s[s.length - 1].toFixed(1).padStart(6)} ms` +
      `  (mean engine ${(spent.exec / ms.length).toFixed(1)} ms, frame data ${(spent.frame / ms.length).toFixed(1)} ms)`);
    spent.exec = 0; spent.frame = 0;
  };
  const LEFT = '\u001b[D', RIGHT = '\u001b[C';
  // Cold: the very first step back before the spare-time warm-up ran.
  let c = r.cycle;
  spent.exec = 0; spent.frame = 0;
  report('← first, cold (no snapshots yet)', [await time(LEFT, () => c - 1)]);
  await sleep(400); // let the idle warm-up run
  const seq = async (name: string, key: string, n: number, delta: number, gap = 60): Promise<void> => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) { c = r.cycle; ms.push(await time(key, () => c + delta)); await sleep(gap); }
    report(name, ms);
  };
  await seq('← step back (key repeat pace)', LEFT, 20, -1);
  await seq('→ step forward', RIGHT, 20, 1);
  await seq('[ 1000 instructions back', '[', 10, -1000);
  const ev = async (name: string, key: string, dir: 1 | -1, n: number): Promise<void> => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = dir > 0 ? r.nextEvent() : r.prevEvent();
      if (e === undefined) break;
      ms.push(await time(key, () => e.cycle));
      await sleep(60);
    }
    report(name, ms);
  };
  await ev('N previous event (jump back)', 'N', -1, 5);
  await ev('n next event', 'n', 1, 5);
  done = true;
  app.unmount();
  r.close();
  console.log(`trace ${trace}, start cycle ${at}, ${out.writes} terminal writes`);
}

await main();
