import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { ReplaySession } from '../../replay/session.js';
import { Controller } from '../../tui/controller.js';
import { App } from '../../tui/components/App.js';
import { Screen } from '../../tui/components/Screen.js';
import { computeLayout } from '../../tui/layout.js';
import { buildLanes } from '../../tui/lanes.js';
import { initialUiState } from '../../tui/state.js';
import type { Frame } from '../../tui/frame.js';
import type { KernelView } from '../../emulator/kernel-view.js';
import type { EventRow } from '../../replay/session.js';
import type { TraceEvent } from '../../tracer/schema.js';
import { recordTrace, BENCH_SMALL, ROOT } from './helpers.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { until, sleep } from './ink-helpers.js';

const FAKE: KernelView = {
  current: 2,
  threads: [
    { id: 1, name: 'client', priority: 100, state: 'blocked-reply', blockedOn: 10, scId: 20, budgetLeftUs: 250, nextReplenishUs: 1000, pc: 0, cspace: [] },
    { id: 2, name: 'server', priority: 150, state: 'running', blockedOn: null, scId: null, budgetLeftUs: null, nextReplenishUs: null, pc: 0,
      cspace: [{ slot: 1, type: 'endpoint', object: 10, badge: '7', rights: 'RW' }, { slot: 2, type: 'notification', object: 11, badge: '0', rights: 'R' }] },
    { id: 3, name: 'timer_drv', priority: 200, state: 'blocked-notification', blockedOn: 11, scId: null, budgetLeftUs: null, nextReplenishUs: null, pc: 0, cspace: [] },
    { id: 4, name: 'logger', priority: 50, state: 'throttled', blockedOn: null, scId: 21, budgetLeftUs: 0, nextReplenishUs: 400, pc: 0, cspace: [] },
  ],
  objects: [
    { id: 10, kind: 'endpoint', name: 'ep_srv', queue: [1] },
    { id: 11, kind: 'notification', name: 'ntf_timer', queue: [3], word: '0x0' },
    { id: 12, kind: 'endpoint', name: 'ep_idle', queue: [] },
  ],
};

describe('kernel pane with a (fake) kernel view', () => {
  let r: ReplaySession;
  beforeAll(() => { r = ReplaySession.open(recordTrace(BENCH_SMALL)); });
  afterAll(() => r.close());
  afterEach(() => cleanup());

  it('shows threads with priority, state, budget; queues; the selected thread\'s CSpace', async () => {
    r.seek(1000);
    const ui = render(<App driver={new Controller(r, { kernelView: () => FAKE })} size={{ cols: 180, rows: 45 }} idleDelayMs={-1} />);
    await sleep(10);
    const frame = (): string => ui.lastFrame() ?? '';
    let f = frame();
    expect(f).toContain('4 threads  running server');
    expect(f).toMatch(/\* server +p150 running/);
    expect(f).toMatch(/ {2}client +p100 blocked-reply on ep_srv +budget 250µs refill 1000µs/);
    expect(f).toMatch(/timer_drv +p200 blocked-notification on ntf_timer/);
    expect(f).toMatch(/logger +p 50 throttled/);
    expect(f).toMatch(/ep +ep_srv +queue: client/);
    expect(f).toMatch(/ntf ntf_timer word 0x0 +queue: timer_drv/);
    // Objects with waiters first, then the idle ones.
    expect(f.indexOf('ep_idle')).toBeGreaterThan(f.indexOf('ntf_timer'));
    expect(f).toMatch(/ep +ep_idle +queue empty/);
    expect(f).toContain('t selects a thread');
    expect(f).not.toContain('bare image');
    // Timeline: one lane per thread plus the shared one.
    for (const n of ['client', 'server', 'timer_drv', 'logger', 'system']) expect(f).toMatch(new RegExp(`^[ *>]${n}(\\s|$)`, 'm'));
    ui.stdin.write('t');
    f = await until(frame, (x) => x.includes('CSpace of client'), 'select client');
    expect(f).toMatch(/ >client/);
    expect(f).toContain('all · client');
    ui.stdin.write('t');
    f = await until(frame, (x) => x.includes('CSpace of server'), 'select server');
    expect(f).toContain('(2 caps)');
    expect(f).toMatch(/1 endpoint ep_srv badge 7 RW/);
    expect(f).toMatch(/2 notification ntf_timer R/);
    ui.stdin.write('T');
    f = await until(frame, (x) => x.includes('CSpace of client'), 'back to client');
  });
});

describe('timeline lanes on screen', () => {
  let id = 0;
  const ev = (e: TraceEvent): EventRow => ({ id: id++, cycle: e.cycle, instret: e.instret, kind: e.kind, thread: null, object: null, event: e });
  const sw = (cycle: number, from: number | null, to: number): EventRow => ev({ kind: 'schedule', cycle, instret: cycle, from, to, reason: 'preempt' });

  it('draws running / ready / blocked per thread with the cursor column', () => {
    const threads = [{ id: 1, name: 'client' }, { id: 2, name: 'server' }];
    const cols = 80 - 12;
    const lanes = buildLanes({
      from: 0, cpc: 10, cols, threads,
      initial: [sw(0, null, 1), ev({ kind: 'thread_state', cycle: 0, instret: 0, thread: 2, state: 'blocked-recv', object: 10, priority: 100 })],
      events: [
        ev({ kind: 'ipc', cycle: 100, instret: 100, transfer: 'call', sender: 1, receiver: 2, endpoint: 10, badge: '0', label: '1', length: 2, caps: 0 }),
        ev({ kind: 'thread_state', cycle: 100, instret: 100, thread: 1, state: 'blocked-reply', object: 10, priority: 100 }), sw(100, 1, 2),
        ev({ kind: 'ipc', cycle: 300, instret: 300, transfer: 'reply', sender: 2, receiver: 1, endpoint: null, badge: '0', label: '0', length: 1, caps: 0 }),
        ev({ kind: 'thread_state', cycle: 300, instret: 300, thread: 2, state: 'blocked-recv', object: 10, priority: 100 }), sw(300, 2, 1),
      ],
    });
    const frame: Frame = {
      trace: '/x/fake.strace', cycle: 250, instret: 250, endCycle: 1000, timeUs: 2.5, endTimeUs: 10, priv: 'U', pc: 0x1000, location: 'main',
      regs: [{ name: 'pc', value: '0000000000001000', changed: false }], disasm: [], console: '', kernel: null, bare: false,
      threads, events: [], eventFilter: 'all', eventTotal: 0,
      timeline: { from: 0, to: cols * 10, cyclesPerCol: 10, cols, cursorCol: 25, lanes }, atEnd: false,
    };
    const ui = initialUiState();
    const { lastFrame } = render(<Screen frame={frame} ui={ui} layout={computeLayout(80, 23, ui, 3)} colour={false} />);
    const f = lastFrame() ?? '';
    const lane = (name: string): string => (f.split('\n').find((l) => l.startsWith(` ${name}`)) ?? '').slice(12, 12 + 40);
    expect(lane('client')).toBe('█'.repeat(10) + '>' + '-'.repeat(19) + '<' + '█'.repeat(9));
    expect(lane('server')).toBe('-'.repeat(10) + '<' + '█'.repeat(19) + '>' + '-'.repeat(9));
    // Cursor caret under column 25 on the axis.
    const axis = f.split('\n').find((l) => l.includes('^')) ?? '';
    expect(axis.indexOf('^')).toBe(12 + 25);
  });
});

describe('a recorded system (kernel model)', () => {
  afterEach(() => cleanup());
  const IMAGE = 'examples/client-server-driver/image.elf';

  it('thread states follow a context switch forwards and backwards', async (ctx) => {
    if (!existsSync(join(ROOT, IMAGE))) ctx.skip(`${IMAGE} is not built`);
    let trace = '';
    try { trace = recordTrace(IMAGE); } catch (e) { ctx.skip(`${IMAGE} does not record: ${(e as Error).message.split('\n')[0]}`); }
    const r = ReplaySession.open(trace);
    if (r.kernel?.inspect === undefined) { r.close(); ctx.skip('the kernel model has no inspect()'); }
    const names = new Map((r.db.prepare('SELECT id, name FROM threads').all() as { id: number; name: string }[]).map((x) => [x.id, x.name]));
    const sw = r.events({ kind: 'schedule' }).find((e) => e.event.kind === 'schedule' && e.event.from !== null && e.event.to !== null && e.event.from !== e.event.to);
    if (sw === undefined || sw.event.kind !== 'schedule') { r.close(); ctx.skip('no context switch recorded'); return; }
    const from = names.get(sw.event.from!)!, to = names.get(sw.event.to!)!;
    r.gotoEvent(sw);
    const ui = render(<App driver={new Controller(r)} size={{ cols: 160, rows: 50 }} idleDelayMs={-1} />);
    await sleep(10);
    const frame = (): string => ui.lastFrame() ?? '';
    let f = frame();
    expect(f).toContain(`running ${from}`);
    expect(f).toMatch(new RegExp(`\\* ?${from} +p *\\d+ running`)); // kernel pane
    expect(f).toMatch(new RegExp(`>#${sw.id} +\\d+ schedule +switch ${from} → ${to}`));
    ui.stdin.write('\u001b[C');
    f = await until(frame, (x) => x.includes(`running ${to}`), 'the switch to happen');
    expect(f).toMatch(new RegExp(`^\\*${to} `, 'm')); // timeline lane marker
    expect(f).toMatch(new RegExp(`·#${sw.id} `));
    ui.stdin.write('\u001b[D');
    f = await until(frame, (x) => x.includes(`running ${from}`), 'back before the switch');
    r.close();
  });
});
