import { describe, expect, it } from 'vitest';
import { GoldfishRtc, RTC_BASE, RTC_IRQ, RTC_SIZE } from '../../emulator/devices/goldfish-rtc.js';
import { Machine } from '../../emulator/machine.js';
import { FakeClock, FakePlic, cloneState } from './fakes.js';

const TIME_LOW = 0x00;
const TIME_HIGH = 0x04;
const ALARM_LOW = 0x08;
const ALARM_HIGH = 0x0c;
const IRQ_ENABLED = 0x10;
const CLEAR_ALARM = 0x14;
const ALARM_STATUS = 0x18;
const CLEAR_INTERRUPT = 0x1c;

function setup(cyclesPerTick = 10, startNs?: bigint) {
  const clock = new FakeClock(cyclesPerTick);
  const plic = new FakePlic();
  const rtc = new GoldfishRtc({ clock, plic, startNs });
  const fired: number[] = [];
  rtc.onAlarm = (c) => fired.push(c);
  return { clock, plic, rtc, fired };
}

/** A guest 64-bit time read: TIME_LOW (latches the high word), then TIME_HIGH. */
function readTime(rtc: GoldfishRtc): bigint {
  const lo = rtc.read(TIME_LOW, 4);
  const hi = rtc.read(TIME_HIGH, 4);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Arm as a driver does: ALARM_HIGH first, then ALARM_LOW (which arms). */
function arm(rtc: GoldfishRtc, ns: bigint): void {
  rtc.write(ALARM_HIGH, 4, Number(ns >> 32n));
  rtc.write(ALARM_LOW, 4, Number(ns & 0xffff_ffffn));
}

/** Let the machine reach `cycle` and tick, as the run loop does at an event cycle. */
function runTo(clock: FakeClock, rtc: GoldfishRtc, cycle: number): void {
  clock.now = cycle;
  rtc.tick();
}

describe('GoldfishRtc', () => {
  it('sits at the virt address with PLIC source 11', () => {
    const { rtc } = setup();
    expect([rtc.name, rtc.base, rtc.size]).toEqual(['rtc', 0x101000, 0x1000]);
    expect([RTC_BASE, RTC_SIZE, RTC_IRQ]).toEqual([0x101000, 0x1000, 11]);
  });

  it('derives ns per cycle from cyclesPerTick and the 10 MHz timebase', () => {
    expect(setup(10).rtc.nsPerCycle).toEqual({ num: 10n, den: 1n }); // 100 MHz hart
    expect(setup(1).rtc.nsPerCycle).toEqual({ num: 100n, den: 1n }); // 10 MHz hart
    expect(setup(3).rtc.nsPerCycle).toEqual({ num: 100n, den: 3n });
    expect(setup(400).rtc.nsPerCycle).toEqual({ num: 1n, den: 4n });
    expect(() => setup(0)).toThrow(/cyclesPerTick/);
  });

  it('resets to time 0 (or startNs), no alarm, interrupts disabled, line low', () => {
    const { rtc, plic } = setup();
    expect(readTime(rtc)).toBe(0n);
    for (const r of [ALARM_LOW, ALARM_HIGH, IRQ_ENABLED, ALARM_STATUS, CLEAR_ALARM, CLEAR_INTERRUPT]) expect(rtc.read(r, 4)).toBe(0);
    expect(rtc.nextEventCycle()).toBe(Infinity);
    expect(plic.log).toEqual([]);
    const s = setup(10, 1_700_000_000_000_000_000n);
    expect(readTime(s.rtc)).toBe(1_700_000_000_000_000_000n);
  });

  it('TIME_LOW reads the time in ns = cycles x ns-per-cycle, rounding down', () => {
    const { rtc, clock } = setup(10);
    clock.now = 12_345;
    expect(readTime(rtc)).toBe(123_450n);
    const slow = setup(3); // 33.3 ns per cycle
    slow.clock.now = 1;
    expect(readTime(slow.rtc)).toBe(33n);
    slow.clock.now = 3;
    expect(readTime(slow.rtc)).toBe(100n);
    slow.clock.now = 2 ** 53 - 1; // exact far out: floor((2^53 - 1) * 100 / 3)
    expect(readTime(slow.rtc)).toBe(((2n ** 53n - 1n) * 100n) / 3n);
  });

  it('reading TIME_LOW latches TIME_HIGH; TIME_HIGH alone does not move', () => {
    const { rtc, clock } = setup(1); // 100 ns per cycle
    const cyc = Math.ceil(2 ** 32 / 100); // just past 2^32 ns
    clock.now = cyc - 1;
    expect(rtc.read(TIME_LOW, 4)).toBe((cyc - 1) * 100);
    clock.now = cyc + 5; // time has crossed into high word 1 since the TIME_LOW read
    expect(rtc.read(TIME_HIGH, 4)).toBe(0); // still the latched high word
    expect(rtc.read(TIME_HIGH, 4)).toBe(0);
    const lo = rtc.read(TIME_LOW, 4);
    expect(rtc.read(TIME_HIGH, 4)).toBe(1);
    expect(lo).toBe((cyc + 5) * 100 - 2 ** 32);
    // timeNs() is a peek: no latch.
    clock.now = 2 ** 40;
    expect(rtc.timeNs()).toBe(2n ** 40n * 100n);
    expect(rtc.read(TIME_HIGH, 4)).toBe(1);
  });

  it('a 64-bit guest read (low word, then high word) is coherent', () => {
    const { rtc, clock } = setup(10);
    clock.now = 0x1_2345_6789;
    const t = BigInt(clock.now) * 10n;
    expect(readTime(rtc)).toBe(t);
  });

  it('TIME_LOW / TIME_HIGH writes set the time, which then keeps running', () => {
    const { rtc, clock } = setup(10);
    clock.now = 1000; // 10 000 ns
    rtc.write(TIME_HIGH, 4, 7);
    expect(readTime(rtc)).toBe((7n << 32n) | 10_000n);
    rtc.write(TIME_LOW, 4, 0xffff_fff0);
    expect(readTime(rtc)).toBe((7n << 32n) | 0xffff_fff0n);
    clock.now = 1002; // +20 ns: carries into the high word
    expect(readTime(rtc)).toBe((8n << 32n) | 4n);
  });

  it('ALARM_HIGH does not arm; ALARM_LOW arms at (ALARM_HIGH << 32) | value', () => {
    const { rtc, clock } = setup(10);
    rtc.write(ALARM_HIGH, 4, 1);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(0);
    expect(rtc.nextEventCycle()).toBe(Infinity);
    rtc.write(ALARM_LOW, 4, 40);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(1);
    expect([rtc.read(ALARM_LOW, 4), rtc.read(ALARM_HIGH, 4)]).toEqual([40, 1]);
    // 2^32 + 40 ns at 10 ns per cycle: first cycle with time >= alarm is ceil(.../10).
    expect(rtc.nextEventCycle()).toBe(Math.ceil((2 ** 32 + 40) / 10));
    clock.now = 5;
    expect(rtc.nextEventCycle()).toBe(Math.ceil((2 ** 32 + 40) / 10));
  });

  it('fires at the exact cycle: not one cycle early, and raises the line when enabled', () => {
    const { rtc, clock, plic, fired } = setup(10);
    rtc.write(IRQ_ENABLED, 4, 1);
    clock.now = 1234;
    arm(rtc, 1_000_005n); // 100 000.5 cycles -> first cycle at or past it is 100 001
    expect(rtc.nextEventCycle()).toBe(100_001);
    runTo(clock, rtc, 100_000);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(1);
    expect(plic.get(RTC_IRQ)).toBe(false);
    expect(fired).toEqual([]);
    runTo(clock, rtc, 100_001);
    expect(fired).toEqual([100_001]);
    expect(plic.log).toEqual([[RTC_IRQ, true]]);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(0); // firing disarms
    expect(rtc.nextEventCycle()).toBe(Infinity);
  });

  it('firing is exact with a fractional ns-per-cycle', () => {
    const { rtc, clock, fired } = setup(3); // 100/3 ns per cycle
    arm(rtc, 1000n); // time(29) = 966, time(30) = 1000
    expect(rtc.nextEventCycle()).toBe(30);
    runTo(clock, rtc, 29);
    expect(fired).toEqual([]);
    runTo(clock, rtc, 30);
    expect(fired).toEqual([30]);
    arm(rtc, 1001n); // time(31) = 1033
    expect(rtc.nextEventCycle()).toBe(31);
  });

  it('reports the firing cycle (not the late tick) when noticed late, and nextEventCycle says now', () => {
    const { rtc, clock, plic, fired } = setup(10);
    rtc.write(IRQ_ENABLED, 4, 1);
    arm(rtc, 500n);
    clock.now = 80; // past cycle 50 without a tick
    expect(rtc.nextEventCycle()).toBe(80);
    rtc.tick();
    expect(fired).toEqual([50]);
    expect(plic.get(RTC_IRQ)).toBe(true);
  });

  it('a register access catches up with a due alarm even without a tick', () => {
    const { rtc, clock } = setup(10);
    arm(rtc, 500n);
    clock.now = 50;
    expect(rtc.read(ALARM_STATUS, 4)).toBe(0);
  });

  it('an alarm not in the future fires at once (equal counts as due)', () => {
    const { rtc, clock, plic, fired } = setup(10);
    rtc.write(IRQ_ENABLED, 4, 1);
    clock.now = 100; // 1000 ns
    arm(rtc, 1000n);
    expect(fired).toEqual([100]);
    expect(plic.get(RTC_IRQ)).toBe(true);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(0);
    rtc.write(CLEAR_INTERRUPT, 4, 1);
    arm(rtc, 3n);
    expect(fired).toEqual([100, 100]);
    expect(plic.get(RTC_IRQ)).toBe(true);
  });

  it('compares the alarm unsigned: a high bit set is far in the future', () => {
    const { rtc, clock, fired } = setup(10);
    clock.now = 1000;
    arm(rtc, 1n << 63n);
    expect(fired).toEqual([]);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(1);
    expect(rtc.nextEventCycle()).toBe(Infinity); // beyond 2^53 cycles
    arm(rtc, 10n * (2n ** 53n - 1n)); // exactly cycle 2^53 - 1
    expect(rtc.nextEventCycle()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('the line is pending AND enabled: IRQ_ENABLED gates it both ways, pending survives', () => {
    const { rtc, clock, plic } = setup(10);
    arm(rtc, 100n);
    runTo(clock, rtc, 10);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(0);
    expect(plic.get(RTC_IRQ)).toBe(false); // fired while disabled: pending, line low
    expect(rtc.nextEventCycle()).toBe(Infinity);
    rtc.write(IRQ_ENABLED, 4, 3); // only bit 0 counts
    expect(rtc.read(IRQ_ENABLED, 4)).toBe(1);
    expect(plic.get(RTC_IRQ)).toBe(true);
    rtc.write(IRQ_ENABLED, 4, 2);
    expect(rtc.read(IRQ_ENABLED, 4)).toBe(0);
    expect(plic.get(RTC_IRQ)).toBe(false);
    rtc.write(IRQ_ENABLED, 4, 1);
    expect(plic.get(RTC_IRQ)).toBe(true);
    // Level: it stays high across ticks and re-arming until CLEAR_INTERRUPT.
    runTo(clock, rtc, 1000);
    arm(rtc, 1_000_000n);
    expect(plic.get(RTC_IRQ)).toBe(true);
    rtc.write(CLEAR_INTERRUPT, 4, 0);
    expect(plic.get(RTC_IRQ)).toBe(false);
    expect(plic.log).toEqual([[RTC_IRQ, true], [RTC_IRQ, false], [RTC_IRQ, true], [RTC_IRQ, false]]);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(1); // the new alarm is still armed
  });

  it('CLEAR_ALARM disarms without touching a pending interrupt', () => {
    const { rtc, clock, plic, fired } = setup(10);
    rtc.write(IRQ_ENABLED, 4, 1);
    arm(rtc, 1000n);
    rtc.write(CLEAR_ALARM, 4, 1);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(0);
    expect(rtc.nextEventCycle()).toBe(Infinity);
    runTo(clock, rtc, 10_000);
    expect(fired).toEqual([]);
    expect(plic.get(RTC_IRQ)).toBe(false);
    arm(rtc, 200_000n);
    runTo(clock, rtc, 20_000);
    expect(plic.get(RTC_IRQ)).toBe(true);
    rtc.write(CLEAR_ALARM, 4, 1);
    expect(plic.get(RTC_IRQ)).toBe(true);
  });

  it('re-arming moves the deadline; the old one never fires', () => {
    const { rtc, clock, fired } = setup(10);
    arm(rtc, 1000n);
    arm(rtc, 5000n);
    expect(rtc.nextEventCycle()).toBe(500);
    runTo(clock, rtc, 100);
    expect(fired).toEqual([]);
    runTo(clock, rtc, 500);
    expect(fired).toEqual([500]);
  });

  it('setting the time leaves an armed deadline where it was on the underlying clock (as QEMU)', () => {
    const { rtc, clock, fired } = setup(10);
    arm(rtc, 10_000n); // cycle 1000
    clock.now = 200;
    rtc.write(TIME_LOW, 4, 9_000); // time jumps forward 7000 ns
    expect(rtc.nextEventCycle()).toBe(1000);
    runTo(clock, rtc, 999);
    expect(fired).toEqual([]);
    runTo(clock, rtc, 1000);
    expect(fired).toEqual([1000]);
    // A new alarm is relative to the new time.
    arm(rtc, readTime(rtc) + 100n);
    expect(rtc.nextEventCycle()).toBe(1010);
  });

  it('write-only registers read 0, read-only ones ignore writes, holes are inert', () => {
    const { rtc, clock } = setup(10);
    arm(rtc, 0x1_0000_0000n);
    rtc.write(ALARM_STATUS, 4, 0);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(1);
    expect(rtc.read(CLEAR_ALARM, 4)).toBe(0);
    expect(rtc.read(CLEAR_INTERRUPT, 4)).toBe(0);
    rtc.write(0x20, 4, 0xffff_ffff);
    rtc.write(0xffc, 4, 0xffff_ffff);
    expect(rtc.read(0x20, 4)).toBe(0);
    expect(rtc.read(0xffc, 4)).toBe(0);
    clock.now = 7;
    expect(readTime(rtc)).toBe(70n);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(1);
  });

  it('sub-word accesses act on the containing word', () => {
    const { rtc, clock } = setup(10);
    clock.now = 0x12_3456;
    expect(rtc.read(TIME_LOW + 1, 1)).toBe(((0x12_3456 * 10) >>> 8) & 0xff);
    rtc.write(ALARM_HIGH, 2, 0x1234);
    expect(rtc.read(ALARM_HIGH, 4)).toBe(0x1234);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(0);
    rtc.write(ALARM_LOW + 2, 1, 0xab); // merges into ALARM_LOW and arms
    expect(rtc.read(ALARM_LOW, 4)).toBe(0xab_0000);
    expect(rtc.read(ALARM_STATUS, 4)).toBe(1);
  });

  it('a sub-word write to TIME_LOW sets the time without latching TIME_HIGH', () => {
    const { rtc, clock } = setup(1);
    clock.now = 2 ** 34; // time 100 * 2^34 ns: high word 400
    rtc.write(TIME_LOW, 1, 0x77);
    expect(rtc.read(TIME_HIGH, 4)).toBe(0); // nothing latched yet
    expect(rtc.timeNs() & 0xffn).toBe(0x77n);
    expect(rtc.read(TIME_LOW, 4) & 0xff).toBe(0x77);
    expect(rtc.read(TIME_HIGH, 4)).toBe(400);
  });

  it('a restored line that disagrees with pending & enabled is an event now', () => {
    const { rtc, clock, plic } = setup(10);
    clock.now = 42;
    rtc.restore({ ...rtc.snapshot(), irqEnabled: true, irqPending: true, line: false });
    expect(rtc.nextEventCycle()).toBe(42);
    rtc.tick();
    expect(plic.get(RTC_IRQ)).toBe(true);
    expect(rtc.nextEventCycle()).toBe(Infinity);
  });

  it('snapshot/restore round-trips exactly through msgpack, including a pending alarm', () => {
    const a = setup(3, 5n);
    a.rtc.write(IRQ_ENABLED, 4, 1);
    a.clock.now = 1000;
    a.rtc.write(TIME_HIGH, 4, 0xdead);
    a.rtc.read(TIME_LOW, 4); // latch
    arm(a.rtc, a.rtc.timeNs() + 12_345n);
    const snap = cloneState(a.rtc.snapshot());

    const b = setup(3);
    b.clock.now = 1000;
    b.rtc.restore(snap);
    expect(b.rtc.snapshot()).toEqual(a.rtc.snapshot());
    expect(b.rtc.nextEventCycle()).toBe(a.rtc.nextEventCycle());
    expect(b.rtc.read(TIME_HIGH, 4)).toBe(0xdead);
    for (const s of [a, b]) {
      runTo(s.clock, s.rtc, s.rtc.nextEventCycle() - 1);
      expect(s.fired).toEqual([]);
      runTo(s.clock, s.rtc, s.rtc.nextEventCycle());
    }
    expect(b.fired).toEqual(a.fired);
    expect(b.fired).toHaveLength(1);
    expect(b.plic.get(RTC_IRQ)).toBe(true);
    expect(readTime(b.rtc)).toBe(readTime(a.rtc));
    expect(cloneState(b.rtc.snapshot())).toEqual(cloneState(a.rtc.snapshot()));
  });

  it('restore re-drives the line and replaces state (fired-and-pending, and an unreachable alarm)', () => {
    const a = setup(10);
    a.rtc.write(IRQ_ENABLED, 4, 1);
    arm(a.rtc, 0n);
    const high = cloneState(a.rtc.snapshot());
    a.rtc.write(CLEAR_INTERRUPT, 4, 1);
    arm(a.rtc, 1n << 62n); // armed, beyond the cycle horizon
    const far = cloneState(a.rtc.snapshot());

    const b = setup(10);
    b.rtc.restore(high);
    expect(b.plic.get(RTC_IRQ)).toBe(true);
    expect(b.rtc.read(ALARM_STATUS, 4)).toBe(0);
    b.rtc.restore(far);
    expect(b.plic.get(RTC_IRQ)).toBe(false);
    expect(b.rtc.read(ALARM_STATUS, 4)).toBe(1);
    expect(b.rtc.nextEventCycle()).toBe(Infinity);
    expect(b.rtc.snapshot()).toEqual(a.rtc.snapshot());
  });

  it('rejects a corrupt snapshot without changing state', () => {
    const { rtc } = setup(10);
    const good = rtc.snapshot();
    expect(() => rtc.restore({ ...good, alarmLo: 2 ** 32 })).toThrow(/alarmLo/);
    expect(() => rtc.restore({ ...good, fireCycle: 1.5 })).toThrow(/fireCycle/);
    expect(() => rtc.restore({ ...good, line: 1 })).toThrow(/line/);
    expect(rtc.snapshot()).toEqual(good);
  });
});

describe('GoldfishRtc in the machine', () => {
  it('is on the bus at 0x101000 and drives PLIC source 11', () => {
    const m = new Machine({ ramSize: 1 << 20 });
    expect(m.bus.device(0x101000)).toBe(m.rtc);
    expect(m.bus.device(0x101fff)).toBe(m.rtc);
    expect(m.rtc.nsPerCycle).toEqual({ num: 10n, den: 1n });
    m.rtc.write(IRQ_ENABLED, 4, 1);
    m.rtc.write(ALARM_LOW, 4, 0); // due now
    expect(m.plic.isPending(RTC_IRQ)).toBe(true);
    m.rtc.write(CLEAR_INTERRUPT, 4, 1);
    expect(m.plic.isPending(RTC_IRQ)).toBe(false);
  });

  it('uses the machine cyclesPerTick', () => {
    const m = new Machine({ ramSize: 1 << 20, cyclesPerTick: 4 });
    expect(m.rtc.nsPerCycle).toEqual({ num: 25n, den: 1n });
    const snap = m.snapshot();
    expect(snap.devices.rtc).toBeDefined();
  });
});
