import { causeName } from '../../replay/describe.js';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ReplaySession } from '../../replay/session.js';
import { Controller, type FrameNeeds } from '../../tui/controller.js';
import { initialUiState, KIND_FILTERS, reduce } from '../../tui/state.js';
import type { KernelView } from '../../emulator/kernel-view.js';
import { recordTrace, BENCH_SMALL, ISA_ECALL } from './helpers.js';

const needs: FrameNeeds = { timelineCols: 60, disasmBefore: 3, disasmAfter: 5, eventRows: 8 };
const ui0 = initialUiState();

describe('controller on a bare trace with traps', () => {
  let r: ReplaySession;
  let c: Controller;
  beforeAll(() => {
    r = ReplaySession.open(recordTrace(ISA_ECALL));
    c = new Controller(r);
  });
  afterAll(() => r.close());

  it('jumps to the next / previous fault (exception traps) and names it', () => {
    r.seek(0);
    const m = c.exec({ t: 'jump', target: 'fault', dir: 1 }, ui0);
    const e0 = r.event(0)!;
    // The guest's own first two traps (whatever causes the ISA environment produces), named as describe.ts does.
    const name = (id: number): string => { const e = r.event(id)!.event; return e.kind === 'trap' ? causeName(e.cause, e.interrupt) : '?'; };
    expect(m).toMatch(new RegExp(`^#0 trap at cycle ${e0.cycle}: ${name(0)}`));
    expect([r.instret, r.cycle]).toEqual([e0.instret, e0.cycle]);
    expect(c.exec({ t: 'jump', target: 'fault', dir: 1 }, ui0)).toMatch(new RegExp(`^#1 trap .*${name(1)}`));
    expect(c.exec({ t: 'jump', target: 'fault', dir: -1 }, ui0)).toMatch(/^#0 trap/);
    expect(c.exec({ t: 'jump', target: 'fault', dir: -1 }, ui0)).toBe('no previous fault');
  });

  it('says why kernel jumps find nothing on a bare image', () => {
    r.seek(0);
    expect(c.exec({ t: 'jump', target: 'interrupt', dir: 1 }, ui0)).toBe('no next interrupt');
    expect(c.exec({ t: 'jump', target: 'schedule', dir: 1 }, ui0)).toBe('no next context switch (bare image: no kernel events)');
    expect(r.cycle).toBe(0);
  });

  it('steps, and the frame marks the registers the step changed', () => {
    r.seek(0);
    expect(c.exec({ t: 'step', n: -1 }, ui0)).toBe('at the start of the recording');
    c.exec({ t: 'jump', target: 'fault', dir: 1 }, ui0); // into the trap handler
    c.exec({ t: 'step', n: 1 }, ui0);
    const f1 = c.frame(ui0, needs);
    const changed = f1.regs.filter((g) => g.changed).map((g) => g.name);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(4);
    // The current disassembly line is the pc.
    const cur = f1.disasm.filter((l) => l.current);
    expect(cur).toHaveLength(1);
    expect(cur[0].addr).toBe(f1.pc);
    expect(f1.regs[0]).toMatchObject({ name: 'pc', value: f1.pc.toString(16).padStart(16, '0') });
    const i = r.instret;
    c.exec({ t: 'step', n: -1 }, ui0);
    expect(r.instret).toBe(i - 1);
  });

  it('lists events around the cursor: before it, and at it (about to happen)', () => {
    r.gotoEvent(r.event(5)!);
    const f = c.frame(ui0, needs);
    expect(f.events.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(f.events.filter((x) => x.at).map((x) => x.id)).toEqual([5]);
    expect(f.events.filter((x) => x.lastPast).map((x) => x.id)).toEqual([4]);
    expect(f.events.filter((x) => x.past).map((x) => x.id)).toEqual([1, 2, 3, 4]);
    // One instruction later the trap has happened.
    r.stepInstruction(1);
    const g = c.frame(ui0, needs);
    expect(g.events.filter((x) => x.at)).toEqual([]);
    expect(g.events.filter((x) => x.lastPast).map((x) => x.id)).toEqual([5]);
  });

  it('n / N follow the events-pane filter', () => {
    r.seek(0);
    const fault = KIND_FILTERS.findIndex((k) => k.name === 'console');
    const ui = { ...ui0, kindFilter: fault };
    const m = c.exec({ t: 'jump', target: 'event', dir: 1 }, ui);
    expect(m === null || /uart|no next event/.test(m)).toBe(true);
    const any = c.exec({ t: 'jump', target: 'event', dir: 1 }, ui0);
    expect(any).toMatch(/^#\d+ /);
  });

  it('go-to accepts the --at forms and explains bad ones', () => {
    expect(c.goto('cycle 500')).toBe('at cycle 500');
    expect(r.cycle).toBe(500);
    c.goto('300');
    expect(r.cycle).toBe(300);
    c.goto('event 3');
    expect(r.cycle).toBe(r.event(3)!.cycle);
    c.goto('symbol in_s');
    expect(c.frame(ui0, needs).location).toBe('in_s');
    expect(c.goto('cycle 99999999')).toMatch(/beyond the recording/);
    expect(c.goto('symbol nope')).toMatch(/unknown symbol/);
    expect(c.goto('what?')).toMatch(/valid forms/);
  });

  it('the timeline window contains the cursor at every zoom', () => {
    r.seek(600);
    for (let z = 0; z < 8; z++) {
      const f = c.frame({ ...ui0, zoom: z }, needs);
      expect(f.timeline.cursorCol).toBeGreaterThanOrEqual(0);
      expect(f.timeline.from).toBeLessThanOrEqual(600);
      expect(f.timeline.to).toBeGreaterThan(600);
      expect(f.timeline.lanes[0].cells).toHaveLength(60);
    }
    // The default zoom shows the whole recording.
    const f = c.frame(ui0, needs);
    expect(f.timeline.from).toBe(0);
    expect(f.timeline.to).toBeGreaterThanOrEqual(r.endCycle);
  });
});
