/**
 * Large traces without recording for minutes: a real recording's chunks, with one of its event
 * chunks repeated to reach a size, and optionally a gap (a sparse stretch of zeros, which the
 * reader must treat as a hole) that pushes the last chunks beyond a file offset.
 */
import { openSync, writeSync, closeSync } from 'node:fs';
import { readTrace, encodeChunk } from '../tracer/trace-stream.js';
import { TRACE_MAGIC } from '../tracer/schema.js';

export interface SynthOptions { bytes: number; gapTo?: number; }

/** Build `out` from the small trace `src`: returns the offsets where the tail chunks went. */
export function synthesizeTrace(src: string, out: string, o: SynthOptions): { tailOffset: number } {
  const t = readTrace(src);
  const end = t.chunks[t.chunks.length - 1];
  const body = t.chunks.slice(0, -1);
  const ev = body.filter((c) => c.chunk.t === 'ev').sort((a, b) => encodeChunk(b.chunk).length - encodeChunk(a.chunk).length)[0];
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
