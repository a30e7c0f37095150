/**
 * CLINT (SiFive core-local interruptor) as on QEMU virt, hart 0 only.
 *
 *   +0x0000 msip      bit 0 drives mip.MSIP
 *   +0x4000 mtimecmp  64-bit, reset all-ones
 *   +0xBFF8 mtime     64-bit, = floor(cycles / cyclesPerTick) + offset (mod 2^64)
 *
 * mtime is never stored: it is derived from the machine's cycle count plus an offset that
 * absorbs guest writes, so it needs no per-cycle work. MTIP = (mtime >= mtimecmp), unsigned.
 */
import { MipBit, type Clock, type DeviceState, type IrqLines, type MmioDevice } from './device.js';
import {
  add64,
  cmp64,
  readSubword,
  stateBool,
  stateInt,
  sub64,
  toSafeNumber,
  u64,
  writeSubword,
  type U64,
} from './mmio.js';

const MSIP = 0x0000;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;
const U32 = 0xffff_ffff;
const TWO32 = 0x1_0000_0000;
/** mtimecmp.hi from which the compare value is 2^53 or more (beyond any mtimeFast). */
const TWO21 = 0x20_0000;
const NAME = 'clint';

export class Clint implements MmioDevice {
  readonly name = NAME;
  readonly base = 0x200_0000;
  readonly size = 0x1_0000;

  private msip = 0;
  private mtimecmp: U64 = { lo: U32, hi: U32 };
  /** mtime - floor(cycles / cyclesPerTick), mod 2^64. */
  private offset: U64 = { lo: 0, hi: 0 };
  /** Levels last driven onto mip, so lines are only touched on change. */
  private msipLine = false;
  private mtipLine = false;

  constructor(
    private readonly clock: Clock,
    private readonly irqs: IrqLines,
  ) {
    const r = clock.cyclesPerTick;
    if (!Number.isSafeInteger(r) || r < 1) throw new Error(`clint: cyclesPerTick must be a positive integer, got ${r}`);
  }

  /** Current mtime as a number (exact while below 2^53). */
  mtime(): number {
    const t = this.mtime64();
    return t.hi * 0x1_0000_0000 + t.lo;
  }

  /** Program mtimecmp atomically from TypeScript (like SBI set_timer); updates MTIP now. */
  setMtimecmp(lo: number, hi: number): void {
    this.mtimecmp = { lo: lo >>> 0, hi: hi >>> 0 };
    this.tick();
  }

  read(offset: number, width: 1 | 2 | 4): number {
    return readSubword((w) => this.readWord(w), offset, width);
  }

  write(offset: number, width: 1 | 2 | 4, value: number): void {
    writeSubword(
      (w) => this.readWord(w),
      (w, v) => this.writeWord(w, v),
      offset,
      width,
      value,
    );
    this.tick();
  }

  nextEventCycle(): number {
    const now = this.clock.cycles();
    const f = this.mtimeFast();
    if (f >= 0) {
      // The same answers as below, in plain numbers (asked once a batch).
      const c = this.mtimecmp;
      const level = this.reached(f);
      if (level !== this.mtipLine) return now;
      // Raised: it only drops when mtime wraps, 2^64 ticks away; or a compare value ≥ 2^53.
      if (level || c.hi >= TWO21) return Infinity;
      const ticks = c.hi * TWO32 + c.lo - f, r = this.clock.cyclesPerTick;
      if (ticks > Math.floor(Number.MAX_SAFE_INTEGER / r) - f) return Infinity;
      return (f + ticks) * r;
    }
    const t = this.mtime64();
    const level = cmp64(t, this.mtimecmp) >= 0;
    if (level !== this.mtipLine) return now;
    let ticks: number;
    if (!level) {
      ticks = toSafeNumber(sub64(this.mtimecmp, t));
    } else {
      // MTIP only drops again when mtime wraps to 0 (impossible if mtimecmp is 0).
      if (this.mtimecmp.lo === 0 && this.mtimecmp.hi === 0) return Infinity;
      ticks = toSafeNumber(sub64({ lo: 0, hi: 0 }, t));
    }
    const r = this.clock.cyclesPerTick;
    const base = Math.floor(now / r);
    // First cycle c with floor(c / r) = base + ticks is (base + ticks) * r; keep it exact.
    if (ticks > Math.floor(Number.MAX_SAFE_INTEGER / r) - base) return Infinity;
    return (base + ticks) * r;
  }

  tick(): void {
    const msip = (this.msip & 1) !== 0;
    if (msip !== this.msipLine) {
      this.msipLine = msip;
      this.irqs.setMip(MipBit.MSIP, msip);
    }
    const mtip = this.reached(this.mtimeFast());
    if (mtip !== this.mtipLine) {
      this.mtipLine = mtip;
      this.irqs.setMip(MipBit.MTIP, mtip);
    }
  }

  snapshot(): DeviceState {
    return {
      msip: this.msip,
      mtimecmpLo: this.mtimecmp.lo,
      mtimecmpHi: this.mtimecmp.hi,
      offsetLo: this.offset.lo,
      offsetHi: this.offset.hi,
      msipLine: this.msipLine,
      mtipLine: this.mtipLine,
    };
  }

  restore(s: DeviceState): void {
    const msip = stateInt(s, NAME, 'msip', 1);
    const mtimecmp = { lo: stateInt(s, NAME, 'mtimecmpLo', U32), hi: stateInt(s, NAME, 'mtimecmpHi', U32) };
    const offset = { lo: stateInt(s, NAME, 'offsetLo', U32), hi: stateInt(s, NAME, 'offsetHi', U32) };
    const msipLine = stateBool(s, NAME, 'msipLine');
    const mtipLine = stateBool(s, NAME, 'mtipLine');
    this.msip = msip;
    this.mtimecmp = mtimecmp;
    this.offset = offset;
    this.msipLine = msipLine;
    this.mtipLine = mtipLine;
    // Re-drive the restored levels (idempotent) so mip agrees whatever the restore order.
    this.irqs.setMip(MipBit.MSIP, msipLine);
    this.irqs.setMip(MipBit.MTIP, mtipLine);
  }

  /**
   * mtime as a number when it is simply floor(cycles / cyclesPerTick) (no guest write moved it:
   * the usual case), which is exact (cycles are below 2^53); else -1 (use mtime64).
   */
  private mtimeFast(): number {
    return this.offset.lo === 0 && this.offset.hi === 0 ? Math.floor(this.clock.cycles() / this.clock.cyclesPerTick) : -1;
  }

  /** MTIP's level: mtime ≥ mtimecmp, from `fast` = mtimeFast() when that holds mtime. */
  private reached(fast: number): boolean {
    const c = this.mtimecmp;
    return fast >= 0 ? c.hi < TWO21 && fast >= c.hi * TWO32 + c.lo : cmp64(this.mtime64(), c) >= 0;
  }

  private mtime64(): U64 {
    return add64(u64(Math.floor(this.clock.cycles() / this.clock.cyclesPerTick)), this.offset);
  }

  private readWord(w: number): number {
    switch (w) {
      case MSIP:
        return this.msip;
      case MTIMECMP:
        return this.mtimecmp.lo;
      case MTIMECMP + 4:
        return this.mtimecmp.hi;
      case MTIME:
        return this.mtime64().lo;
      case MTIME + 4:
        return this.mtime64().hi;
      default:
        return 0; // other harts' registers and holes read as zero
    }
  }

  private writeWord(w: number, v: number): void {
    switch (w) {
      case MSIP:
        this.msip = v & 1;
        break;
      case MTIMECMP:
        this.mtimecmp = { lo: v, hi: this.mtimecmp.hi };
        break;
      case MTIMECMP + 4:
        this.mtimecmp = { lo: this.mtimecmp.lo, hi: v };
        break;
      case MTIME:
      case MTIME + 4: {
        const t = this.mtime64();
        const want = w === MTIME ? { lo: v, hi: t.hi } : { lo: t.lo, hi: v };
        this.offset = sub64(want, u64(Math.floor(this.clock.cycles() / this.clock.cyclesPerTick)));
        break;
      }
      default:
        break; // writes to absent harts' registers are ignored
    }
  }
}
