import { describe, expect, it } from 'vitest';
import { BlockEncoder, decodeBlocks, decodeBlockRuns } from '../../tracer/block-codec.js';

/**
 * The block stream format (trace format 5) written out the plain way, record by record, from
 * its description in block-codec.ts: the encoder's fast paths must give exactly these bytes.
 */
function referenceEncode(pairs: number[]): Uint8Array {
  const out: number[] = [];
  const varint = (v: number): void => { while (v >= 128) { out.push((v % 128) | 128); v = Math.floor(v / 128); } out.push(v); };
  const table = new Map<number, [number, number]>();
  const ctx = (s: number, l: number): number => Math.imul((s | 0) ^ (l << 21), 0x9e3779b1) >>> 20;
  let h = 0, hits = 0, prev = 0; // the first block's context: 0, like any other that hashes there
  for (let i = 0; i < pairs.length; i += 2) {
    const s = pairs[i], l = pairs[i + 1];
    const p = table.get(h);
    if (p !== undefined && p[0] === s && p[1] === l) hits++;
    else {
      table.set(h, [s, l]);
      varint(hits); hits = 0; varint(l);
      const d = s - prev; varint(d >= 0 ? d * 2 : -d * 2 - 1);
    }
    prev = s; h = ctx(s, l);
  }
  varint(hits); out.push(0);
  return Uint8Array.from(out);
}

/** A deterministic stream like ordinary code's: loops (runs of one block), call sequences, rare far jumps. */
function synthetic(seed: number, n: number): number[] {
  let x = seed >>> 0;
  const rnd = (k: number): number => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x % k; };
  const blocks: [number, number][] = [];
  for (let b = 0; b < 40; b++) blocks.push([0x80000000 + rnd(1 << 16) * 2, 1 + rnd(12)]);
  blocks.push([-0x7ffff000, 3], [0x1000, 200], [0x80000000 + 2 ** 40, 5]); // the kernel half (pcs are signed), a long block, beyond 32 bits
  const out: number[] = [];
  while (out.length < 2 * n) {
    const [s, l] = blocks[rnd(blocks.length)];
    const reps = rnd(4) === 0 ? 1 + rnd(300) : 1; // a loop, or one pass
    for (let k = 0; k < reps && out.length < 2 * n; k++) out.push(s, l);
    if (rnd(5) === 0) { const [s2, l2] = blocks[rnd(blocks.length)]; out.push(s2, l2, s, l); } // a call and back
  }
  return out;
}

function encodeAll(pairs: number[], cuts: number[] = []): Uint8Array {
  const enc = new BlockEncoder();
  const f = Float64Array.from(pairs);
  let at = 0;
  for (const c of [...cuts, f.length]) { enc.addAll(f, c, at); at = c; }
  return enc.take();
}

describe('block stream codec', () => {
  it('writes the format byte for byte as described, loops and all', () => {
    for (const seed of [1, 2, 3, 4]) {
      const pairs = synthetic(seed, 20_000);
      expect(Buffer.from(encodeAll(pairs)).equals(Buffer.from(referenceEncode(pairs)))).toBe(true);
    }
  });

  it('gives the same bytes however the records are split into calls, including inside a loop', () => {
    const pairs = synthetic(7, 30_000);
    const whole = encodeAll(pairs);
    // Cuts at every kind of place: inside runs of repeats, right after a run's first record, at odd offsets.
    const cuts = [2, 4, 6, 1000, 1002, 7776, 20_000, 20_002, 33_334, 50_000];
    expect(Buffer.from(encodeAll(pairs, cuts)).equals(Buffer.from(whole))).toBe(true);
  });

  it('reads a ring that wraps round like one in order', () => {
    const pairs = synthetic(9, 3000);
    const ring = new Float64Array(8192);
    const start = 8192 - 2000; // 1000 records before the wrap, the rest from the ring's start
    for (let i = 0; i < pairs.length; i++) ring[(start + i) % ring.length] = pairs[i];
    const enc = new BlockEncoder();
    enc.addRing(ring, start, pairs.length);
    expect(enc.instructions).toBe(pairs.reduce((a, v, i) => a + (i % 2 === 1 ? v : 0), 0));
    expect(enc.blocks).toBe(pairs.length / 2);
    expect(Buffer.from(enc.take()).equals(Buffer.from(referenceEncode(pairs)))).toBe(true);
  });

  it('decodes what it encodes, block by block and as runs', () => {
    const pairs = synthetic(11, 40_000);
    const bytes = encodeAll(pairs);
    const back: number[] = [];
    decodeBlocks(bytes, (s, l) => { back.push(s, l); });
    expect(back).toEqual(pairs);
    let runs = 0, blocks = 0;
    decodeBlockRuns(bytes, (_s, _l, count) => { runs++; blocks += count; });
    expect(blocks).toBe(pairs.length / 2);
    expect(runs).toBeLessThan(blocks); // the loops came back as runs
  });

  it('starts every taken stream afresh (a chunk decodes on its own)', () => {
    const a = synthetic(13, 3000), b = synthetic(14, 3000);
    const enc = new BlockEncoder();
    enc.addAll(Float64Array.from(a), a.length); enc.take();
    enc.addAll(Float64Array.from(b), b.length);
    expect(Buffer.from(enc.take()).equals(Buffer.from(referenceEncode(b)))).toBe(true);
  });

  it('refuses a truncated or overlong stream', () => {
    const bytes = encodeAll(synthetic(15, 2000));
    expect(() => decodeBlocks(bytes.subarray(0, bytes.length - 3), () => {})).toThrow(/truncated|unknown/);
    expect(() => decodeBlocks(Uint8Array.from([...bytes, 0]), () => {})).toThrow(/after its end/);
  });
});
