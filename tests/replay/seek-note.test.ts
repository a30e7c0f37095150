import { describe, it, expect, beforeAll } from 'vitest';
import { ReplaySession } from '../../replay/session.js';
import { gotoSpec } from '../../replay/resolve-at.js';
import { parseAtSpec } from '../../replay/spec.js';
import { recordTrace } from '../tui/helpers.js';

/**
 * A cycle inside a kernel entry of the model has no instruction: `--at cycle N` lands on the
 * next instruction boundary and says why, naming the entry (a plain seek there says nothing).
 */
describe('--at a cycle where no instruction runs', () => {
  let trace = '';
  beforeAll(() => { trace = recordTrace('examples/ppc-chain/image.elf', { maxCycles: 2_000_000 }); });

  it('lands after the kernel entry and names it', () => {
    const r = ReplaySession.open(trace);
    const k = r.events({ kind: 'kernel' }).find((e) => e.event.kind === 'kernel' && e.event.cost >= 100 && e.cycle > 1000);
    expect(k).toBeDefined();
    if (k === undefined || k.event.kind !== 'kernel') return;
    const inside = k.cycle + Math.floor(k.event.cost / 2);
    const note = gotoSpec(r, parseAtSpec(['cycle', String(inside)]));
    expect(r.cycle).toBe(k.cycle + k.event.cost);
    expect(note).toContain(`no instruction runs at cycle ${inside}`);
    expect(note).toContain(`kernel entry '${k.event.entry}'`);
    expect(note).toContain(`cycles ${k.cycle}..${k.cycle + k.event.cost}`);
    expect(note).toContain(`at cycle ${r.cycle}`);
    // At an instruction boundary: no note.
    expect(gotoSpec(r, parseAtSpec(['cycle', String(k.cycle + k.event.cost)]))).toBeNull();
    r.close();
  });
});

describe('--at start / end', () => {
  it('name the first and the last cycle of the recording', () => {
    const r = ReplaySession.open(recordTrace('examples/ppc-chain/image.elf', { maxCycles: 2_000_000 }));
    expect(parseAtSpec('END')).toEqual({ kind: 'end' });
    expect(gotoSpec(r, parseAtSpec(['end']))).toBeNull();
    expect(r.cycle).toBe(r.endCycle);
    expect(r.endCycle).toBeGreaterThan(0);
    gotoSpec(r, parseAtSpec('start'));
    expect(r.cycle).toBe(0);
    expect(() => parseAtSpec('symbol end')).not.toThrow(); // a symbol may still be called end
    expect(parseAtSpec('symbol end')).toEqual({ kind: 'symbol', name: 'end' });
    r.close();
  });
});
