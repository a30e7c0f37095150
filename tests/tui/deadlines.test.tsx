/**
 * Deadline misses in the TUI: d / D jump between misses, the deadlines pane explains the miss at
 * the cursor, e / E go to the moment each cause starts; releases and missed deadlines on the
 * lanes. ink-testing-library on a real recording of examples/deadline-miss, and the real CLI in tmux.
 */
import React from 'react';
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../tui/components/App.js';
import { Controller } from '../../tui/controller.js';
import { ReplaySession } from '../../replay/session.js';
import { analyseDeadlines } from '../../replay/analysis/deadlines.js';
import Database from 'better-sqlite3';
import { recordTrace, CLI, ROOT } from './helpers.js';
import { until, sleep } from './ink-helpers.js';
import { TmuxSession, tmuxPath } from './tmux.js';

const IMAGE = 'examples/deadline-miss/image.elf';

describe('deadline misses in the TUI (ink)', () => {
  let trace = '';
  let r: ReplaySession;
  beforeAll(() => { trace = recordTrace(IMAGE); r = ReplaySession.open(trace); });
  afterAll(() => r.close());
  afterEach(() => cleanup());

  it('d goes to the miss, the pane explains it, e goes to where its largest cause starts, D back', async () => {
    const db = new Database(`${trace}.db`, { readonly: true });
    const truth = analyseDeadlines(db);
    db.close();
    expect(truth.misses).toHaveLength(1);
    const miss = truth.misses[0];
    const largest = [...miss.causes].sort((a, b) => b.cycles - a.cycles)[0];
    expect(largest.kind).toBe('inversion');
    r.seek(0);
    const ui = render(<App driver={new Controller(r)} size={{ cols: 160, rows: 50 }} idleDelayMs={-1} />);
    await sleep(10);
    const frame = (): string => ui.lastFrame() ?? '';
    ui.stdin.write('d');
    let f = await until(frame, (x) => x.includes('MISS control (200) job 4'), 'the miss in the deadlines pane');
    expect(f).toContain('6 Deadlines');
    expect(f).toContain('miss 1/1: control job 4 late by');
    // At the release event (a replenishment inside a kernel entry: the cursor is where it lands).
    const atRelease = r.cycle;
    expect(atRelease).toBeGreaterThanOrEqual(miss.release);
    expect(atRelease - miss.release).toBeLessThan(2_000);
    expect(f).toMatch(/inversion +\d+\.\d{3} ms PRIORITY INVERSION: control \(200\) waits for/);
    expect(f).toContain('kept off the CPU by logger (100)'); // wrapped onto the next line of the pane
    // Lanes: the release of the job under the cursor, and its missed deadline further right.
    expect(f).toMatch(/control .*↑/);
    ui.stdin.write('e');
    f = await until(frame, (x) => x.includes('cause 1/'), 'the first cause');
    expect(f).toContain(`#${largest.event}`);
    expect(f).toMatch(/>inversion/);
    const ev = r.event(largest.event);
    expect(ev).toBeDefined();
    expect(r.cycle).toBeGreaterThanOrEqual(ev!.cycle);
    expect(r.cycle).toBeLessThanOrEqual(largest.start);
    expect(f).toMatch(/control .*!/); // the missed deadline is inside this window
    ui.stdin.write('E');
    f = await until(frame, (x) => /cause \d+\/\d+: /.test(x) && !x.includes('cause 1/'), 'the previous (last) cause');
    ui.stdin.write('d');
    f = await until(frame, (x) => x.includes('no next deadline miss'), 'no further miss');
    ui.stdin.write('D');
    f = await until(frame, (x) => x.includes('miss 1/1'), 'back to the miss');
    expect(r.cycle).toBe(atRelease);
  });

  it('overlapping windows: each d shows the miss it went to, not an earlier long one that spans it (tests/systems/pipeline)', async () => {
    const pipe = recordTrace('tests/systems/pipeline/image.elf');
    const db = new Database(`${pipe}.db`, { readonly: true });
    const ms = [...analyseDeadlines(db).misses].sort((a, b) => a.release - b.release);
    db.close();
    // logger's first job spans the whole of filter's second: the case that showed logger's explanation.
    expect(ms[0].thread).toBe('logger');
    expect(ms[0].finish).toBeGreaterThan(ms[1].release);
    const rp = ReplaySession.open(pipe);
    try {
      const ui = render(<App driver={new Controller(rp)} size={{ cols: 160, rows: 50 }} idleDelayMs={-1} />);
      await sleep(10);
      const frame = (): string => ui.lastFrame() ?? '';
      for (let i = 0; i < 3; i++) {
        ui.stdin.write('d');
        const m = ms[i];
        const f = await until(frame, (x) => x.includes(`miss ${i + 1}/${ms.length}: ${m.thread} job ${m.job}`), `miss ${i + 1}`);
        expect(f).toContain(`MISS ${m.thread} (${m.priority}) job ${m.job}:`);
      }
    } finally { rp.close(); }
  });

  it('a system without misses says so', async () => {
    const t = recordTrace('examples/passive-signal/image.elf');
    const s = ReplaySession.open(t);
    try {
      const ui = render(<App driver={new Controller(s)} size={{ cols: 160, rows: 50 }} idleDelayMs={-1} />);
      await sleep(10);
      ui.stdin.write('d');
      const f = await until(() => ui.lastFrame() ?? '', (x) => x.includes('no deadline misses'), 'no misses');
      expect(f).toContain('6 Deadlines');
    } finally { s.close(); }
  });
});

const TMUX = tmuxPath();
describe.skipIf(!requireTool('tmux', TMUX !== null))('deadline misses in the TUI (tmux)', () => {
  const sessions: TmuxSession[] = [];
  afterEach(() => { for (const s of sessions.splice(0)) s.kill(); });

  it('d jumps to the miss and shows its explanation; e goes to a cause; q quits', async () => {
    expect(TMUX, 'tmux is required').not.toBeNull();
    const trace = recordTrace(IMAGE);
    const t = new TmuxSession(160, 50, {});
    sessions.push(t);
    t.type(`cd ${ROOT}; node ${CLI} replay ${trace} --at cycle 0; echo "seltrace-exit=$?"`);
    await t.waitFor((p) => p.includes('Timeline'), 'the TUI');
    t.keys('d');
    let pane = await t.waitFor((p) => p.includes('MISS control (200) job 4'), 'the miss');
    expect(pane).toContain('PRIORITY INVERSION');
    expect(pane).toContain('Deadlines');
    t.keys('e');
    pane = await t.waitFor((p) => p.includes('cause 1/'), 'the first cause');
    expect(pane).toMatch(/cause 1\/\d+: inversion/);
    t.keys('q');
    pane = await t.waitFor((p) => /seltrace-exit=\d+/.test(p), 'exit');
    expect(pane).toContain('seltrace-exit=0');
  });
});
