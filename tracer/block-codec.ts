/**
 * Compact encoding of the straight-line block stream (trace format 5): one record (start pc,
 * instructions) per block, predicted from the block before it.
 *
 * Encoder and decoder keep the same table: for each context — a hash of the previous block's
 * (start, length), PRED_BITS bits — the block that followed it last time. A block the table
 * predicts costs nothing but a count; any other block is written out and becomes the
 * prediction of its context. The stream is a sequence of
 *   varint(hits)  varint(len)  zigzag-varint(start - previous block's start)
 * — `hits` predicted blocks, then one that was not — ended by varint(hits) varint(0) (no block
 * has length 0). A loop is its own prediction (a repeat), a loop nest or a call sequence a
 * chain of them: on ordinary code ~90 % of blocks are hits, 0.3 B per block before deflate (the
 * format before, a record per new block, took 0.9 B), which makes both the encoding and the
 * deflate after it about twice as fast. Each chunk's stream starts from an empty table and
 * start 0, so it decodes on its own.
 */

/** Context bits of the prediction table (4096 contexts: a few hundred blocks are live in a chunk of ordinary code). */
const PRED_BITS = 12;
const PRED_SIZE = 1 << PRED_BITS;

/** The table slot (index of its start; its length follows) of the context after block (start, len). */
function context(start: number, len: number): number {
  // ToInt32 of the start (its low 32 bits, exact and the same on every host) mixed with the length.
  return (Math.imul((start | 0) ^ (len << 21), 0x9e3779b1) >>> (32 - PRED_BITS)) << 1;
}

/**
 * Records that take every path of addAll once: misses with 1-, 2- and many-byte fields, a
 * backward start, a loop's repeats, a run of over 127 hits, addresses beyond 2^31 and in the
 * kernel half. A new encoder encodes them (a dozen times, ~0.1 ms) and drops the result, so
 * that V8 optimises addAll with type feedback for all of its paths. Otherwise each path first
 * met in optimised code — a far jump, a long block — deoptimises it, and it is compiled anew:
 * up to six compiles of 10–75 ms in one recording, on the core the helper thread encodes on,
 * which then lags and makes the recording thread wait.
 */
const PRIMER = ((): Float64Array => {
  const a = 0x80000000, b = 0x80000010, k = -0x7ffff000;
  const p = [a, 4, b, 200, a, 4, a + 4000, 3, 0x1000, 5, 0x1000, 5, 0x1000, 5, 0x1000, 5, k, 2];
  for (let i = 0; i < 140; i++) p.push(a, 4, b, 200); // predicted after the first round: 270 hits, then a miss
  p.push(k + 0x100000, 7);
  return Float64Array.from(p);
})();

export class BlockEncoder {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  /** The prediction table: [start, len] per context. */
  private readonly table = new Float64Array(PRED_SIZE * 2);
  private prevStart = 0;
  /** Context of the next block (that of the previous one's successor). */
  private ctx = 0;
  private hits = 0;
  /** Instructions encoded since the last take(). */
  instructions = 0;
  /** Blocks (predicted ones counted one by one) encoded since the last take(). */
  blocks = 0;

  constructor() {
    // Several calls: V8 gives a function its feedback vector only after a few calls (lazy
    // feedback allocation); until then nothing is recorded.
    for (let i = 0; i < 12; i++) { this.addAll(PRIMER, PRIMER.length); this.take(); }
  }

  /**
   * Encode the n float64s of block records at ring[start ..] (the CPU's block-record ring: they
   * may wrap round to its start).
   */
  addRing(ring: Float64Array, start: number, n: number): void {
    const end = start + n;
    if (end <= ring.length) this.addAll(ring, end, start);
    else { this.addAll(ring, ring.length, start); this.addAll(ring, end - ring.length, 0); }
  }

  /**
   * Encode every (start, len) pair in pairs[begin .. end).
   * Hot: one call per chunk of up to 256k blocks; a predicted block costs two loads, two compares
   * and a hash (a loop's repeats two loads and two compares), and the buffer is grown once per
   * call, not checked per byte.
   */
  addAll(pairs: Float64Array, end: number, begin = 0): void {
    // Worst case per pair: three varints (hits < 2^35, len < 2^35, zigzag start delta < 2^54).
    const need = (end - begin) * 12 + 20;
    if (this.n + need > this.buf.length) this.grow(this.n + need);
    const buf = this.buf, table = this.table;
    let n = this.n, prevStart = this.prevStart, h = this.ctx, hits = this.hits, instr = 0;
    for (let i = begin; i < end; i += 2) {
      const start = pairs[i], len = pairs[i + 1];
      instr += len;
      const next = context(start, len);
      if (table[h] === start && table[h + 1] === len) {
        hits++;
        // A predicted block whose context is its own (a loop): each repeat right after it is a
        // hit too, counted without the table (most records of ordinary code).
        if (next === h) while (i + 2 < end && pairs[i + 2] === start && pairs[i + 3] === len) { i += 2; hits++; instr += len; }
      } else {
        table[h] = start; table[h + 1] = len;
        if (hits < 128) buf[n++] = hits; else n = writeVarint(buf, n, hits);
        hits = 0;
        if (len < 128) buf[n++] = len; else n = writeVarint(buf, n, len);
        const d = start - prevStart;
        const z = d >= 0 ? d * 2 : -d * 2 - 1;
        if (z < 128) buf[n++] = z;
        else if (z < 16384) { buf[n++] = (z & 127) | 128; buf[n++] = z >>> 7; }
        else n = writeVarint(buf, n, z);
      }
      prevStart = start;
      h = next;
    }
    this.n = n; this.prevStart = prevStart; this.ctx = h; this.hits = hits;
    this.instructions += instr; this.blocks += (end - begin) >>> 1;
  }

  /** Bytes of the stream so far (as take() would return them, give or take its end mark). */
  get byteLength(): number { return this.n + 6; }

  /**
   * End the stream: its bytes; the encoder starts a fresh stream (empty table, start 0, counts
   * zero), so that every taken stream — a chunk's — decodes on its own.
   */
  take(): Uint8Array {
    if (this.n + 12 > this.buf.length) this.grow(this.n + 12);
    this.n = writeVarint(this.buf, this.n, this.hits);
    this.buf[this.n++] = 0;
    const out = this.buf.slice(0, this.n);
    this.n = 0; this.hits = 0; this.prevStart = 0; this.ctx = 0; this.table.fill(0);
    this.instructions = 0; this.blocks = 0;
    return out;
  }

  /** End a chunk: its block stream and instruction count (the next chunk starts a fresh stream). */
  takeChunk(): { bytes: Uint8Array; instructions: number } {
    const instructions = this.instructions;
    return { bytes: this.take(), instructions };
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

/** Decode a chunk's block bytes; calls `fn(start, len)` per block (predicted ones included). */
export function decodeBlocks(bytes: Uint8Array, fn: (start: number, len: number) => void): void {
  decodeBlockRuns(bytes, (start, len, count) => { for (let k = 0; k < count; k++) fn(start, len); });
}

/**
 * Decode a chunk's block bytes as runs: `fn(start, len, count)` for `count` consecutive
 * executions of the same block (a loop is a run, counted arithmetically: a search can skip a
 * hot loop without walking it). Throws on a malformed stream.
 */
export function decodeBlockRuns(bytes: Uint8Array, fn: (start: number, len: number, count: number) => void): void {
  if (bytes.length === 0) return; // a chunk without blocks may carry no stream at all
  const table = new Float64Array(PRED_SIZE * 2);
  let i = 0, prevStart = 0, h = 0;
  /** The current run (not yet reported). */
  let runStart = 0, runLen = 0, runCount = 0;
  const varint = (): number => {
    let v = 0, mul = 1, b: number;
    do {
      if (i >= bytes.length || mul > 2 ** 49) throw new Error('block stream truncated');
      b = bytes[i++]; v += (b & 127) * mul; mul *= 128;
    } while (b >= 128);
    return v;
  };
  const block = (start: number, len: number, count: number): void => {
    if (start === runStart && len === runLen) { runCount += count; return; }
    if (runCount > 0) fn(runStart, runLen, runCount);
    runStart = start; runLen = len; runCount = count;
  };
  for (;;) {
    let hits = varint();
    while (hits > 0) {
      const start = table[h], len = table[h + 1];
      if (len === 0) throw new Error('block stream: predicted block unknown');
      const next = context(start, len);
      if (next === h) { block(start, len, hits); hits = 0; } // a block predicting itself: a loop, whatever its count
      else { block(start, len, 1); hits--; }
      prevStart = start; h = next;
    }
    const len = varint();
    if (len === 0) break;
    const z = varint();
    const start = prevStart + (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    table[h] = start; table[h + 1] = len;
    block(start, len, 1);
    prevStart = start; h = context(start, len);
  }
  if (i !== bytes.length) throw new Error('block stream: bytes after its end');
  if (runCount > 0) fn(runStart, runLen, runCount);
}
