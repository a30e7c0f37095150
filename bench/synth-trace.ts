/**
 * Large traces without recording for minutes: a real recording's chunks, with one of its event
 * chunks repeated to reach a size, and optionally a gap (a sparse stretch of zeros, which the
 * reader must treat as a hole) that pushes the last chunks beyond a file offset.
 */
import { openSync, writeSync, closeSync } from 'node:fs';
import { readTrace, encodeChunk, type EventsChunk } from '../tracer/trace-stream.js';
import { TRACE_MAGIC } from '../tracer/schema.js';
import { BlockEncoder } from '../tracer/block-codec.js';

export interface SynthOptions { bytes: number; gapTo?: number; }

/** Build `out` from the small trace `src`: returns the offsets where the tail chunks went. */
export function synthesizeTrace(src: string, out: string, o: SynthOptions): { tailOffset: number } {
  const t = readTrace(src);
  const end = t.chunks[t.chunks.length - 1];
  const body = t.chunks.slice(0, -1);
  const ev0 = body.filter((c) => c.chunk.t === 'ev').sort((a, b) => encodeChunk(b.chunk).length - encodeChunk(a.chunk).length)[0];
  // Block streams are stored deflated, and a real one shrinks 50-80x: the filler chunk gets
  // ~64 KiB of pseudo-random (incompressible) block records, so a file of a given size holds as
  // many records to decode as a real trace of that size before compression did.
  const ev = { chunk: noiseBlocks(ev0.chunk as EventsChunk) };
  const fd = openSync(out, 'w');
  let pos = 0;
  const put = (b: Uint8Array): void => { writeSync(fd, b, 0, b.length, pos); pos += b.length; };
  put(Buffer.from(TRACE_MAGIC, 'latin1'));
  for (const c of body) put(encodeChunk(c.chunk));
  const evBytes = encodeChunk(ev.chunk);
  const reps = Math.max(0, Math.floor((o.bytes - pos) / evBytes.length));
  // Repeat in batches of ~8 MB per write.
  const per = Math.max(1, Math.floor((8 << 20) / evBytes.length));
  const batch = Buffer.concat(Array.from({ length: per }, () => evBytes));
  let left = reps;
  while (left >= per) { put(batch); left -= per; }
  for (; left > 0; left--) put(evBytes);
  if (o.gapTo !== undefined && o.gapTo > pos) pos = o.gapTo;
  const tailOffset = pos;
  put(evBytes);
  put(encodeChunk(end.chunk));
  closeSync(fd);
  return { tailOffset };
}

/** `c` with its block stream replaced by ~64 KiB of fixed-seed pseudo-random records. */
function noiseBlocks(c: EventsChunk): EventsChunk {
  const enc = new BlockEncoder();
  const pairs = new Float64Array(2 * 20000);
  let seed = 12345, start = 0x8000_0000;
  for (let i = 0; i < pairs.length; i += 2) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    start += ((seed >>> 8) % 8192) * 2 - 8192;
    pairs[i] = start; pairs[i + 1] = 1 + (seed >>> 24) % 24;
  }
  enc.addAll(pairs, pairs.length);
  const instructions = enc.instructions;
  return { ...c, blocks: enc.take(), instructions };
}
