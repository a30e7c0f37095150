/**
 * The contract between the machine's bus and its MMIO devices.
 *
 * Devices never see the host clock: time is the machine's cycle count, handed in
 * through {@link Clock}. Interrupt outputs go through {@link IrqLines}. A device's
 * whole state must round-trip through snapshot()/restore() exactly.
 */

/** Deterministic time source: the machine's cycle counter. */
export interface Clock {
  /** Cycles elapsed since reset (a non-negative integer < 2^53). */
  cycles(): number;
  /** mtime ticks per cycle are 1/ratio: mtime = floor(cycles / cyclesPerTick). */
  readonly cyclesPerTick: number;
}

/** Interrupt-pending bits of the hart's mip CSR driven by devices (level-sensitive). */
export const enum MipBit {
  SSIP = 1,
  MSIP = 3,
  STIP = 5,
  MTIP = 7,
  SEIP = 9,
  MEIP = 11,
}

export interface IrqLines {
  /** Drive a hart mip bit (MSIP/MTIP from the CLINT, MEIP/SEIP from the PLIC). */
  setMip(bit: MipBit, level: boolean): void;
}

/** An external interrupt source wired to the PLIC (source ids 1..95 on virt). */
export interface PlicInput {
  setSource(source: number, level: boolean): void;
}

/** JSON/msgpack-safe plain data: numbers, strings, booleans, arrays, typed arrays, objects. */
export type DeviceState = { readonly [key: string]: unknown };

export interface MmioDevice {
  readonly name: string;
  /** Physical base address and size of the register window. */
  readonly base: number;
  readonly size: number;
  /**
   * Read `width` bytes (1, 2 or 4) at `offset` from base; returns the value zero-extended
   * as an unsigned 32-bit number. 8-byte guest accesses arrive as two 4-byte accesses
   * (low word at offset, then high word at offset + 4).
   */
  read(offset: number, width: 1 | 2 | 4): number;
  write(offset: number, width: 1 | 2 | 4, value: number): void;
  /**
   * The earliest cycle (>= now) at which this device will change an interrupt line by itself
   * (e.g. mtime reaching mtimecmp), or Infinity. The CPU runs straight up to that cycle and
   * then calls {@link tick}; this keeps interrupt timing exact without per-instruction polling.
   */
  nextEventCycle(): number;
  /** Bring interrupt outputs up to date with the current cycle. */
  tick(): void;
  snapshot(): DeviceState;
  restore(state: DeviceState): void;
}
