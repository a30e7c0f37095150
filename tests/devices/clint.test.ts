import { describe, expect, it } from 'vitest';
import { Clint } from '../../emulator/devices/clint.js';
import { MipBit } from '../../emulator/devices/device.js';
import { FakeClock, FakeLines, cloneState } from './fakes.js';

const MSIP = 0x0;
const CMP = 0x4000;
const TIME = 0xbff8;
const ONES = 0xffff_ffff;

function setup(cyclesPerTick = 1) {
  const clock = new FakeClock(cyclesPerTick);
  const lines = new FakeLines();
  const clint = new Clint(clock, lines);
  return { clock, lines, clint };
}

function read64(c: Clint, off: number): number {
  return c.read(off + 4, 4) * 2 ** 32 + c.read(off, 4);
}

/** Write a 64-bit register as the bus does for an sd: low word, then high word. */
function write64(c: Clint, off: number, lo: number, hi: number): void {
  c.write(off, 4, lo);
  c.write(off + 4, 4, hi);
}

/** Advance to `cycle` and tick, as the CPU does at an event cycle. */
function runTo(clock: FakeClock, c: Clint, cycle: number): void {
  clock.now = cycle;
  c.tick();
}

describe('Clint', () => {
  it('has the virt address window', () => {
    const { clint } = setup();
    expect([clint.base, clint.size]).toEqual([0x2000000, 0x10000]);
  });

  it('resets with mtimecmp all-ones, mtime 0 and no timer event', () => {
    const { clint, lines, clock } = setup(10);
    expect([clint.read(CMP, 4), clint.read(CMP + 4, 4)]).toEqual([ONES, ONES]);
    expect(read64(clint, TIME)).toBe(0);
    expect(clint.nextEventCycle()).toBe(Infinity);
    clock.now = 2 ** 52;
    clint.tick();
    expect(lines.get(MipBit.MTIP)).toBe(false);
    expect(clint.nextEventCycle()).toBe(Infinity);
  });

  it('derives mtime from cycles / cyclesPerTick', () => {
    const { clint, clock } = setup(10);
    clock.now = 95;
    expect(read64(clint, TIME)).toBe(9);
    expect(clint.mtime()).toBe(9);
    clock.now = 100;
    expect(clint.mtime()).toBe(10);
  });

  it('reports the exact first cycle at which mtime reaches mtimecmp', () => {
    const { clint, clock, lines } = setup(10);
    clock.now = 37;
    write64(clint, CMP, 10, 0);
    expect(clint.nextEventCycle()).toBe(100);
    runTo(clock, clint, 99);
    expect(lines.get(MipBit.MTIP)).toBe(false);
    expect(clint.nextEventCycle()).toBe(100);
    runTo(clock, clint, 100);
    expect(lines.get(MipBit.MTIP)).toBe(true);
    expect(clint.nextEventCycle()).toBe(Infinity);
  });

  it('reports "now" when time has passed the compare value without a tick', () => {
    const { clint, clock, lines } = setup(1);
    write64(clint, CMP, 50, 0);
    clock.now = 80;
    expect(clint.nextEventCycle()).toBe(80);
    clint.tick();
    expect(lines.get(MipBit.MTIP)).toBe(true);
  });

  it('raises MTIP at once when mtimecmp is already due and drops it when moved later', () => {
    const { clint, clock, lines } = setup(4);
    clock.now = 400; // mtime 100
    clint.setMtimecmp(100, 0);
    expect(lines.get(MipBit.MTIP)).toBe(true);
    clint.setMtimecmp(0, 0);
    expect(lines.get(MipBit.MTIP)).toBe(true);
    expect(clint.nextEventCycle()).toBe(Infinity); // mtimecmp 0: never drops
    clint.setMtimecmp(101, 0);
    expect(lines.get(MipBit.MTIP)).toBe(false);
    expect(clint.nextEventCycle()).toBe(404);
    clint.setMtimecmp(ONES, ONES);
    expect(lines.get(MipBit.MTIP)).toBe(false);
    expect(clint.nextEventCycle()).toBe(Infinity);
  });

  it('compares unsigned 64-bit (high bit set is large, not negative)', () => {
    const { clint, clock, lines } = setup(1);
    clock.now = 1000;
    write64(clint, CMP, 0, 0x8000_0000);
    expect(lines.get(MipBit.MTIP)).toBe(false);
    expect(clint.nextEventCycle()).toBe(Infinity); // 2^63 ticks away
    write64(clint, CMP, 5, 1); // 2^32 + 5
    expect(clint.nextEventCycle()).toBe(2 ** 32 + 5);
  });

  it('is exact for large targets and Infinity beyond 2^53 cycles', () => {
    const { clint, clock } = setup(3);
    clock.now = 7;
    clint.setMtimecmp(1, 2 ** 8); // 2^40 + 1
    expect(clint.nextEventCycle()).toBe((2 ** 40 + 1) * 3);
    const big = setup(1000);
    big.clint.setMtimecmp(0, 2 ** 18); // 2^50 ticks * 1000 cycles > 2^53
    expect(big.clint.nextEventCycle()).toBe(Infinity);
    const edge = setup(1);
    edge.clint.setMtimecmp(ONES, 0x1f_ffff); // 2^53 - 1
    expect(edge.clint.nextEventCycle()).toBe(Number.MAX_SAFE_INTEGER);
    edge.clint.setMtimecmp(0, 0x20_0000); // 2^53
    expect(edge.clint.nextEventCycle()).toBe(Infinity);
  });

  it('honours guest writes to mtime', () => {
    const { clint, clock, lines } = setup(2);
    clock.now = 1000; // mtime 500
    write64(clint, TIME, 5, 0);
    expect(clint.mtime()).toBe(5);
    clock.now = 1021;
    expect(clint.mtime()).toBe(15);
    write64(clint, CMP, 20, 0);
    expect(clint.nextEventCycle()).toBe(1030);
    runTo(clock, clint, 1030);
    expect(lines.get(MipBit.MTIP)).toBe(true);
    // Moving mtime back below mtimecmp drops MTIP at once.
    write64(clint, TIME, 0, 0);
    expect(lines.get(MipBit.MTIP)).toBe(false);
    expect(clint.nextEventCycle()).toBe(1070);
    // A write of only the high word keeps the low word.
    clint.write(TIME + 4, 4, 3);
    expect([clint.read(TIME, 4), clint.read(TIME + 4, 4)]).toEqual([0, 3]);
  });

  it('fires when mtime reaches all-ones mtimecmp and drops when mtime wraps to 0', () => {
    const { clint, clock, lines } = setup(1);
    clock.now = 10;
    write64(clint, TIME, ONES - 2, ONES); // 2^64 - 3
    expect(clint.nextEventCycle()).toBe(12);
    runTo(clock, clint, 12);
    expect(lines.get(MipBit.MTIP)).toBe(true);
    expect(read64(clint, TIME)).toBe(2 ** 64 - 1);
    expect(clint.nextEventCycle()).toBe(13); // wraps to 0 < mtimecmp
    runTo(clock, clint, 13);
    expect(lines.get(MipBit.MTIP)).toBe(false);
    expect([clint.read(TIME, 4), clint.read(TIME + 4, 4)]).toEqual([0, 0]);
    expect(clint.nextEventCycle()).toBe(Infinity);
  });

  it('drives MSIP from msip bit 0 only', () => {
    const { clint, lines } = setup();
    clint.write(MSIP, 4, 1);
    expect(lines.get(MipBit.MSIP)).toBe(true);
    expect(clint.read(MSIP, 4)).toBe(1);
    clint.write(MSIP, 4, 0xfffffffe);
    expect(lines.get(MipBit.MSIP)).toBe(false);
    expect(clint.read(MSIP, 4)).toBe(0);
  });

  it('ignores other harts and holes', () => {
    const { clint, lines } = setup();
    clint.write(4, 4, 1); // hart 1 msip
    clint.write(CMP + 8, 4, 0); // hart 1 mtimecmp
    expect(clint.read(4, 4)).toBe(0);
    expect(clint.read(CMP + 8, 4)).toBe(0);
    expect(lines.log).toEqual([]);
  });

  it('supports byte and halfword access', () => {
    const { clint } = setup();
    clint.write(CMP, 1, 0x12);
    clint.write(CMP + 1, 2, 0x3456);
    expect(clint.read(CMP, 4)).toBe(0xff345612);
    expect(clint.read(CMP + 2, 2)).toBe(0xff34);
    expect(clint.read(CMP + 7, 1)).toBe(0xff);
  });

  it('only touches mip lines when a level changes', () => {
    const { clint, clock, lines } = setup();
    clint.setMtimecmp(5, 0);
    for (let c = 0; c < 10; c++) runTo(clock, clint, c);
    expect(lines.log).toEqual([[MipBit.MTIP, true]]);
  });

  it('rejects a clock whose cyclesPerTick is not a positive integer', () => {
    expect(() => new Clint(new FakeClock(0), new FakeLines())).toThrow(/cyclesPerTick/);
    expect(() => new Clint(new FakeClock(1.5), new FakeLines())).toThrow(/cyclesPerTick/);
  });

  it('snapshot -> restore gives identical subsequent behaviour', () => {
    const script = (clock: FakeClock, c: Clint): unknown[] => {
      const seen: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const next = c.nextEventCycle();
        seen.push(next, read64(c, TIME), c.read(CMP, 4), c.read(MSIP, 4));
        if (next === Infinity) break;
        runTo(clock, c, next);
        write64(c, CMP, c.read(CMP, 4) + 7, 0);
      }
      return seen;
    };
    const a = setup(3);
    a.clock.now = 30;
    write64(a.clint, TIME, 100, 0);
    write64(a.clint, CMP, 104, 0);
    a.clint.write(MSIP, 4, 1);
    const state = cloneState(a.clint.snapshot());
    a.lines.log.length = 0;
    const expected = script(a.clock, a.clint);
    const expectedLines = a.lines.log.slice();
    expect(expectedLines.length).toBeGreaterThan(0);

    const b = setup(3);
    b.clock.now = 30;
    b.clint.restore(state);
    expect(b.lines.get(MipBit.MSIP)).toBe(true);
    b.lines.log.length = 0;
    expect(script(b.clock, b.clint)).toEqual(expected);
    expect(b.lines.log).toEqual(expectedLines);
    expect(b.clint.snapshot()).toEqual(a.clint.snapshot());
  });

  it('rejects a corrupt snapshot with a one-line error and keeps its state', () => {
    const { clint } = setup();
    clint.setMtimecmp(9, 0);
    const bad = { ...clint.snapshot(), offsetHi: -1 };
    expect(() => clint.restore(bad)).toThrow(/^clint restore: field "offsetHi" must be an integer in 0\.\.4294967295$/);
    expect(() => clint.restore({})).toThrow(/clint restore/);
    expect(clint.read(CMP, 4)).toBe(9);
  });
  it('MTIP and the next timer event agree with exact 64-bit arithmetic (plain-number path when mtime was never written, 64-bit path after)', () => {
    // A deterministic spread of clocks, compare values (0, near mtime, 2^32 boundaries, >= 2^53, all-ones) and times.
    let seed = 0x2545f491;
    const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
    const cmps = [0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, (1n << 53n) - 1n, 1n << 53n, (1n << 64n) - 1n, 123_456_789n];
    for (let k = 0; k < 400; k++) {
      const r = [1, 7, 10, 100][k % 4]!;
      const moved = k % 5 === 4; // a guest write to mtime: the 64-bit path
      const { clock, lines, clint } = setup(r);
      const now = rnd(2_000_000_000) * (k % 3 === 0 ? 1 : 4096);
      const offset = moved ? BigInt(rnd(1_000_000)) : 0n;
      if (moved) { clint.write(TIME, 4, Number(offset & 0xffff_ffffn)); clint.write(TIME + 4, 4, 0); }
      clock.now = now;
      const mtime = BigInt(Math.floor(now / r)) + offset;
      const cmp = k % 2 === 0 ? cmps[rnd(cmps.length)]! : mtime + BigInt(rnd(5000)) - 2500n;
      const c = cmp < 0n ? 0n : cmp;
      clint.write(CMP, 4, Number(c & 0xffff_ffffn));
      clint.write(CMP + 4, 4, Number(c >> 32n));
      const level = mtime >= c;
      expect(lines.mip.get(MipBit.MTIP) ?? false, `MTIP at k=${k}`).toBe(level);
      let want: number;
      if (level) want = Infinity; // drops only when mtime wraps
      else {
        // First cycle whose mtime reaches the compare value.
        const at = (c - offset) * BigInt(r);
        want = at > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(at);
      }
      expect(clint.nextEventCycle(), `next event at k=${k} (r=${r}, now=${now}, cmp=${c}, offset=${offset})`).toBe(want);
    }
  });
});
