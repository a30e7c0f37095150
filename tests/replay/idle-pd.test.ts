import { describe, it, expect, beforeAll } from 'vitest';
import { ReplaySession } from '../../replay/session.js';
import { currentPd, locate, stateView, renderStateText } from '../../replay/state-view.js';
import { recordTrace } from '../tui/helpers.js';

/**
 * With the hart idle (every thread blocked or throttled) the pc and the code on screen are in the
 * address space of the thread the kernel loaded last: symbols come from that PD, not from the
 * first PD that has a symbol at that address (PDs share link addresses).
 */
describe('replay: symbols while the hart is idle', () => {
  let trace = '';
  beforeAll(() => { trace = recordTrace('examples/passive-shared/image.elf', { maxCycles: 400_000 }); });

  it('name the pc in the last-loaded PD (passive-shared at 3.5 ms: mid, blocked in its Call)', () => {
    const r = ReplaySession.open(trace);
    r.seek(350_000);
    expect(r.kernelView()!.current).toBeNull();
    expect(currentPd(r)).toBe('mid'); // was '' (all PDs' symbols): pc shown as <server:fault+0xa>
    expect(locate(r, r.pc)).toMatch(/^mid:init\+0x/);
  });

  it('the state view says the idle thread runs, in S-mode (was priv U, the last PD shown as running)', () => {
    const r = ReplaySession.open(trace);
    r.seek(350_000);
    const v = stateView(r);
    expect(v.idle).toBe(true);
    expect(v.priv).toBe('S');
    expect(renderStateText(v).split('\n')[0]).toMatch(/priv S  idle thread \(no PD runs; below: pc 0x[0-9a-f]+ <mid:init\+0x[0-9a-f]+> and registers as the last thread left them\)$/);
    r.seek(0);
    const run = stateView(r);
    expect(run.idle).toBe(false);
    expect(run.priv).toBe('U');
  });
});
