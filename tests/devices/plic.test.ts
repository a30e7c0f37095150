import { describe, expect, it } from 'vitest';
import { MipBit } from '../../emulator/devices/device.js';
import { Plic } from '../../emulator/devices/plic.js';
import { FakeLines, cloneState } from './fakes.js';

const PENDING = 0x1000;
const enableAt = (ctx: number) => 0x2000 + 0x80 * ctx;
const thresholdAt = (ctx: number) => 0x200000 + 0x1000 * ctx;
const claimAt = (ctx: number) => thresholdAt(ctx) + 4;

function setup() {
  const lines = new FakeLines();
  const plic = new Plic(lines);
  return { lines, plic };
}

/** Enable `src` for `ctx` with `prio`, through the registers. */
function arm(plic: Plic, ctx: number, src: number, prio: number): void {
  plic.write(4 * src, 4, prio);
  const word = enableAt(ctx) + 4 * (src >>> 5);
  plic.write(word, 4, (plic.read(word, 4) | (1 << (src & 31))) >>> 0);
}

describe('Plic', () => {
  it('has the virt address window', () => {
    const { plic } = setup();
    expect([plic.base, plic.size]).toEqual([0xc000000, 0x4000000]);
    expect(plic.nextEventCycle()).toBe(Infinity);
  });

  it('keeps 3 priority bits per source and none for source 0', () => {
    const { plic } = setup();
    plic.write(4 * 7, 4, 0xff);
    plic.write(0, 4, 5);
    expect(plic.read(4 * 7, 4)).toBe(7);
    expect(plic.read(0, 4)).toBe(0);
    plic.write(4 * 95, 1, 3);
    expect(plic.read(4 * 95, 4)).toBe(3);
  });

  it('shows level-high sources in the pending words, source 0 never enableable', () => {
    const { plic } = setup();
    plic.setSource(1, true);
    plic.setSource(33, true);
    plic.setSource(95, true);
    expect(plic.read(PENDING, 4)).toBe(0b10);
    expect(plic.read(PENDING + 4, 4)).toBe(0b10);
    expect(plic.read(PENDING + 8, 4)).toBe(0x8000_0000);
    plic.write(PENDING, 4, 0); // read-only
    expect(plic.read(PENDING, 4)).toBe(0b10);
    plic.setSource(1, false);
    expect(plic.read(PENDING, 4)).toBe(0);
    plic.write(enableAt(0), 4, 0xffff_ffff);
    expect(plic.read(enableAt(0), 4)).toBe(0xffff_fffe);
  });

  it('keeps separate enables and thresholds per context', () => {
    const { plic } = setup();
    plic.write(enableAt(0) + 4, 4, 0x1234);
    plic.write(enableAt(1) + 8, 4, 0x5678);
    plic.write(thresholdAt(0), 4, 3);
    plic.write(thresholdAt(1), 4, 0xf);
    expect([plic.read(enableAt(0) + 4, 4), plic.read(enableAt(1) + 4, 4), plic.read(enableAt(1) + 8, 4)]).toEqual([
      0x1234, 0, 0x5678,
    ]);
    expect([plic.read(thresholdAt(0), 4), plic.read(thresholdAt(1), 4)]).toEqual([3, 7]);
  });

  it('drives MEIP for context 0 and SEIP for context 1 only for enabled sources above threshold', () => {
    const { plic, lines } = setup();
    plic.write(4 * 10, 4, 2);
    plic.setSource(10, true);
    expect(lines.get(MipBit.MEIP)).toBe(false); // not enabled anywhere
    arm(plic, 1, 10, 2);
    expect(lines.get(MipBit.SEIP)).toBe(true);
    expect(lines.get(MipBit.MEIP)).toBe(false);
    plic.write(thresholdAt(1), 4, 2); // priority must be strictly above threshold
    expect(lines.get(MipBit.SEIP)).toBe(false);
    plic.write(thresholdAt(1), 4, 1);
    expect(lines.get(MipBit.SEIP)).toBe(true);
    plic.write(4 * 10, 4, 0); // priority 0 never interrupts
    expect(lines.get(MipBit.SEIP)).toBe(false);
    plic.write(4 * 10, 4, 2);
    arm(plic, 0, 10, 2);
    expect(lines.get(MipBit.MEIP)).toBe(true);
    plic.setSource(10, false);
    expect([lines.get(MipBit.MEIP), lines.get(MipBit.SEIP)]).toEqual([false, false]);
  });

  it('claims the highest priority, ties to the lowest id, above threshold only', () => {
    const { plic } = setup();
    arm(plic, 1, 3, 2);
    arm(plic, 1, 5, 6);
    arm(plic, 1, 7, 6);
    arm(plic, 1, 40, 1);
    for (const s of [3, 5, 7, 40]) plic.setSource(s, true);
    plic.write(thresholdAt(1), 4, 1);
    expect(plic.read(claimAt(1), 4)).toBe(5);
    expect(plic.read(claimAt(1), 4)).toBe(7);
    expect(plic.read(claimAt(1), 4)).toBe(3);
    expect(plic.read(claimAt(1), 4)).toBe(0); // 40 has priority 1, not above threshold 1
    plic.write(thresholdAt(1), 4, 0);
    expect(plic.read(claimAt(1), 4)).toBe(40);
    expect(plic.read(claimAt(1), 4)).toBe(0);
    expect(plic.read(claimAt(0), 4)).toBe(0); // nothing enabled for context 0
  });

  it('claim clears pending; complete re-arms a source whose level is still high', () => {
    const { plic, lines } = setup();
    arm(plic, 1, 10, 1);
    plic.setSource(10, true);
    expect(plic.read(claimAt(1), 4)).toBe(10);
    expect(plic.isPending(10)).toBe(false);
    expect(plic.read(PENDING, 4)).toBe(0);
    expect(lines.get(MipBit.SEIP)).toBe(false);
    // Level toggling while in service does not make it pending.
    plic.setSource(10, false);
    plic.setSource(10, true);
    expect(plic.isPending(10)).toBe(false);
    plic.write(claimAt(1), 4, 10);
    expect(plic.isPending(10)).toBe(true);
    expect(lines.get(MipBit.SEIP)).toBe(true);
    // If the device dropped its line before completion, nothing is pending after it.
    expect(plic.claim(1)).toBe(10);
    plic.setSource(10, false);
    plic.complete(1, 10);
    expect(plic.isPending(10)).toBe(false);
    expect(lines.get(MipBit.SEIP)).toBe(false);
  });

  it('ignores completion of sources not enabled for the context, not claimed, or out of range', () => {
    const { plic } = setup();
    arm(plic, 1, 4, 1);
    plic.setSource(4, true);
    expect(plic.claim(1)).toBe(4);
    plic.complete(0, 4); // not enabled for context 0
    expect(plic.isPending(4)).toBe(false);
    plic.write(claimAt(1), 4, 200);
    plic.write(claimAt(1), 4, 0);
    expect(plic.isPending(4)).toBe(false);
    plic.complete(1, 4);
    expect(plic.isPending(4)).toBe(true);
    plic.complete(1, 4); // a second completion is harmless
    expect(plic.claim(1)).toBe(4);
  });

  it('does not claim through a side-effect-free sub-word write of the claim register', () => {
    const { plic } = setup();
    arm(plic, 0, 2, 1);
    plic.setSource(2, true);
    expect(plic.claim(0)).toBe(2);
    plic.write(claimAt(0), 1, 2); // byte write completes source 2
    expect(plic.isPending(2)).toBe(true);
  });

  it('rejects out-of-range sources and contexts from TypeScript callers', () => {
    const { plic } = setup();
    expect(() => plic.setSource(0, true)).toThrow(/^plic: interrupt source 0 is out of range 1\.\.95$/);
    expect(() => plic.setSource(96, true)).toThrow(/out of range/);
    expect(() => plic.claim(2)).toThrow(/^plic: context 2 is out of range 0\.\.1$/);
    expect(() => plic.complete(-1, 1)).toThrow(/context/);
  });

  it('reads holes as zero and ignores writes there', () => {
    const { plic, lines } = setup();
    plic.write(0x3000, 4, 0xffff);
    plic.write(thresholdAt(2), 4, 3);
    expect(plic.read(0x3000, 4)).toBe(0);
    expect(plic.read(thresholdAt(2), 4)).toBe(0);
    expect(plic.read(enableAt(0) + 12, 4)).toBe(0);
    expect(lines.log).toEqual([]);
  });

  it('snapshot -> restore gives identical subsequent behaviour', () => {
    const a = setup();
    arm(a.plic, 1, 10, 3);
    arm(a.plic, 1, 11, 5);
    arm(a.plic, 0, 12, 1);
    a.plic.setSource(10, true);
    a.plic.setSource(11, true);
    a.plic.setSource(12, true);
    expect(a.plic.claim(1)).toBe(11); // 11 in service at snapshot time
    const state = cloneState(a.plic.snapshot());

    const script = (p: Plic, lines: FakeLines): unknown[] => {
      lines.log.length = 0;
      const out: unknown[] = [p.read(PENDING, 4), p.claim(1), p.claim(0)];
      p.complete(1, 11);
      out.push(p.read(PENDING, 4), p.claim(1), p.read(claimAt(1), 4), p.read(enableAt(1), 4));
      return [out, lines.log.slice()];
    };
    const expected = script(a.plic, a.lines);
    const b = setup();
    b.plic.restore(state);
    expect(b.lines.get(MipBit.SEIP)).toBe(true);
    expect(b.lines.get(MipBit.MEIP)).toBe(true);
    expect(script(b.plic, b.lines)).toEqual(expected);
    expect(b.plic.snapshot()).toEqual(a.plic.snapshot());
  });

  it('rejects a corrupt snapshot with a one-line error', () => {
    const { plic } = setup();
    const s = plic.snapshot();
    expect(() => plic.restore({ ...s, priority: new Uint8Array(3) })).toThrow(/^plic restore: field "priority" must be 96 bytes$/);
    expect(() => plic.restore({ ...s, enable: [1, 2] })).toThrow(/field "enable" must be 6 uint32 words/);
    expect(() => plic.restore({ ...s, threshold: Uint8Array.of(9, 0) })).toThrow(/thresholds must be 0\.\.7/);
  });
});
