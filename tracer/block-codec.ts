/**
 * Compact encoding of the straight-line block stream: one record per block,
 *   varint(len << 1)      then zigzag-varint(start - previous start)   — a new block
 *   varint(count << 1 | 1)                                             — previous block repeated
 * Tight loops collapse to one repeat record; other blocks cost 2–4 bytes.
 */
export class BlockEncoder {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  private prevStart = 0;
  private prevLen = -1;
  private repeat = 0;
  /** Instructions encoded since the last take(). */
  instructions = 0;

  /** Encode every (start, len) pair in pairs[0 .. end) (the CPU's block records of one batch). */
  addAll(pairs: Float64Array, end: number): void {
    let prevStart = this.prevStart, prevLen = this.prevLen, repeat = this.repeat, instr = 0;
    for (let i = 0; i < end; i += 2) {
      const start = pairs[i], len = pairs[i + 1];
      instr += len;
      if (start === prevStart && len === prevLen) { repeat++; continue; }
      if (repeat > 0) { this.varint(repeat * 2 + 1); repeat = 0; }
      this.varint(len * 2);
      const d = start - prevStart;
      this.varint(d >= 0 ? d * 2 : -d * 2 - 1);
      prevStart = start; prevLen = len;
    }
    this.prevStart = prevStart; this.prevLen = prevLen; this.repeat = repeat; this.instructions += instr;
  }

  get byteLength(): number { return this.n + (this.repeat > 0 ? 5 : 0); }

  /** The bytes so far; resets the buffer but keeps the delta base (the stream continues). */
  take(): Uint8Array {
    this.flushRepeat();
    const out = this.buf.slice(0, this.n);
    this.n = 0;
    this.instructions = 0;
    return out;
  }

  /** Restart the delta base (at chunk boundaries, so each chunk decodes on its own). */
  resetBase(): void { this.flushRepeat(); this.prevStart = 0; this.prevLen = -1; }

  private flushRepeat(): void {
    if (this.repeat > 0) { this.varint(this.repeat * 2 + 1); this.repeat = 0; }
  }

  private varint(v: number): void {
    if (this.n + 10 > this.buf.length) {
      const b = new Uint8Array(this.buf.length * 2); b.set(this.buf); this.buf = b;
    }
    while (v >= 128) { this.buf[this.n++] = (v % 128) | 128; v = Math.floor(v / 128); }
    this.buf[this.n++] = v;
  }
}

/** Decode a chunk's block bytes; calls `fn(start, len)` per block (repeats expanded). */
export function decodeBlocks(bytes: Uint8Array, fn: (start: number, len: number) => void): void {
  decodeBlockRuns(bytes, (start, len, count) => { for (let k = 0; k < count; k++) fn(start, len); });
}

/**
 * Decode a chunk's block bytes as runs: `fn(start, len, count)` for `count` consecutive
 * executions of the same block (a new block is a run of one; repeats are not expanded, so
 * a search can skip a hot loop arithmetically).
 */
export function decodeBlockRuns(bytes: Uint8Array, fn: (start: number, len: number, count: number) => void): void {
  let i = 0, prevStart = 0, prevLen = 0;
  const varint = (): number => {
    let v = 0, mul = 1, b: number;
    do {
      if (i >= bytes.length) throw new Error('block stream truncated');
      b = bytes[i++]; v += (b & 127) * mul; mul *= 128;
    } while (b >= 128);
    return v;
  };
  while (i < bytes.length) {
    const h = varint();
    if (h % 2 === 1) {
      fn(prevStart, prevLen, (h - 1) / 2);
    } else {
      const len = h / 2;
      const z = varint();
      const start = prevStart + (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
      fn(start, len, 1);
      prevStart = start; prevLen = len;
    }
  }
}
