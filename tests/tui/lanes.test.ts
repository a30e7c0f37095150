import { describe, it, expect } from 'vitest';
import { buildLanes, shownState } from '../../tui/lanes.js';
import type { EventRow } from '../../replay/session.js';
import type { TraceEvent } from '../../tracer/schema.js';

let nextId = 0;
function ev(e: TraceEvent): EventRow {
  const th = 'thread' in e && typeof e.thread === 'number' ? e.thread : null;
  return { id: nextId++, cycle: e.cycle, instret: e.instret, kind: e.kind, thread: th, object: null, event: e };
}
const sched = (cycle: number, from: number | null, to: number | null): EventRow => ev({ kind: 'schedule', instret: cycle, cycle, from, to, reason: 'preempt' });
const state = (cycle: number, thread: number, s: 'ready' | 'running' | 'blocked-recv' | 'throttled'): EventRow => ev({ kind: 'thread_state', instret: cycle, cycle, thread, state: s, object: null, priority: 100 });
const text = (cells: { ch: string }[]): string => cells.map((c) => c.ch).join('');

describe('timeline lanes', () => {
  const threads = [{ id: 1, name: 'client' }, { id: 2, name: 'server' }];

  it('shows who runs when, from schedule and thread_state events', () => {
    const lanes = buildLanes({
      from: 0, cpc: 10, cols: 6, threads,
      initial: [sched(0, null, 1), state(0, 2, 'blocked-recv')],
      events: [sched(20, 1, 2), state(20, 1, 'ready'), state(40, 2, 'blocked-recv'), sched(40, 2, 1)],
    });
    expect(lanes.map((l) => l.label)).toEqual(['client', 'server', 'system']);
    expect(text(lanes[0].cells)).toBe('██▒▒██');
    expect(text(lanes[1].cells)).toBe('--██--');
  });

  it('a thread switched out without a thread_state becomes ready', () => {
    const lanes = buildLanes({ from: 100, cpc: 1, cols: 3, threads, initial: [sched(5, null, 1)], events: [sched(101, 1, 2)] });
    expect(text(lanes[0].cells)).toBe('█▒▒');
    expect(text(lanes[1].cells)).toBe(' ██');
  });

  it('marks IPC, notifications, IRQs and faults on the lanes they concern', () => {
    const lanes = buildLanes({
      from: 0, cpc: 10, cols: 5, threads, initial: [sched(0, null, 1)],
      events: [
        ev({ kind: 'ipc', instret: 5, cycle: 5, transfer: 'call', sender: 1, receiver: 2, endpoint: 9, badge: '0', label: '0', length: 1, caps: 0 }),
        ev({ kind: 'fault', instret: 25, cycle: 25, thread: 2, type: 'vm', pc: 0, addr: '0', handled: false }),
        ev({ kind: 'irq', instret: 35, cycle: 35, irq: 3, phase: 'raise', thread: null, notification: null }),
        ev({ kind: 'signal', instret: 45, cycle: 45, notification: 8, sender: null, badge: '1', woke: 1 }),
        ev({ kind: 'irq', instret: 999, cycle: 999, irq: 3, phase: 'raise', thread: null, notification: null }), // outside
      ],
    });
    expect(lanes[0].cells[0].ch).toBe('>');
    expect(lanes[1].cells[0].ch).toBe('<');
    expect(lanes[1].cells[2].ch).toBe('X');
    expect(lanes[2].cells[3].ch).toBe('I');
    expect(lanes[0].cells[4].ch).toBe('*');
    // A signal from no thread (the kernel) marks the shared lane too.
    expect(text(lanes[2].cells)).toBe('   I*');
  });

  it('bare images get one hart lane with traps and console output', () => {
    const lanes = buildLanes({
      from: 0, cpc: 100, cols: 4, threads: [], initial: [],
      events: [
        ev({ kind: 'uart', instret: 10, cycle: 10, byte: 65 }),
        ev({ kind: 'trap', instret: 150, cycle: 150, cause: 8, interrupt: false, pc: 0, tval: '0', priv: 0 }),
        ev({ kind: 'trap', instret: 250, cycle: 250, cause: 7, interrupt: true, pc: 0, tval: '0', priv: 0 }),
        ev({ kind: 'exit', instret: 399, cycle: 399, stop: 'exit', code: 0, reason: '' }),
      ],
    });
    expect(lanes).toHaveLength(1);
    expect(lanes[0].label).toBe('hart');
    expect(text(lanes[0].cells)).toBe('.xI|');
  });

  it('names states for display', () => {
    expect(shownState('blocked-notification')).toBe('blocked');
    expect(shownState('inactive')).toBe('off');
    expect(shownState(undefined)).toBe('off');
  });
});
