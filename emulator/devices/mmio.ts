/**
 * Shared helpers for the devices: sub-word register access, exact unsigned 64-bit
 * arithmetic on uint32 halves (no BigInt), and checked snapshot-field readers so a
 * corrupt snapshot gives a one-line error instead of a half-restored device.
 */
import type { DeviceState } from './device.js';

const TWO32 = 0x1_0000_0000;

/**
 * Read `width` bytes at `offset` from 32-bit registers. `readWord(aligned)` is called
 * once per word touched (it may have side effects, e.g. a PLIC claim).
 */
export function readSubword(readWord: (aligned: number) => number, offset: number, width: number): number {
  const aligned = offset - (offset & 3);
  const shift = (offset & 3) * 8;
  const mask = width === 4 ? 0xffff_ffff : (1 << (width * 8)) - 1;
  if ((offset & 3) + width <= 4) return ((readWord(aligned) >>> shift) & mask) >>> 0;
  // Straddles two words (a misaligned access the bus let through): low bytes from the first.
  const lo = readWord(aligned) >>> shift;
  const hi = readWord(aligned + 4) << (32 - shift);
  return ((lo | hi) & mask) >>> 0;
}

/**
 * Write `width` bytes at `offset` into 32-bit registers by read-modify-write.
 * `peekWord` must be side-effect free; `writeWord` gets the merged 32-bit value.
 */
export function writeSubword(
  peekWord: (aligned: number) => number,
  writeWord: (aligned: number, value: number) => void,
  offset: number,
  width: number,
  value: number,
): void {
  const aligned = offset - (offset & 3);
  if ((offset & 3) === 0 && width === 4) {
    writeWord(aligned, value >>> 0);
    return;
  }
  for (let w = aligned; w < offset + width; w += 4) {
    let word = peekWord(w) >>> 0;
    for (let i = 0; i < 4; i++) {
      const at = w + i;
      if (at < offset || at >= offset + width) continue;
      const byte = Math.floor(value / 2 ** ((at - offset) * 8)) & 0xff;
      word = ((word & ~(0xff << (i * 8))) | (byte << (i * 8))) >>> 0;
    }
    writeWord(w, word);
  }
}

/** An unsigned 64-bit value as uint32 halves. */
export interface U64 {
  lo: number;
  hi: number;
}

export function u64(value: number): U64 {
  const hi = Math.floor(value / TWO32);
  return { lo: value - hi * TWO32, hi: hi >>> 0 };
}

export function add64(a: U64, b: U64): U64 {
  const lo = a.lo + b.lo;
  const carry = lo >= TWO32 ? 1 : 0;
  return { lo: lo - carry * TWO32, hi: (a.hi + b.hi + carry) >>> 0 };
}

export function sub64(a: U64, b: U64): U64 {
  const lo = a.lo - b.lo;
  const borrow = lo < 0 ? 1 : 0;
  return { lo: lo + borrow * TWO32, hi: (a.hi - b.hi - borrow) >>> 0 };
}

/** Unsigned compare: negative, zero or positive. */
export function cmp64(a: U64, b: U64): number {
  return a.hi !== b.hi ? a.hi - b.hi : a.lo - b.lo;
}

/** The value as a number when below 2^53, else Infinity. */
export function toSafeNumber(a: U64): number {
  return a.hi < 0x20_0000 ? a.hi * TWO32 + a.lo : Infinity;
}

// ---------------------------------------------------------------------------
// Snapshot field readers
// ---------------------------------------------------------------------------

function fail(device: string, key: string, what: string): never {
  throw new Error(`${device} restore: field "${key}" must be ${what}`);
}

/** An integer in [0, max]. */
export function stateInt(s: DeviceState, device: string, key: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = s[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) fail(device, key, `an integer in 0..${max}`);
  return v;
}

export function stateBool(s: DeviceState, device: string, key: string): boolean {
  const v = s[key];
  if (typeof v !== 'boolean') fail(device, key, 'a boolean');
  return v;
}

/** Bytes as a Uint8Array (or a plain array of bytes, e.g. after a JSON round trip); copied. */
export function stateBytes(s: DeviceState, device: string, key: string, length?: number): Uint8Array {
  const v = s[key];
  let out: Uint8Array | undefined;
  // new Uint8Array(...) copies; Buffer.slice (msgpack hands back Buffers) would alias.
  if (v instanceof Uint8Array) out = new Uint8Array(v);
  else if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) out = Uint8Array.from(v as number[]);
  if (out === undefined) fail(device, key, 'bytes');
  if (length !== undefined && out.length !== length) fail(device, key, `${length} bytes`);
  return out;
}

export function stateObject(s: DeviceState, device: string, key: string): DeviceState {
  const v = s[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(device, key, 'an object');
  return v as DeviceState;
}

const NO_BYTES = new Uint8Array(0);

/** A growable byte log (UART and HTIF console output). */
export class ByteLog {
  private buf: Uint8Array = new Uint8Array(256);
  private len = 0;

  push(byte: number): void {
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = byte;
  }

  get length(): number {
    return this.len;
  }

  /**
   * A copy of the bytes from index `from` on. Asked between every two batches (a console
   * streamed as it appears), mostly with nothing new: then no allocation (a slice allocates an
   * ArrayBuffer, ~1 µs — most of a trap-per-batch guest's time).
   */
  since(from: number): Uint8Array {
    return from >= this.len ? NO_BYTES : this.buf.slice(from, this.len);
  }

  /** A copy of the bytes so far. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  set(bytes: Uint8Array): void {
    this.buf = new Uint8Array(Math.max(256, bytes.length));
    this.buf.set(bytes);
    this.len = bytes.length;
  }
}
