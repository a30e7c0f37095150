import { describe, it, expect, beforeAll } from 'vitest';
import { ReplaySession } from '../../replay/session.js';
import { currentPd, locate } from '../../replay/state-view.js';
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
});
