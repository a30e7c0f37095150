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
import type { EventRow } from '../../replay/session.js';
import type { TraceEvent } from '../../tracer/schema.js';
import { recordTrace } from './helpers.js';
import { until, sleep } from './ink-helpers.js';

const CSD = 'examples/client-server-driver/image.elf';

/** Kernel pane against a real system recording: what it shows is what the kernel model says. */
describe('kernel pane on a recorded system', () => {
  let r: ReplaySession;
  beforeAll(() => { r = ReplaySession.open(recordTrace(CSD)); });
  afterAll(() => r.close());
  afterEach(() => cleanup());

  it('shows every thread (priority, state, blocking object), queues and the selected thread\'s CSpace', async () => {
    // A point where some endpoint has a waiter and some thread is blocked.
    const sw = r.events({ kind: 'schedule' }).filter((e) => e.event.kind === 'schedule' && e.event.to !== null);
    expect(sw.length).toBeGreaterThan(3);
    r.gotoEvent(sw[Math.floor(sw.length / 2)]);
    const kv = r.kernelView();
    expect(kv).not.toBeNull();
    if (kv === null) return;
    expect(kv.threads.length).toBeGreaterThanOrEqual(3);
    const ui = render(<App driver={new Controller(r)} size={{ cols: 200, rows: 60 }} idleDelayMs={-1} />);
    await sleep(10);
    const frame = (): string => ui.lastFrame() ?? '';
    let f = frame();
    const name = (id: number | null): string => id === null ? '-' : kv.threads.find((t) => t.id === id)?.name ?? kv.objects.find((o) => o.id === id)?.name ?? `#${id}`;
    expect(f).toContain(`${kv.threads.length} threads  ${kv.current === null ? 'idle' : `running ${name(kv.current)}`}`);
    const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const t of kv.threads) {
      const line = `${t.id === kv.current ? '\\*' : ' '} ${esc(t.name)} +p *${t.priority} ${esc(t.state)}${t.blockedOn !== null ? ` on ${esc(name(t.blockedOn))}` : ''}${t.scName !== null ? ` +sc ${esc(t.scName)}` : ''}`;
      expect(f, t.name).toMatch(new RegExp(line));
    }
    for (const o of kv.objects.filter((x) => x.queue.length > 0)) {
      expect(f).toMatch(new RegExp(`${esc(o.name)}.*queue: ${o.queue.map((q) => esc(name(q))).join(', ')}`));
    }
    expect(f).toContain('t selects a thread');
    expect(f).not.toContain('bare image');
    // Lanes: one per thread plus the shared one.
    for (const t of kv.threads) expect(f).toMatch(new RegExp(`^[ *>]${esc(t.name)}(\\s|$)`, 'm'));
    // Select each thread in turn; its CSpace is the kernel's.
    const order = r.threadList();
    for (const t of order) {
      ui.stdin.write('t');
      f = await until(frame, (x) => x.includes(`CSpace of ${t.name}`), `select ${t.name}`);
      const caps = kv.threads.find((x) => x.id === t.id)?.cspace ?? [];
      expect(f).toContain(`(${caps.length} caps)`);
      for (const c of caps.slice(0, 5)) expect(f).toMatch(new RegExp(`\\b${c.slot} ${esc(c.type)}${c.object !== null ? ` ${esc(name(c.object))}` : ''}`));
    }
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
      regs: [{ name: 'pc', value: '0000000000001000', changed: false }], disasm: [], console: '', kernel: null, bare: false, idle: false,
      threads, events: [], eventFilter: 'all', eventTotal: 0,
      timeline: { from: 0, to: cols * 10, cyclesPerCol: 10, cols, cursorCol: 25, lanes }, atEnd: false,
      deadlines: { jobs: 0, misses: 0, current: null, note: null },
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

  // A system recording that fails is a failure here, never a skip: these are the tests that
  // record and replay system images.
  it('thread states follow a context switch forwards and backwards', async () => {
    const r = ReplaySession.open(recordTrace(IMAGE));
    expect(r.isSystem).toBe(true);
    const names = new Map(r.threadList().map((x) => [x.id, x.name]));
    const sw = r.events({ kind: 'schedule' }).find((e) => e.event.kind === 'schedule' && e.event.from !== null && e.event.to !== null && e.event.from !== e.event.to);
    expect(sw, 'a context switch between two threads').toBeDefined();
    if (sw === undefined || sw.event.kind !== 'schedule') return;
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
    // The passed-event marker sits on the last event of the switch's entry (its kernel-entry event).
    const lastAtSwitch = r.events({ from: sw.cycle, to: sw.cycle }).at(-1)?.id ?? sw.id;
    expect(f).toMatch(new RegExp(`·#${lastAtSwitch} `));
    ui.stdin.write('\u001b[D');
    f = await until(frame, (x) => x.includes(`running ${from}`), 'back before the switch');
    r.close();
  });
});
