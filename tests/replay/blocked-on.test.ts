import { describe, it, expect, beforeAll } from 'vitest';
import { ReplaySession } from '../../replay/session.js';
import { recordTrace } from '../tui/helpers.js';

/**
 * What the inspector says a blocked thread waits on is what the kernel's thread_state events
 * said — in particular a caller of a protected procedure waits on the server's reply object,
 * not on whatever it blocked on before (its own notification).
 */
describe('inspector: the object a blocked thread waits on', () => {
  let trace = '';
  beforeAll(() => { trace = recordTrace('examples/ppc-chain/image.elf', { maxCycles: 3_000_000 }); });

  it('matches the thread_state events, blocked-reply included, and names the object', () => {
    const r = ReplaySession.open(trace);
    const evs = r.events({ kind: 'thread_state' }).filter((e) => e.event.kind === 'thread_state' && e.event.state.startsWith('blocked'));
    expect(evs.some((e) => e.event.kind === 'thread_state' && e.event.state === 'blocked-reply')).toBe(true);
    let checked = 0;
    for (const e of evs.slice(0, 40)) {
      if (e.event.kind !== 'thread_state') continue;
      r.gotoEvent(e);
      r.stepInstruction(1); // the event's effect is visible after its instruction
      const t = r.kernelView()!.threads.find((x) => x.id === e.thread);
      if (t === undefined || t.state !== e.event.state) continue; // already moved on within the step
      expect(t.blockedOn, `${t.name} ${t.state} at cycle ${e.cycle}`).toBe(e.event.object);
      expect(t.blockedOnName).not.toBeNull();
      if (t.state === 'blocked-reply') expect(t.blockedOnName).toMatch(/reply/);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    r.close();
  });
});
