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
  /** Blocks (repeats counted one by one) encoded since the last take(). */
  blocks = 0;

  /**
   * Encode every (start, len) pair in pairs[0 .. end) (the CPU's block records of one batch).
   * Hot: one call per batch of up to 64k blocks, so varints of one or two bytes are written
   * inline and the buffer is grown once per call, not checked per byte.
   */
  addAll(pairs: Float64Array, end: number): void {
    // Worst case per pair: a repeat record and a new block, each at most 2 × 10 bytes.
    if (this.n + end * 20 + 10 > this.buf.length) this.grow(this.n + end * 20 + 10);
    const buf = this.buf;
    let n = this.n, prevStart = this.prevStart, prevLen = this.prevLen, repeat = this.repeat, instr = 0;
    for (let i = 0; i < end; i += 2) {
      const start = pairs[i], len = pairs[i + 1];
      instr += len;
      if (start === prevStart && len === prevLen) { repeat++; continue; }
      if (repeat > 0) {
        const r = repeat * 2 + 1;
        if (r < 128) buf[n++] = r; else n = writeVarint(buf, n, r);
        repeat = 0;
      }
      const h = len * 2;
      if (h < 128) buf[n++] = h; else n = writeVarint(buf, n, h);
      const d = start - prevStart;
      const z = d >= 0 ? d * 2 : -d * 2 - 1;
      if (z < 128) buf[n++] = z;
      else if (z < 16384) { buf[n++] = (z & 127) | 128; buf[n++] = z >>> 7; }
      else n = writeVarint(buf, n, z);
      prevStart = start; prevLen = len;
    }
    this.n = n; this.prevStart = prevStart; this.prevLen = prevLen; this.repeat = repeat;
    this.instructions += instr; this.blocks += end >>> 1;
  }

  get byteLength(): number { return this.n + (this.repeat > 0 ? 5 : 0); }

  /** The bytes so far; resets the buffer but keeps the delta base (the stream continues). */
  take(): Uint8Array {
    this.flushRepeat();
    const out = this.buf.slice(0, this.n);
    this.n = 0;
    this.instructions = 0;
    this.blocks = 0;
    return out;
  }

  /**
   * End a chunk: its block stream and instruction count; the next chunk starts on a fresh
   * delta base (so each chunk decodes on its own), as every encoder of a chunk's records does.
   */
  takeChunk(): { bytes: Uint8Array; instructions: number } {
    this.resetBase();
    const instructions = this.instructions;
    return { bytes: this.take(), instructions };
  }

  /** Restart the delta base (at chunk boundaries, so each chunk decodes on its own). */
  resetBase(): void { this.flushRepeat(); this.prevStart = 0; this.prevLen = -1; }

  private flushRepeat(): void {
    if (this.repeat > 0) {
      if (this.n + 10 > this.buf.length) this.grow(this.n + 10);
      this.n = writeVarint(this.buf, this.n, this.repeat * 2 + 1);
      this.repeat = 0;
    }
  }

  private grow(min: number): void {
    let size = this.buf.length * 2;
    while (size < min) size *= 2;
    const b = new Uint8Array(size); b.set(this.buf.subarray(0, this.n)); this.buf = b;
  }
}

/** Unsigned LEB128 of a non-negative integer below 2^53 at buf[n]; returns the new end. */
function writeVarint(buf: Uint8Array, n: number, v: number): number {
  while (v >= 128) { buf[n++] = (v % 128) | 128; v = Math.floor(v / 128); }
  buf[n++] = v;
  return n;
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
