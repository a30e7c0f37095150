import { describe, it, expect, beforeAll } from 'vitest';
import { ReplaySession } from '../../replay/session.js';
import { stateHash } from '../helpers/state-hash.js';
import { recordTrace, BENCH_SMALL } from '../tui/helpers.js';

/** The timeline's in-memory snapshots make moves backwards fast without changing where they land. */
describe('replay timeline (fast moves backwards)', () => {
  let trace = '';
  let ref: ReplaySession;
  beforeAll(() => {
    trace = recordTrace(BENCH_SMALL, { checkpointEvery: 1_000_000 });
    // The reference never keeps snapshots near its targets (spacing beyond the recording).
    ref = ReplaySession.open(trace, { spacing: 1e12 });
  });
  const truthAtInstret = (n: number): string => { ref.seekInstret(n); return stateHash(ref.machine); };

  it('steps back to exactly the states ReplaySession reaches', () => {
    const r = ReplaySession.open(trace, { spacing: 50_000 });
    const s = r.timeline;
    r.seek(1_900_000);
    const i0 = r.instret;
    for (const n of [1, 1, 7, 1000, 123_456]) {
      const want = r.instret - n;
      s.step(-n);
      expect(r.instret).toBe(want);
      expect(stateHash(r.machine), `back ${n}`).toBe(truthAtInstret(want));
    }
    // Forward again through snapshots taken on the way.
    s.seekInstret(i0);
    expect(stateHash(r.machine)).toBe(truthAtInstret(i0));
    // Moves leave snapshots only in the last few spacings before their targets.
    expect(s.snapshotCount).toBeGreaterThanOrEqual(4);
    r.close();
  });

  it('after warming, a step back re-executes from a nearby snapshot, not the checkpoint', () => {
    const r = ReplaySession.open(trace, { spacing: 50_000 });
    const s = r.timeline;
    r.seek(1_950_000); // a seek leaves snapshots only near its target
    const n0 = s.snapshotCount;
    expect(s.warm() || n0 > 0).toBe(true);
    expect(r.cycle).toBe(1_950_000); // warming does not move the cursor
    expect(s.warm()).toBe(false); // already warm
    s.step(-1);
    expect(s.stats.lastBase).toBe('snap');
    expect(r.instret - s.stats.lastBaseInstret).toBeLessThanOrEqual(50_000);
    expect(s.snapshotCount).toBeGreaterThan(0);
    expect(stateHash(r.machine)).toBe(truthAtInstret(r.instret));
    r.close();
  });

  it('gotoEvent and seekCycle match the engine, backwards and forwards', () => {
    const r = ReplaySession.open(trace, { spacing: 100_000 });
    const s = r.timeline;
    const evs = r.events({});
    const last = evs[evs.length - 1], mid = evs[30];
    for (const e of [last, mid, evs[0]]) {
      s.gotoPoint(e);
      ref.gotoEvent(e);
      expect([r.instret, r.cycle]).toEqual([ref.instret, ref.cycle]);
      expect(stateHash(r.machine)).toBe(stateHash(ref.machine));
    }
    for (const c of [3_000_000, 2_999_999, 10, r.endCycle]) {
      s.seek(c);
      ref.seek(c);
      expect(stateHash(r.machine), `cycle ${c}`).toBe(stateHash(ref.machine));
    }
    r.close();
  });

  it('keeps its snapshots within the memory budget', () => {
    const r = ReplaySession.open(trace, { spacing: 10_000, budgetBytes: 1 });
    const s = r.timeline;
    s.seek(900_000);
    expect(s.snapshotCount).toBe(1);
    expect(s.stats.evictions).toBeGreaterThanOrEqual(3);
    s.step(-5);
    expect(stateHash(r.machine)).toBe(truthAtInstret(r.instret));
    r.close();
  });
});
