/**
 * The `.strace` stream: reader and writer of one format, with its version in schema.ts.
 *
 *   file   = "SELTRACE" chunk*
 *   chunk  = u32 CHUNK_MAGIC | u32 payload length | u32 crc32(payload) | payload (msgpack)
 *
 * Chunks are appended and written with one write each, so a killed recording leaves a valid
 * prefix. The reader stops at the first damaged chunk and reports where and why; everything
 * before it stays readable.
 */
import { openSync, writeSync, closeSync, readFileSync, fsyncSync } from 'node:fs';
import { Packr, Unpackr } from 'msgpackr';
import { crc32 } from './crc32.js';
import { TRACE_FORMAT_VERSION, TRACE_MAGIC, type EncodedEvent } from './schema.js';

export const CHUNK_MAGIC = 0x4b484353; // "SCHK" little-endian
const CHUNK_HEADER = 12;
/** Refuse absurd chunk lengths (corruption) before allocating. */
const MAX_CHUNK = 1 << 30;

export class TraceError extends Error {
  override readonly name = 'TraceError';
  constructor(readonly file: string, readonly offset: number, readonly problem: string) {
    super(`${file}: ${problem} at offset ${offset}`);
  }
}

export interface TraceConfig {
  ramBase: number;
  ramSize: number;
  cyclesPerTick: number;
  batchCap: number;
  /** 'bare' or 'system'. */
  imageKind: string;
  /** Machine snapshot layout version of the checkpoints (emulator/cpu/cpu-state.ts). */
  snapshotVersion: number;
  /** Kernel state version of the checkpoints (emulator/kernel/snapshot.ts); absent in older traces (1). */
  kernelStateVersion?: number;
  /** System recordings: the kernel's PLIC setting and cost profile (emulator/kernel/costs.ts). */
  kernel?: { plic: string; costs: Record<string, number> };
}

export interface HeaderChunk {
  t: 'header';
  version: number;
  imageName: string;
  /** sha256 of the image, hex. */
  imageHash: string;
  /** The image itself, so a trace replays on its own. */
  image: Uint8Array;
  input: Uint8Array | null;
  config: TraceConfig;
  /** [name, address, size] of every symbol (bare ELF or each PD's, prefixed with "pd:"). */
  symbols: [string, number, number][];
}

export interface EventsChunk {
  t: 'ev';
  /** Cycle and instret at the first block of this chunk. */
  cycle0: number;
  instret0: number;
  /** Straight-line blocks (tracer/block-codec.ts), delta base reset per chunk. */
  blocks: Uint8Array;
  /** Instructions in `blocks`. */
  instructions: number;
  events: EncodedEvent[];
}

export interface CheckpointChunk {
  t: 'ckpt';
  index: number;
  cycle: number;
  instret: number;
  /** Keyframe: full RAM; otherwise only pages written since the previous checkpoint. */
  key: boolean;
  machine: Uint8Array;
  kernel: Uint8Array | null;
}

export interface EndChunk {
  t: 'end';
  stop: string;
  code: number;
  reason: string;
  cycles: number;
  instret: number;
}

export type Chunk = HeaderChunk | EventsChunk | CheckpointChunk | EndChunk;

const packr = new Packr({ useRecords: false, moreTypes: true });
const unpackr = new Unpackr({ useRecords: false, moreTypes: true });

/** Deterministic msgpack encoding used for chunk payloads and embedded snapshots. */
export function pack(v: unknown): Uint8Array { return packr.pack(v); }
export function unpack(b: Uint8Array): unknown { return unpackr.unpack(b); }

export class TraceWriter {
  private fd: number;
  /** Bytes written so far. */
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
    const magic = Buffer.from(TRACE_MAGIC, 'latin1');
    writeSync(this.fd, magic);
    this.bytes = magic.length;
  }

  /** Append one chunk; returns its file offset. */
  write(c: Chunk): number {
    const payload = pack(c);
    const head = Buffer.alloc(CHUNK_HEADER);
    head.writeUInt32LE(CHUNK_MAGIC, 0);
    head.writeUInt32LE(payload.length, 4);
    head.writeUInt32LE(crc32(payload), 8);
    const off = this.bytes;
    writeSync(this.fd, Buffer.concat([head, payload]));
    this.bytes += CHUNK_HEADER + payload.length;
    return off;
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

export interface ChunkAt { offset: number; chunk: Chunk; }

export interface TraceContents {
  header: HeaderChunk;
  chunks: ChunkAt[];
  /** Where reading stopped early, if it did. */
  damage: { offset: number; problem: string } | null;
  /** Whether the stream ends with an end chunk (a complete recording). */
  complete: boolean;
  size: number;
}

/** Read a whole trace stream. Throws TraceError only when not even the header is readable. */
export function readTrace(path: string): TraceContents {
  let buf: Buffer;
  try { buf = readFileSync(path); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TraceError(path, 0, code === 'ENOENT' ? 'no such trace file' : `cannot read (${code ?? 'error'})`);
  }
  if (buf.length < TRACE_MAGIC.length || buf.subarray(0, TRACE_MAGIC.length).toString('latin1') !== TRACE_MAGIC) {
    throw new TraceError(path, 0, 'not a seltrace trace (wrong magic)');
  }
  const chunks: ChunkAt[] = [];
  let off = TRACE_MAGIC.length;
  let damage: TraceContents['damage'] = null;
  while (off < buf.length) {
    const r = readChunkAt(buf, off);
    if ('problem' in r) { damage = { offset: off, problem: r.problem }; break; }
    chunks.push({ offset: off, chunk: r.chunk });
    off = r.next;
  }
  const first = chunks[0]?.chunk;
  if (first === undefined || first.t !== 'header') {
    throw new TraceError(path, damage?.offset ?? TRACE_MAGIC.length, damage !== null ? `header chunk unreadable: ${damage.problem}` : 'trace has no header chunk');
  }
  if (first.version !== TRACE_FORMAT_VERSION) {
    throw new TraceError(path, TRACE_MAGIC.length, `trace format version ${first.version} is not supported (this seltrace reads version ${TRACE_FORMAT_VERSION})`);
  }
  const last = chunks[chunks.length - 1].chunk;
  return { header: first, chunks, damage, complete: damage === null && last.t === 'end', size: buf.length };
}

/** Read the single chunk at a known offset (used by replay with offsets from the index). */
export function readChunk(path: string, buf: Uint8Array, offset: number): Chunk {
  const r = readChunkAt(buf, offset);
  if ('problem' in r) throw new TraceError(path, offset, r.problem);
  return r.chunk;
}

function readChunkAt(buf: Uint8Array, off: number): { chunk: Chunk; next: number } | { problem: string } {
  if (off + CHUNK_HEADER > buf.length) return { problem: 'truncated chunk header' };
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint32(off, true) !== CHUNK_MAGIC) return { problem: 'bad chunk magic' };
  const len = dv.getUint32(off + 4, true);
  if (len > MAX_CHUNK) return { problem: `implausible chunk length ${len}` };
  if (off + CHUNK_HEADER + len > buf.length) return { problem: `truncated chunk (needs ${len} bytes, ${buf.length - off - CHUNK_HEADER} left)` };
  const payload = buf.subarray(off + CHUNK_HEADER, off + CHUNK_HEADER + len);
  if (crc32(payload) !== dv.getUint32(off + 8, true)) return { problem: 'chunk checksum mismatch (corrupted data)' };
  let chunk: unknown;
  try { chunk = unpack(payload); } catch { return { problem: 'chunk payload is not valid msgpack' }; }
  if (typeof chunk !== 'object' || chunk === null || typeof (chunk as { t?: unknown }).t !== 'string') {
    return { problem: 'chunk payload has no type' };
  }
  const t = (chunk as { t: string }).t;
  if (t !== 'header' && t !== 'ev' && t !== 'ckpt' && t !== 'end') return { problem: `unknown chunk type '${t}'` };
  return { chunk: chunk as Chunk, next: off + CHUNK_HEADER + len };
}
