/**
 * The `.strace` stream: reader and writer of one format, with its version in schema.ts.
 *
 *   file   = "SELTRACE" chunk*
 *   chunk  = u32 CHUNK_MAGIC | u32 payload length | u32 crc32(payload) | payload (msgpack)
 *
 * An events chunk stores its block stream raw-deflated: the records of a kernel's paths repeat
 * so much that deflate shrinks them 50–80× (they were most of a long trace's bytes).
 *
 * Chunks are appended and written with one write each, so a killed recording leaves a valid
 * prefix. The reader never holds the file in memory: it reads chunks at known offsets
 * (positioned reads) or scans through a bounded window. A damaged chunk is a hole: the scan
 * resynchronises on the next chunk whose magic, length and checksum hold, and reports the hole.
 */
import { openSync, writeSync, closeSync, readSync, fstatSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
// 'msgpackr/pack' is the same Packr and Unpackr without loading the optional native string
// extractor (msgpackr-extract), which cost ~12 ms at every start-up and speeds up only the
// unpacking of long strings, which chunks do not hold. The bytes packed are the same.
import { Packr, Unpackr } from 'msgpackr/pack';
import { crc32 } from './crc32.js';
import { TRACE_FORMAT_VERSION, TRACE_MAGIC, decodeEvent, type EncodedEvent } from './schema.js';
import { decodeBlocks } from './block-codec.js';
import { DEFLATE_LEVEL } from './deflater.js';

export const CHUNK_MAGIC = 0x4b484353; // "SCHK" little-endian
const CHUNK_HEADER = 12;
/** Refuse absurd chunk lengths (corruption) before allocating. */
const MAX_CHUNK = 1 << 30;
/** Guest RAM a trace may declare (the emulator's physical map leaves 2 GiB above 0x80000000). */
const MAX_RAM = 2 ** 31;
/** RAM starts above the device window of the QEMU virt map. */
const MIN_RAM_BASE = 0x8000_0000;

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
  /** Semihosting was on (emulator/devices/semihost.ts); absent: off. */
  semihosting?: boolean;
  /** The firmware (`--bios`) the bare image was booted behind; absent: none. */
  firmware?: Uint8Array;
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

/** Raw deflate level of an events chunk's block stream (the recorder's deflater uses it for all its jobs). */
export const BLOCKS_DEFLATE_LEVEL = DEFLATE_LEVEL;

/** One chunk as it is stored: header (magic, length, checksum) and payload. */
export function encodeChunk(c: Chunk): Buffer {
  return framePayload(pack(c.t === 'ev' ? { ...c, blocks: deflateRawSync(c.blocks, { level: BLOCKS_DEFLATE_LEVEL }) } : c));
}

/**
 * The same bytes as encodeChunk for an events chunk { t, cycle0, instret0, instructions,
 * blocks, events } (that key order), from its parts prepared apart: the block stream already
 * deflated (perhaps on a helper thread) and the events already packed (`pack(events)`, whose
 * exact size the recorder needs before the blocks are back). msgpack is compositional: the
 * map packed with an empty events array ends in that array's one byte (0x90), which the packed
 * events replace.
 */
export function encodeEventsChunk(c: { cycle0: number; instret0: number; instructions: number }, deflatedBlocks: Uint8Array, packedEvents: Uint8Array): Buffer {
  const head = pack({ t: 'ev', cycle0: c.cycle0, instret0: c.instret0, instructions: c.instructions, blocks: deflatedBlocks, events: [] });
  if (head[head.length - 1] !== 0x90) throw new Error('events chunk: unexpected msgpack layout');
  const payload = Buffer.allocUnsafe(head.length - 1 + packedEvents.length);
  payload.set(head.subarray(0, head.length - 1), 0);
  payload.set(packedEvents, head.length - 1);
  return framePayload(payload);
}

/** Bytes an events chunk can take at most, given its raw block stream's and packed events' sizes. */
export function eventsChunkBound(rawBlocks: number, packedEvents: number): number {
  // deflate's worst case, msgpack bin header, the small fields (keys, 'ev', three numbers of at
  // most 9 bytes each), chunk header.
  return deflateBound(rawBlocks) + 5 + 80 + packedEvents + CHUNK_HEADER;
}

/** Most bytes raw deflate can make of n bytes (zlib's deflateBound, generously rounded). */
export function deflateBound(n: number): number { return n + (n >>> 10) + 64; }

function framePayload(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(CHUNK_HEADER + payload.length);
  out.writeUInt32LE(CHUNK_MAGIC, 0);
  out.writeUInt32LE(payload.length, 4);
  out.writeUInt32LE(crc32(payload), 8);
  out.set(payload, CHUNK_HEADER);
  return out;
}

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
  write(c: Chunk): number { return this.writeEncoded(encodeChunk(c)); }

  /** Append a chunk already encoded by encodeChunk; returns its file offset. */
  writeEncoded(bytes: Uint8Array): number {
    const off = this.bytes;
    writeSync(this.fd, bytes);
    this.bytes += bytes.length;
    return off;
  }

  /**
   * No fsync: it cost 14 ms at the end of every recording, and what it guards against — a
   * power loss or OS crash right after — leaves the stream readable up to the damage anyway
   * (the index, rebuilt from the stream, is written without syncs too).
   */
  close(): void {
    closeSync(this.fd);
  }
}

export interface ChunkAt { offset: number; chunk: Chunk; }

/** A stretch of the stream that could not be read: [offset, end) and why. */
export interface Hole { offset: number; end: number; problem: string; }

/** What a scan yields: a chunk, or a hole skipped before the next good chunk (or the end). */
export type ScanItem = { offset: number; chunk: Chunk; hole?: undefined } | { hole: Hole };

/** Bytes read per positioned read while scanning (a chunk larger than this gets its own read). */
const WINDOW = 4 << 20;

/**
 * An open trace stream. Memory use is independent of the file's size: the header chunk (which
 * holds the image) is kept, everything else is read on demand.
 */
export class TraceFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly header: HeaderChunk;
  private fd: number;

  private constructor(readonly path: string, fd: number) {
    this.fd = fd;
    const st = fstatSync(fd);
    this.size = st.size;
    this.mtimeMs = st.mtimeMs;
    const magic = Buffer.alloc(TRACE_MAGIC.length);
    if (this.size < magic.length || readSync(fd, magic, 0, magic.length, 0) !== magic.length || magic.toString('latin1') !== TRACE_MAGIC) {
      throw new TraceError(path, 0, 'not a seltrace trace (wrong magic)');
    }
    const r = this.tryChunkAt(TRACE_MAGIC.length);
    if ('problem' in r) throw new TraceError(path, TRACE_MAGIC.length, `header chunk unreadable: ${r.problem}`);
    if (r.chunk.t !== 'header') throw new TraceError(path, TRACE_MAGIC.length, 'trace has no header chunk');
    this.header = r.chunk;
  }

  /** Open a trace; throws TraceError when it is not one (or not even its header is readable). */
  static open(path: string): TraceFile {
    let fd: number;
    try { fd = openSync(path, 'r'); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TraceError(path, 0, code === 'ENOENT' ? 'no such trace file' : `cannot read (${code ?? 'error'})`);
    }
    try { return new TraceFile(path, fd); } catch (e) { closeSync(fd); throw e; }
  }

  close(): void {
    if (this.fd >= 0) { closeSync(this.fd); this.fd = -1; }
  }

  private read(pos: number, len: number): Buffer {
    const b = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, b, got, len - got, pos + got);
      if (n === 0) break;
      got += n;
    }
    return got === len ? b : b.subarray(0, got);
  }

  /** The chunk at a known offset (from the index); throws TraceError if it is not a good chunk. */
  chunkAt(offset: number): Chunk {
    const r = this.tryChunkAt(offset);
    if ('problem' in r) throw new TraceError(this.path, offset, r.problem);
    return r.chunk;
  }

  private tryChunkAt(off: number): { chunk: Chunk; next: number } | { problem: string } {
    if (!Number.isSafeInteger(off) || off < 0 || off + CHUNK_HEADER > this.size) return { problem: 'truncated chunk header' };
    const head = this.read(off, CHUNK_HEADER);
    const len = head.readUInt32LE(4);
    const problem = headProblem(head, 0, len, this.size - off - CHUNK_HEADER);
    if (problem !== null) return { problem };
    return decodeChunk(this.read(off + CHUNK_HEADER, len), head.readUInt32LE(8), off + CHUNK_HEADER + len);
  }

  /**
   * Every chunk from `from` on (the header first by default), in order, through a bounded
   * window. A damaged stretch is reported once as a hole; reading resumes at the next good chunk.
   */
  *scan(from = TRACE_MAGIC.length): Generator<ScanItem> {
    let winPos = from, win = this.read(from, Math.min(WINDOW, this.size - from));
    /** The bytes [pos, pos+len), from the window when it holds them. */
    const bytes = (pos: number, len: number): Buffer => {
      if (pos >= winPos && pos + len <= winPos + win.length) return win.subarray(pos - winPos, pos - winPos + len);
      if (len > WINDOW / 2) return this.read(pos, len);
      winPos = pos; win = this.read(pos, Math.min(WINDOW, this.size - pos));
      return win.subarray(0, Math.min(len, win.length));
    };
    const at = (off: number): { chunk: Chunk; next: number } | { problem: string } => {
      if (off + CHUNK_HEADER > this.size) return { problem: 'truncated chunk header' };
      const head = bytes(off, CHUNK_HEADER);
      const len = head.readUInt32LE(4);
      const problem = headProblem(head, 0, len, this.size - off - CHUNK_HEADER);
      if (problem !== null) return { problem };
      const crc = head.readUInt32LE(8);
      return decodeChunk(bytes(off + CHUNK_HEADER, len), crc, off + CHUNK_HEADER + len);
    };
    let off = from;
    while (off < this.size) {
      const r = at(off);
      if (!('problem' in r)) { yield { offset: off, chunk: r.chunk }; off = r.next; continue; }
      // Resynchronise: the next offset holding the chunk magic and a whole, checksummed chunk.
      let next = this.size;
      for (let p = this.findMagic(off + 1, bytes); p >= 0; p = this.findMagic(p + 1, bytes)) {
        if (!('problem' in at(p))) { next = p; break; }
      }
      yield { hole: { offset: off, end: next, problem: r.problem } };
      off = next;
    }
  }

  /** First offset ≥ pos where the chunk magic starts, or -1. */
  private findMagic(pos: number, bytes: (pos: number, len: number) => Buffer): number {
    const m = Buffer.alloc(4);
    m.writeUInt32LE(CHUNK_MAGIC, 0);
    for (let p = pos; p + 4 <= this.size;) {
      const n = Math.min(WINDOW / 4, this.size - p);
      const b = bytes(p, n);
      const i = b.indexOf(m);
      if (i >= 0) return p + i;
      if (n < WINDOW / 4) return -1;
      p += n - 3;
    }
    return -1;
  }
}

function headProblem(head: Uint8Array, at: number, len: number, left: number): string | null {
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (dv.getUint32(at, true) !== CHUNK_MAGIC) return 'bad chunk magic';
  if (len > MAX_CHUNK) return `implausible chunk length ${len}`;
  if (len > left) return `truncated chunk (needs ${len} bytes, ${left} left)`;
  return null;
}

function decodeChunk(payload: Uint8Array, crc: number, next: number): { chunk: Chunk; next: number } | { problem: string } {
  if (crc32(payload) !== crc) return { problem: 'chunk checksum mismatch (corrupted data)' };
  let chunk: unknown;
  try { chunk = unpack(payload); } catch { return { problem: 'chunk payload is not valid msgpack' }; }
  const problem = chunkProblem(chunk);
  return problem !== null ? { problem } : { chunk: chunk as Chunk, next };
}

/** Blocks in each events chunk the reader has validated (counted once, reused by summaries). */
const blockCounts = new WeakMap<object, number>();

/** Number of straight-line blocks of an events chunk (cached from validation when it was read). */
export function blockCount(c: EventsChunk): number {
  const n = blockCounts.get(c);
  if (n !== undefined) return n;
  let k = 0;
  decodeBlocks(c.blocks, () => { k++; });
  return k;
}

const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

/**
 * Structural check of a decoded chunk: a chunk that passes its checksum was still written by
 * someone, and nothing downstream should have to distrust its fields.
 */
function chunkProblem(c: unknown): string | null {
  if (typeof c !== 'object' || c === null || typeof (c as { t?: unknown }).t !== 'string') return 'chunk payload has no type';
  const o = c as Record<string, unknown>;
  switch (o.t) {
    case 'header': {
      const cfg = o.config as Record<string, unknown> | null;
      if (!isNat(o.version)) return 'corrupt header: version';
      if (o.version !== TRACE_FORMAT_VERSION) return null; // another format: checkVersion says so
      if (typeof o.imageName !== 'string' || typeof o.imageHash !== 'string' || !isBytes(o.image)) return 'corrupt header: image';
      if (o.input !== null && !isBytes(o.input)) return 'corrupt header: input';
      if (typeof cfg !== 'object' || cfg === null) return 'corrupt header: no machine config';
      if (!isNat(cfg.ramSize) || cfg.ramSize > MAX_RAM || cfg.ramSize % 4096 !== 0 || cfg.ramSize === 0) return `corrupt header: ramSize ${String(cfg.ramSize)} (at most ${MAX_RAM}, a multiple of 4096)`;
      if (!isNat(cfg.ramBase) || cfg.ramBase < MIN_RAM_BASE || cfg.ramBase % 4096 !== 0 || cfg.ramBase + Number(cfg.ramSize) > 2 ** 39) return `corrupt header: ramBase ${String(cfg.ramBase)}`;
      if (!isNat(cfg.cyclesPerTick) || cfg.cyclesPerTick < 1) return `corrupt header: cyclesPerTick ${String(cfg.cyclesPerTick)}`;
      if (!isNat(cfg.batchCap) || cfg.batchCap < 1) return `corrupt header: batchCap ${String(cfg.batchCap)}`;
      if (cfg.imageKind !== 'bare' && cfg.imageKind !== 'system') return 'corrupt header: imageKind';
      if (!isNat(cfg.snapshotVersion)) return 'corrupt header: snapshotVersion';
      if (cfg.firmware !== undefined && !isBytes(cfg.firmware)) return 'corrupt header: firmware';
      // Symbol addresses are canonical signed (emulator/addr.ts): a kernel at 0xffffffff80200000 is negative.
      if (!Array.isArray(o.symbols) || !o.symbols.every((s) => Array.isArray(s) && typeof s[0] === 'string' && Number.isSafeInteger(s[1]) && isNat(s[2]))) return 'corrupt header: symbols';
      return null;
    }
    case 'ev':
      if (!isNat(o.cycle0) || !isNat(o.instret0) || !isNat(o.instructions) || !isBytes(o.blocks) || !Array.isArray(o.events)) return 'corrupt events chunk';
      // Inflate the block stream, bounded (a record is at most 20 bytes and covers >= 1 instruction).
      let raw: Uint8Array;
      try { raw = inflateRawSync(o.blocks, { maxOutputLength: Math.min(MAX_CHUNK, o.instructions * 20 + 64) }); } catch { return 'corrupt events chunk: block stream'; }
      o.blocks = raw;
      for (const e of o.events) {
        if (!Array.isArray(e) || !isNat(e[1]) || !isNat(e[2])) return 'corrupt events chunk: malformed event';
        try { decodeEvent(e); } catch (err) { return `corrupt events chunk: ${(err as Error).message}`; }
      }
      {
        // Bounded walk: a forged repeat count must not spin (a real block retires ≥ 1 instruction).
        const total = o.instructions, cap = total + raw.length;
        let n = 0, blocks = 0;
        try {
          decodeBlocks(raw, (_s, len) => { n += len; if (++blocks > cap || n > total) throw new Error('overrun'); });
        } catch { return 'corrupt events chunk: block stream'; }
        if (n !== o.instructions) return 'corrupt events chunk: block stream does not add up';
        blockCounts.set(o, blocks);
      }
      return null;
    case 'ckpt':
      if (!isNat(o.index) || !isNat(o.cycle) || !isNat(o.instret) || typeof o.key !== 'boolean' || !isBytes(o.machine) || (o.kernel !== null && !isBytes(o.kernel))) return 'corrupt checkpoint chunk';
      return null;
    case 'end':
      if (typeof o.stop !== 'string' || typeof o.code !== 'number' || typeof o.reason !== 'string' || !isNat(o.cycles) || !isNat(o.instret)) return 'corrupt end chunk';
      return null;
    default:
      return `unknown chunk type '${String(o.t)}'`;
  }
}

export interface TraceContents {
  header: HeaderChunk;
  chunks: ChunkAt[];
  /** The first hole (damage or truncation), if any. */
  damage: { offset: number; problem: string } | null;
  /** Every hole, in order (a truncated tail is the last). */
  holes: Hole[];
  /** Whether the stream ends with an end chunk and has no hole (a complete recording). */
  complete: boolean;
  size: number;
}

/** Check the header's format version (the reader of any other version would misread it). */
export function checkVersion(f: TraceFile): void {
  if (f.header.version !== TRACE_FORMAT_VERSION) {
    throw new TraceError(f.path, TRACE_MAGIC.length, `trace format version ${f.header.version} is not supported (this seltrace reads version ${TRACE_FORMAT_VERSION})`);
  }
}

/**
 * Read all chunks of a (small) trace into memory: tests and tools on short recordings.
 * Everything else scans a TraceFile. Throws TraceError only when not even the header is readable.
 */
export function readTrace(path: string): TraceContents {
  const f = TraceFile.open(path);
  try {
    checkVersion(f);
    const chunks: ChunkAt[] = [];
    const holes: Hole[] = [];
    for (const it of f.scan()) {
      if (it.hole !== undefined) holes.push(it.hole); else chunks.push({ offset: it.offset, chunk: it.chunk });
    }
    const last = chunks[chunks.length - 1].chunk;
    return { header: f.header, chunks, damage: holes[0] ?? null, holes, complete: holes.length === 0 && last.t === 'end', size: f.size };
  } finally { f.close(); }
}

/** Read the single chunk at a known offset (used by replay with offsets from the index). */
export function readChunk(path: string, src: Uint8Array | TraceFile, offset: number): Chunk {
  if (src instanceof TraceFile) return src.chunkAt(offset);
  if (offset + CHUNK_HEADER > src.length) throw new TraceError(path, offset, 'truncated chunk header');
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const len = dv.getUint32(offset + 4, true);
  const problem = headProblem(src, offset, len, src.length - offset - CHUNK_HEADER);
  if (problem !== null) throw new TraceError(path, offset, problem);
  const r = decodeChunk(src.subarray(offset + CHUNK_HEADER, offset + CHUNK_HEADER + len), dv.getUint32(offset + 8, true), 0);
  if ('problem' in r) throw new TraceError(path, offset, r.problem);
  return r.chunk;
}

