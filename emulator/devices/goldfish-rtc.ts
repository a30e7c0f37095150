/**
 * Goldfish RTC as on QEMU virt: base 0x101000, size 0x1000, PLIC source 11. Time is a 64-bit
 * count of nanoseconds; an alarm raises a level interrupt when the time reaches it.
 *
 *   +0x00 TIME_LOW         read: current time, low word; latches the high word into TIME_HIGH
 *                          write: replace the low word of the current time
 *   +0x04 TIME_HIGH        read: high word latched by the last TIME_LOW read
 *                          write: replace the high word of the current time
 *   +0x08 ALARM_LOW        read: low word of the alarm; write: set it and arm the alarm at
 *                          (ALARM_HIGH << 32) | value (an alarm not in the future fires at once)
 *   +0x0c ALARM_HIGH       read/write: high word of the alarm (write it first; it does not arm)
 *   +0x10 IRQ_ENABLED      read/write: bit 0 gates the interrupt output
 *   +0x14 CLEAR_ALARM      write: disarm (a pending interrupt stays pending)
 *   +0x18 ALARM_STATUS     read: 1 while an alarm is armed and has not fired yet
 *   +0x1c CLEAR_INTERRUPT  write: drop the pending interrupt
 *
 * Firing disarms the alarm and makes the interrupt pending; the line is pending AND enabled, so
 * it stays high until CLEAR_INTERRUPT (or IRQ_ENABLED = 0). Reads of write-only registers and of
 * holes give 0; writes to read-only registers and holes are ignored. QEMU only accepts 32-bit
 * accesses; narrower ones act on the containing word (a byte write to ALARM_LOW still arms).
 * A 64-bit store arrives low word first, so it would arm ALARM_LOW with the old ALARM_HIGH —
 * drivers write ALARM_HIGH, then ALARM_LOW, as for real goldfish hardware.
 *
 * Time never comes from the host: it is derived from the machine's cycle counter. The hart runs
 * at cyclesPerTick × the 10 MHz timebase, so one cycle is 1e9 / (cyclesPerTick × 1e7) ns (10 ns
 * with the default 10 cycles per tick), kept as an exact fraction: time(c) = floor(c × num / den)
 * + offset (mod 2^64). Guest writes to TIME_* move the offset. As in QEMU, an armed alarm's
 * deadline is fixed on the underlying clock when it is armed (alarm − current time later), so
 * setting the time afterwards does not move it. The alarm's firing cycle is computed once, when
 * it is armed: nextEventCycle() reports it and the interrupt is raised at exactly that cycle.
 */
import type { Clock, DeviceState, MmioDevice, PlicInput } from './device.js';
import { readSubword, stateBool, stateInt, writeSubword } from './mmio.js';

export const RTC_BASE = 0x10_1000;
export const RTC_SIZE = 0x1000;
/** PLIC source of the RTC on QEMU virt. */
export const RTC_IRQ = 11;
/** QEMU virt's timebase (mtime frequency). */
export const TIMEBASE_HZ = 10_000_000;

export const enum RtcReg {
  TIME_LOW = 0x00,
  TIME_HIGH = 0x04,
  ALARM_LOW = 0x08,
  ALARM_HIGH = 0x0c,
  IRQ_ENABLED = 0x10,
  CLEAR_ALARM = 0x14,
  ALARM_STATUS = 0x18,
  CLEAR_INTERRUPT = 0x1c,
}

const NAME = 'rtc';
const U32 = 0xffff_ffff;
const MASK64 = (1n << 64n) - 1n;
const NS_PER_S = 1_000_000_000n;
/** Snapshot value of fireCycle for an armed alarm beyond the 2^53-cycle horizon. */
const NEVER = -1;

export interface GoldfishRtcOptions {
  clock: Clock;
  /** Where the interrupt output goes (the PLIC). */
  plic: PlicInput;
  /** PLIC source id; 11 on QEMU virt. */
  irq?: number;
  /** Time at cycle 0 in ns (QEMU starts at the host's wall clock; here it is fixed, default 0). */
  startNs?: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export class GoldfishRtc implements MmioDevice {
  readonly name = NAME;
  readonly base = RTC_BASE;
  readonly size = RTC_SIZE;
  /** Nanoseconds per cycle as an exact fraction num / den (10 / 1 for 10 cycles per tick). */
  readonly nsPerCycle: { readonly num: bigint; readonly den: bigint };
  /** Called when an alarm fires, with the exact cycle it fired at (not the cycle it was noticed). */
  onAlarm?: (cycle: number) => void;

  private readonly clock: Clock;
  private readonly plic: PlicInput;
  private readonly irq: number;

  /** time − floor(cycles × num / den), mod 2^64. */
  private offset: bigint;
  private timeHigh = 0;
  private alarm = 0n;
  private alarmRunning = false;
  /** First cycle at which the armed alarm fires (Infinity: beyond 2^53 cycles). */
  private fireCycle = Infinity;
  private irqEnabled = false;
  private irqPending = false;
  /** Level last driven onto the PLIC source. */
  private line = false;

  constructor(opts: GoldfishRtcOptions) {
    this.clock = opts.clock;
    this.plic = opts.plic;
    this.irq = opts.irq ?? RTC_IRQ;
    const r = opts.clock.cyclesPerTick;
    if (!Number.isSafeInteger(r) || r < 1) throw new Error(`rtc: cyclesPerTick must be a positive integer, got ${r}`);
    const cyclesPerSecond = BigInt(r) * BigInt(TIMEBASE_HZ);
    const g = gcd(NS_PER_S, cyclesPerSecond);
    this.nsPerCycle = { num: NS_PER_S / g, den: cyclesPerSecond / g };
    this.offset = (opts.startNs ?? 0n) & MASK64;
  }

  /** The current RTC time in ns (no side effects: does not latch TIME_HIGH). */
  timeNs(): bigint {
    return (this.rawNs(this.clock.cycles()) + this.offset) & MASK64;
  }

  read(offset: number, width: 1 | 2 | 4): number {
    this.catchUp();
    const v = readSubword((w) => this.readWord(w, true), offset, width);
    this.drive();
    return v;
  }

  write(offset: number, width: 1 | 2 | 4, value: number): void {
    this.catchUp();
    writeSubword(
      (w) => this.readWord(w, false),
      (w, v) => this.writeWord(w, v),
      offset,
      width,
      value,
    );
    this.drive();
  }

  nextEventCycle(): number {
    const now = this.clock.cycles();
    if (this.wantLine() !== this.line) return now;
    return this.alarmRunning ? Math.max(now, this.fireCycle) : Infinity;
  }

  tick(): void {
    this.catchUp();
    this.drive();
  }

  snapshot(): DeviceState {
    return {
      offsetLo: Number(this.offset & 0xffff_ffffn),
      offsetHi: Number(this.offset >> 32n),
      timeHigh: this.timeHigh,
      alarmLo: Number(this.alarm & 0xffff_ffffn),
      alarmHi: Number(this.alarm >> 32n),
      alarmRunning: this.alarmRunning,
      fireCycle: this.alarmRunning && this.fireCycle !== Infinity ? this.fireCycle : NEVER,
      irqEnabled: this.irqEnabled,
      irqPending: this.irqPending,
      line: this.line,
    };
  }

  restore(s: DeviceState): void {
    const offsetLo = stateInt(s, NAME, 'offsetLo', U32);
    const offsetHi = stateInt(s, NAME, 'offsetHi', U32);
    const timeHigh = stateInt(s, NAME, 'timeHigh', U32);
    const alarmLo = stateInt(s, NAME, 'alarmLo', U32);
    const alarmHi = stateInt(s, NAME, 'alarmHi', U32);
    const alarmRunning = stateBool(s, NAME, 'alarmRunning');
    const fc = s.fireCycle;
    if (fc !== NEVER && (typeof fc !== 'number' || !Number.isSafeInteger(fc) || fc < 0)) {
      throw new Error(`${NAME} restore: field "fireCycle" must be a cycle number or ${NEVER}`);
    }
    const irqEnabled = stateBool(s, NAME, 'irqEnabled');
    const irqPending = stateBool(s, NAME, 'irqPending');
    const line = stateBool(s, NAME, 'line');
    this.offset = (BigInt(offsetHi) << 32n) | BigInt(offsetLo);
    this.timeHigh = timeHigh;
    this.alarm = (BigInt(alarmHi) << 32n) | BigInt(alarmLo);
    this.alarmRunning = alarmRunning;
    this.fireCycle = alarmRunning && fc !== NEVER ? (fc as number) : Infinity;
    this.irqEnabled = irqEnabled;
    this.irqPending = irqPending;
    this.line = line;
    this.plic.setSource(this.irq, line); // idempotent re-drive
  }

  // ------------------------------------------------------------------ internals

  /** floor(cycles × num / den): ns on the underlying clock. */
  private rawNs(cycles: number): bigint {
    return (BigInt(cycles) * this.nsPerCycle.num) / this.nsPerCycle.den;
  }

  /** First cycle c with rawNs(c) >= ns, or Infinity beyond the safe-integer range. */
  private cycleOfRawNs(ns: bigint): number {
    const { num, den } = this.nsPerCycle;
    const c = (ns * den + num - 1n) / num;
    return c <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(c) : Infinity;
  }

  private wantLine(): boolean {
    return this.irqPending && this.irqEnabled;
  }

  /** Fire the armed alarm if its cycle has come (whether or not tick() was called then). */
  private catchUp(): void {
    if (this.alarmRunning && this.clock.cycles() >= this.fireCycle) this.fire(this.fireCycle);
  }

  private fire(cycle: number): void {
    this.alarmRunning = false;
    this.fireCycle = Infinity;
    this.irqPending = true;
    this.onAlarm?.(cycle);
  }

  private drive(): void {
    const want = this.wantLine();
    if (want !== this.line) {
      this.line = want;
      this.plic.setSource(this.irq, want);
    }
  }

  /** Arm at the current ALARM value (QEMU goldfish_rtc semantics: a due alarm fires at once). */
  private arm(): void {
    const now = this.clock.cycles();
    const raw = this.rawNs(now);
    const time = (raw + this.offset) & MASK64;
    if (this.alarm <= time) {
      this.fire(now);
      return;
    }
    this.alarmRunning = true;
    this.fireCycle = this.cycleOfRawNs(raw + (this.alarm - time));
  }

  /** Set the current time to `want` by moving the offset (the armed deadline stays put). */
  private setTime(want: bigint): void {
    this.offset = (want - this.rawNs(this.clock.cycles())) & MASK64;
  }

  /** `latch` is false for the side-effect-free peek used by sub-word writes. */
  private readWord(w: number, latch: boolean): number {
    switch (w) {
      case RtcReg.TIME_LOW: {
        const t = this.timeNs();
        if (latch) this.timeHigh = Number(t >> 32n);
        return Number(t & 0xffff_ffffn);
      }
      case RtcReg.TIME_HIGH:
        return this.timeHigh;
      case RtcReg.ALARM_LOW:
        return Number(this.alarm & 0xffff_ffffn);
      case RtcReg.ALARM_HIGH:
        return Number(this.alarm >> 32n);
      case RtcReg.IRQ_ENABLED:
        return this.irqEnabled ? 1 : 0;
      case RtcReg.ALARM_STATUS:
        return this.alarmRunning ? 1 : 0;
      default:
        return 0; // CLEAR_ALARM, CLEAR_INTERRUPT and holes
    }
  }

  private writeWord(w: number, v: number): void {
    const value = BigInt(v >>> 0);
    switch (w) {
      case RtcReg.TIME_LOW: {
        const t = this.timeNs();
        this.setTime((t & ~0xffff_ffffn & MASK64) | value);
        break;
      }
      case RtcReg.TIME_HIGH: {
        const t = this.timeNs();
        this.setTime((value << 32n) | (t & 0xffff_ffffn));
        break;
      }
      case RtcReg.ALARM_LOW:
        this.alarm = (this.alarm & ~0xffff_ffffn & MASK64) | value;
        this.arm();
        break;
      case RtcReg.ALARM_HIGH:
        this.alarm = (value << 32n) | (this.alarm & 0xffff_ffffn);
        break;
      case RtcReg.IRQ_ENABLED:
        this.irqEnabled = (v & 1) !== 0;
        break;
      case RtcReg.CLEAR_ALARM:
        this.alarmRunning = false;
        this.fireCycle = Infinity;
        break;
      case RtcReg.CLEAR_INTERRUPT:
        this.irqPending = false;
        break;
      default:
        break; // ALARM_STATUS is read-only; holes ignore writes
    }
  }
}
