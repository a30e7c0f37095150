/**
 * `seltrace record`: runs a booted machine with observers attached and writes the trace
 * stream (blocks, events, checkpoints) plus its SQLite index, in one pass.
 *
 * The emulator knows nothing of this module: blocks come from the CPU's per-batch block
 * records, events through the observer hooks (emulator/observer.ts, Cpu.onTrap, Uart.onByte).
 */
import { createHash } from 'node:crypto';
import type { Machine, StopReason } from '../emulator/machine.js';
import { u64Text } from '../emulator/addr.js';
import { BLOCK_RING, BLOCK_RING_MAX } from '../emulator/cpu/cpu.js';
import type { BootedKernel } from '../emulator/kernel-api.js';
import type { KernelObserver } from '../emulator/observer.js';
import { captureCheckpoint, checkpointBytes, checkpointChunk, checkpointVersions, type CheckpointCapture } from './checkpoint.js';
import { Deflater } from './deflater.js';
import { expectTransfers } from './helper-thread.js';
import { BlockEncoder } from './block-codec.js';
import { encodeEvent, TRACE_FORMAT_VERSION, type EncodedEvent, type EventKind, type EventPayloads } from './schema.js';
import { deflateBound, encodeChunk, encodeEventsChunk, eventsChunkBound, pack, TraceWriter, type Chunk, type EventsChunk, type HeaderChunk } from './trace-stream.js';
import { IndexThread, type IndexThreadMode } from './index-thread.js';
import { SummaryBuilder, summaryFacts } from './trace-summary.js';
import { streamStamp } from './reindex.js';
import { statSync } from 'node:fs';

export interface RecordTarget {
  machine: Machine;
  kernel: BootedKernel | null;
  imageName: string;
  image: Uint8Array;
  imageKind: 'bare' | 'system';
  input: Uint8Array | null;
  symbols: [string, number, number][];
  /** The firmware the image was booted behind (`--bios`), kept in the trace for replay. */
  firmware?: Uint8Array | null;
  /** Another source of kernel events, e.g. a probe of a real seL4 kernel (emulator/sel4-probe.ts). */
  probe?: { attachObserver(o: KernelObserver | undefined): void };
}

export interface RecordOptions {
  streamPath: string;
  indexPath: string;
  maxCycles: number;
  /**
   * Initial checkpoint interval in work: retired instructions, plus KERNEL_ENTRY_WORK per kernel
   * entry of the model (adapted as the trace grows); idle cycles are free but bounded.
   */
  checkpointEvery?: number;
  /** Called between batches with live figures (for a progress line). */
  onProgress?: (p: { cycles: number; instret: number; bytes: number }) => void;
  /** Stop once the stream reaches this many bytes (the trace stays complete up to there). */
  maxBytes?: number;
  /** Polled between batches: true ends the recording cleanly (an interrupt). */
  shouldStop?: () => boolean;
  /**
   * Deflate checkpoints on a helper thread: 'auto' (default) once the recording is long enough
   * to pay for starting one, 'always', or 'never'. The trace is the same bytes in every case.
   */
  deflateThread?: 'auto' | 'always' | 'never';
  /** Build the index on a helper thread (tracer/index-thread.ts); the index is the same either way. */
  indexThread?: IndexThreadMode;
  /**
   * Nice value of the deflate helper (tracer/thread-priority.ts): the CLI runs it in the
   * background of the recording thread (the ring lets it lag). Not the index helper: on a system
   * recording it has as much to do as the recording thread and the end waits for it (at nice 10,
   * control-loop 300M cycles took 11 % longer). Default: unchanged.
   */
  helperNice?: number;
}

export interface RecordResult {
  stop: StopReason;
  /** Set when the recording, not the guest, ended the run. */
  limit: 'trace-size' | 'interrupted' | null;
  cycles: number;
  instret: number;
  bytes: number;
  events: number;
  checkpoints: number;
  checkpointBytes: number;
  /** Work done on the helper threads: chunks whose block records were encoded there, other deflate jobs, whether the index thread was started. */
  offThread: { recordsJobs: number; deflateJobs: number; index: boolean };
}

/**
 * An events chunk closes after the batch that brings it to CHUNK_RECORDS block records (about
 * 80 KB of block stream on ordinary code, ≈ 20 KB deflated, 1.5M instructions), or to
 * CHUNK_EVENTS events, or at a checkpoint. Counted in records, not encoded bytes: the records
 * are encoded on the helper thread once it runs, and the boundaries must not depend on where.
 * (At 65,536 records a chunk's fixed work — a helper job and its wake-up, a result message, its
 * chunk and index row — was paid 550 times on 230M instructions of ordinary code; a reader
 * decodes a whole chunk in a few ms either way.)
 *
 * A chunk's records stay in the CPU's block-record ring (BLOCK_RING_MAX records while
 * recording) until they are encoded: the chunk being filled (at most CHUNK_RECORDS - 1 plus a
 * batch of BATCH_CAP), those on the helper and those waiting for it to start (they are ready
 * to go to it within tens of ms), which the next batch must not reach (guardRing).
 */
const CHUNK_RECORDS = 1 << 18;
const CHUNK_EVENTS = 4096;
/**
 * Chunks whose records may wait in the ring for the helper (on it, or until it runs); a chunk
 * beyond them is encoded in place. Four ordinary chunks and a batch fit in the ring with room to
 * spare; only a chunk of many very short blocks could make the next batch wait (guardRing).
 */
const RING_JOBS_MAX = 4;
/** Chunks closed in place after the helper was started, at most, before its start is given up on (a helper that never runs does not hold chunks back). */
const START_PATIENCE = 32;
/**
 * Instructions per batch at most (Machine.batchCap; in the trace header): a batch writes at most
 * this many block records. Between batches the recorder does its bookkeeping, so larger batches
 * cost less (a batch boundary leaves translated code and goes round the machine's loop), but
 * the ring must hold them.
 */
const BATCH_CAP = 1 << 18;
if (2 * (CHUNK_RECORDS - 1 + BATCH_CAP) + BATCH_CAP >= BLOCK_RING_MAX) throw new Error('recorder: the block ring cannot hold a chunk in flight, the next and a batch');
/** Most raw block-stream bytes one record can take (tracer/block-codec.ts: a count, a length and a start delta). */
const RECORD_BYTES_MAX = 14;
/** pack([]): an events chunk without events (most of them on bare programs). */
const NO_EVENTS = pack([]);
const NO_BLOCKS = new Uint8Array(0);
const KEYFRAME_EVERY = 8;
/**
 * Checkpoints are spaced by work, not by cycles: what a seek re-executes from one costs host
 * time per retired instruction and per kernel entry of the model (tens of µs each), while idle
 * cycles (WFI, an idle kernel) are skipped at no cost. A mostly idle system recording thus gets
 * a checkpoint per DEFAULT_CHECKPOINT_EVERY units of work, not one every 500k idle cycles — yet
 * at least one every IDLE_SPAN intervals of cycles. A bare program that never waits retires one
 * instruction per cycle: its checkpoints stay where cycles put them.
 */
export const DEFAULT_CHECKPOINT_EVERY = 500_000;
/** Work one kernel entry of the model stands for, in retired instructions (its host cost in the model ≈ 1000 instructions' emulation). */
export const KERNEL_ENTRY_WORK = 1000;
/** Cycles between checkpoints are at most IDLE_SPAN × the interval. */
const IDLE_SPAN = 16;
/**
 * 'auto' starts the deflate thread once this many bytes (checkpoints, block streams) were
 * deflated in place (starting the helper costs about as much CPU as deflating a few MB, on the
 * other core: a system recording's checkpoints reach this within its first few million cycles),
 * or once THREAD_AFTER_RECORDS block records were seen — in practice after the first batch of
 * any program that is not tiny: the helper then runs (20 ms of CPU, 35 ms after its start) well
 * before the first chunk closes. Started later (after 65,536 records), it was not running yet
 * when the sixth checkpoint needed the first chunks written, and the recording thread encoded
 * one chunk itself, in code V8 had not optimised yet (~20 ms on ordinary-mixed).
 */
const THREAD_AFTER_BYTES = 1 << 20;
const THREAD_AFTER_RECORDS = 1 << 12;

export function record(t: RecordTarget, o: RecordOptions): RecordResult {
  expectTransfers(); // before anything runs: the deflate and index helpers get moved buffers
  const m = t.machine;
  const cpu = m.cpu;
  m.batchCap = BATCH_CAP;
  cpu.setBlockRing(BLOCK_RING_MAX);
  const ring = cpu.blocks.subarray(0, BLOCK_RING_MAX * 2), RING_MASK = ring.length - 1;
  const writer = new TraceWriter(o.streamPath);
  const index = new IndexThread(o.indexPath, o.indexThread ?? 'auto');
  /** Encodes the block records of a chunk in place (until the helper thread runs; once it does, it reads them in the ring). */
  const enc = new BlockEncoder();
  /** The current chunk's block records: `chunkFloats` float64s (two a record) of the ring from `chunkStart` (modulo its length). */
  let chunkStart = cpu.blockEnd, chunkFloats = 0;
  /** Block records in the recording so far ('auto' starts the helper after THREAD_AFTER_RECORDS). */
  let allRecords = 0;
  /**
   * Chunks whose records wait in the ring, oldest first: on the helper (`job` ≥ 0) or for it to
   * start (-1). The hart must not come round to them.
   */
  const inRing: { q: QueuedEv; start: number; floats: number }[] = [];
  /** Chunks closed since the helper was started while it did not run yet. */
  let closedWhileStarting = 0;
  const summary = new SummaryBuilder();
  let events: EncodedEvent[] = [];
  let totalEvents = 0;
  let chunkCycle0 = cpu.cycle, chunkInstret0 = cpu.instret;

  const push = <K extends EventKind>(kind: K, e: EventPayloads[K]): void => {
    events.push(encodeEvent(kind, cpu.instret, e));
  };
  /** Kernel entries of the model so far (a real kernel's entries are instructions: counted as such). */
  let modelEntries = 0;
  const work = (): number => cpu.instret + modelEntries * KERNEL_ENTRY_WORK;

  // ---- observers
  m.uart.onByte = (byte, cycle) => push('uart', { cycle, byte });
  m.semihost.onByte = (byte) => push('uart', { cycle: cpu.cycle, byte }); // semihosting console writes are console output too
  cpu.onTrap = (cause, interrupt, pc, lo, hi, priv) => {
    if (cpu.hostTrap !== null && priv === 0) return; // the kernel model reports these itself
    push('trap', { cycle: cpu.cycle, cause, interrupt, pc, tval: u64Text(lo, hi), priv });
  };
  const observer: KernelObserver = {
    onSyscall: (e) => push('syscall', e), onCapOp: (e) => push('capop', e), onSchedule: (e) => push('schedule', e),
    onThreadState: (e) => push('thread_state', e), onIpc: (e) => push('ipc', e), onSignal: (e) => push('signal', e),
    onIrq: (e) => push('irq', e), onFault: (e) => push('fault', e), onBudget: (e) => push('budget', e),
    onObject: (e) => push('object', e), onKernelEntry: (e) => push('kernel', e),
  };
  if (t.kernel !== null) t.kernel.attachObserver({ ...observer, onKernelEntry: (e) => { modelEntries++; push('kernel', e); } });
  t.probe?.attachObserver(observer);

  // ---- header
  const header: HeaderChunk = {
    t: 'header', version: TRACE_FORMAT_VERSION, imageName: t.imageName,
    imageHash: createHash('sha256').update(t.image).digest('hex'), image: t.image, input: t.input,
    config: { ramBase: m.bus.ramBase, ramSize: m.bus.ramSize, cyclesPerTick: m.cyclesPerTick, batchCap: m.batchCap, imageKind: t.imageKind, ...checkpointVersions(),
      ...(t.kernel !== null ? { kernel: t.kernel.profile() } : {}), ...(m.semihosting ? { semihosting: true } : {}), ...(t.firmware ? { firmware: t.firmware } : {}) },
    symbols: t.symbols,
  };
  index.add({ offset: writer.write(header), chunk: header });
  index.header(header, o.streamPath);

  // ---- output, in stream order. A checkpoint's or an events chunk's block stream's deflate may
  // still be running on the helper thread (tracer/deflater.ts): chunks after it wait, encoded or
  // not, in `queue` until it is done.
  /** An events chunk; job -1: its records wait in the ring for the helper to start (inRing). */
  type QueuedEv = { ev: EventsChunk; events: Uint8Array; job: number; bound: number; blocks: number };
  type Queued = { chunk: Chunk; bytes: Uint8Array; blocks: number }
    | { cap: CheckpointCapture; job: number; bound: number }
    | QueuedEv;
  const deflater = new Deflater(ring, o.helperNice);
  const queue: Queued[] = [];
  let qHead = 0;
  /** Exact bytes of the encoded chunks in the queue, and an upper bound for its checkpoints. */
  let queuedBytes = 0, pendingBound = 0;
  let ckBytes = 0;
  /** Bytes deflated so far (checkpoints and block streams): 'auto' starts the helper thread after THREAD_AFTER_BYTES. */
  let rawDeflated = 0;
  /** Per checkpoint written: [checkpoint bytes so far, stream bytes] just after it (for adapting). */
  const afterCk: [number, number][] = [];
  const emit = (chunk: Chunk, bytes: Uint8Array, blocks?: number, packedEvents?: Uint8Array): void => {
    index.add({ offset: writer.writeEncoded(bytes), chunk }, packedEvents);
    summary.add(chunk, blocks);
  };
  /** Write what is ready at the head of the queue; `block`: wait for pending checkpoints. */
  const pump = (block: boolean): void => {
    while (qHead < queue.length) {
      const q = queue[qHead];
      if ('ev' in q) {
        if (q.job < 0) {
          if (!block) return;
          offerToHelper();
          if (q.job < 0) encodeWaiting(); // (the helper does not run yet)
        }
        const r = block ? deflater.wait(q.job) : deflater.take(q.job);
        if (r === undefined) return;
        if (r.instructions !== undefined) q.ev.instructions = r.instructions; // encoded on the helper
        emit(q.ev, encodeEventsChunk(q.ev, r.out[0]!, q.events), q.blocks, q.events);
        pendingBound -= q.bound;
      } else if ('cap' in q) {
        const r = block ? deflater.wait(q.job) : deflater.take(q.job);
        if (r === undefined) return;
        const chunk = checkpointChunk(q.cap, r.out[0]!, r.out[1]);
        emit(chunk, encodeChunk(chunk));
        pendingBound -= q.bound;
        ckBytes += checkpointBytes(chunk);
        afterCk[q.cap.index] = [ckBytes, writer.bytes];
      } else {
        emit(q.chunk, q.bytes, q.blocks);
        queuedBytes -= q.bytes.length;
      }
      queue[qHead++] = undefined as unknown as Queued;
    }
    queue.length = 0; qHead = 0;
  };
  const put = (chunk: Chunk, blocks?: number): void => {
    const bytes = encodeChunk(chunk);
    if (qHead === queue.length) { emit(chunk, bytes, blocks); return; }
    queue.push({ chunk, bytes, blocks: blocks ?? 0 });
    queuedBytes += bytes.length;
  };
  /** Stream bytes once everything queued is written (exact when no checkpoint is pending). */
  const streamBytes = (): number => writer.bytes + queuedBytes;

  /**
   * Close the events chunk so far. Its block stream is deflated like a checkpoint — encoded and
   * deflated on the helper thread once it runs; its events are packed now, so the chunk's size is
   * bounded (exactly once the helper's part is back).
   */
  const flushEvents = (): void => {
    const chunkRecords = chunkFloats >>> 1;
    if (chunkRecords === 0 && events.length === 0) return;
    // `instructions` is known once the block stream is encoded (here, or on the helper).
    const chunk: EventsChunk = { t: 'ev', cycle0: chunkCycle0, instret0: chunkInstret0, instructions: 0, blocks: NO_BLOCKS, events };
    totalEvents += events.length;
    const packed = events.length === 0 ? NO_EVENTS : pack(events);
    const q: QueuedEv = { ev: chunk, events: packed, job: -1, bound: 0, blocks: chunkRecords };
    // Records go to the helper, read in the ring (or wait there for it while it starts). A
    // helper that lags (a loaded machine) gets no more: this thread encodes the chunk rather than
    // wait for ring space later. The bytes are the same either way.
    offerToHelper();
    const starting = deflater.recordsStarting && closedWhileStarting < START_PATIENCE;
    if (deflater.recordsStarting) closedWhileStarting++;
    if ((deflater.recordsReady || starting) && inRing.length < RING_JOBS_MAX) {
      if (deflater.recordsReady) q.job = deflater.submitRecords(chunkStart, chunkFloats);
      inRing.push({ q, start: chunkStart, floats: chunkFloats });
      q.bound = eventsChunkBound(chunkRecords * RECORD_BYTES_MAX + 10, packed.length);
    } else {
      if (!starting) encodeWaiting();
      encodeInPlace(q, chunkStart, chunkFloats);
    }
    queue.push(q);
    pendingBound += q.bound;
    pump(false);
    events = [];
    chunkStart = (chunkStart + chunkFloats) & RING_MASK; chunkFloats = 0;
    chunkCycle0 = cpu.cycle; chunkInstret0 = cpu.instret;
  };
  /** Encode a chunk's records here (its bound is then exact); its block stream is deflated like a checkpoint's parts. */
  const encodeInPlace = (q: QueuedEv, start: number, floats: number): void => {
    enc.addRing(ring, start, floats);
    const b = enc.takeChunk();
    q.ev.instructions = b.instructions;
    rawDeflated += b.bytes.length;
    const bound = eventsChunkBound(b.bytes.length, q.events.length);
    if (q.bound !== 0) pendingBound += bound - q.bound; // (queued already)
    q.bound = bound;
    q.job = deflater.submit([b.bytes]);
  };
  /** Chunks waiting in the ring for a helper that does not run: encoded here, in order. */
  const encodeWaiting = (): void => {
    for (let i = 0; i < inRing.length; i++) {
      const r = inRing[i];
      if (r.q.job < 0) { encodeInPlace(r.q, r.start, r.floats); inRing.splice(i--, 1); }
    }
  };
  /** Forget chunks the helper is done with; hand it those that waited for it, once it runs. */
  const offerToHelper = (): void => {
    while (inRing.length > 0 && inRing[0].q.job >= 0 && deflater.finished(inRing[0].q.job)) inRing.shift();
    if (!deflater.recordsReady) return;
    for (const r of inRing) if (r.q.job < 0) r.q.job = deflater.submitRecords(r.start, r.floats);
  };
  /**
   * Before the next batch: it writes at most batchCap records from the ring's write point, which
   * must not reach records still to be read (a chunk of very short blocks may make it wait).
   */
  const guardRing = (): void => {
    while (inRing.length > 0 && ((cpu.blockEnd - inRing[0].start) & RING_MASK) + 2 * m.batchCap >= ring.length) {
      const r = inRing.shift()!;
      if (r.q.job < 0) encodeInPlace(r.q, r.start, r.floats); // (chunks encode independently: order does not matter)
      else deflater.waitFor(r.q.job);
    }
  };

  // ---- checkpoints
  const threads = o.deflateThread ?? 'auto';
  if (threads === 'always') deflater.start(true);
  let every = o.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
  // 0 never adapts (doubling 0 is 0): a checkpoint every batch (the CLI says so as a user error).
  if (!(every >= 1)) throw new RangeError(`record: checkpointEvery must be at least 1 (got ${every})`);
  let ckIndex = 0;
  /** The next checkpoint is due at this much work, or at this cycle (an idle stretch), whichever comes first. */
  let nextWork = 0, nextCycle = 0;
  /** The last checkpoint's index and cycle while the interval after it is not settled yet. */
  let unsettled: { index: number; cycle: number; work: number } | null = null;
  /** The checkpoint after which the interval last doubled. */
  let lastDoubled = -1;
  const due = (after: { cycle: number; work: number }): void => {
    nextWork = after.work + every;
    nextCycle = after.cycle + every * IDLE_SPAN;
  };
  const checkpoint = (): void => {
    flushEvents();
    const cap = captureCheckpoint(m, t.kernel, ckIndex, ckIndex % KEYFRAME_EVERY === 0);
    rawDeflated += cap.machine.length + (cap.kernel?.length ?? 0);
    const job = deflater.submit([cap.machine, cap.kernel]);
    const bound = deflateBound(cap.machine.length) + (cap.kernel !== null ? deflateBound(cap.kernel.length) : 0) + 256;
    queue.push({ cap, job, bound });
    pendingBound += bound;
    pump(false);
    unsettled = { index: ckIndex, cycle: cpu.cycle, work: work() };
    ckIndex++;
    due(unsettled); // at the earliest: settle() may push it further out
  };
  /**
   * Adapt the interval after checkpoint `unsettled` to keep checkpoints under about half of the
   * trace, from the sizes just after the checkpoint three before it was written — the same
   * decision whether or not the deflates ran on the helper thread. That checkpoint is four
   * intervals back: its sizes are known by now unless the helper lags that far (then they are
   * waited for). With the sizes after `unsettled` itself, one interval back, the recording
   * thread waited at 10–20 checkpoints of 230M instructions of ordinary code (30–70 ms) for
   * block streams still on the helper — early on, when intervals are short and the helper starts.
   * A doubling shows in the sizes only after the checkpoints it spaced out: until then, no other.
   */
  const settle = (): void => {
    if (unsettled === null) return;
    const u = unsettled, k = u.index - 3;
    if (k + 1 >= 4 && k > lastDoubled && every < 64_000_000) {
      if (afterCk[k] === undefined) pump(true);
      const [ckb, bytes] = afterCk[k];
      if (ckb > bytes / 2) { every *= 2; lastDoubled = u.index; }
    }
    due(u);
    unsettled = null;
  };
  checkpoint();

  let limit: RecordResult['limit'] = null;
  let running = true;
  let seenBatch = cpu.batchSeq;
  const onBatch = (): void => {
    if (cpu.batchSeq !== seenBatch) {
      seenBatch = cpu.batchSeq;
      // The batch's records stay where the hart wrote them, after the chunk's earlier ones.
      const floats = (cpu.blockEnd - chunkStart) & RING_MASK;
      allRecords += (floats - chunkFloats) >>> 1;
      chunkFloats = floats;
    }
    if (threads === 'auto' && (rawDeflated >= THREAD_AFTER_BYTES || allRecords >= THREAD_AFTER_RECORDS)) deflater.start();
    if (chunkFloats >>> 1 >= CHUNK_RECORDS || events.length >= CHUNK_EVENTS) flushEvents();
    if (work() >= nextWork || cpu.cycle >= nextCycle) { settle(); if (work() >= nextWork || cpu.cycle >= nextCycle) checkpoint(); }
    if (inRing.length > 0 && inRing[inRing.length - 1].q.job < 0) offerToHelper(); // (those waiting are the last)
    if (qHead < queue.length) pump(false);
    guardRing();
    if (o.onProgress !== undefined) o.onProgress({ cycles: cpu.cycle, instret: cpu.instret, bytes: streamBytes() + pendingBound });
    if (!running || limit !== null) return;
    // Exact as if every chunk were written already: wait for pending checkpoints when they could matter.
    if (o.maxBytes !== undefined && pendingBound > 0 && streamBytes() + pendingBound >= o.maxBytes) pump(true);
    if (o.maxBytes !== undefined && streamBytes() >= o.maxBytes) limit = 'trace-size';
    else if (o.shouldStop?.() === true) limit = 'interrupted';
    if (limit !== null) m.requestExit({ kind: 'cycle-limit' });
  };
  const stop = m.run(o.maxCycles, onBatch);
  running = false;
  onBatch();
  const code = stop.kind === 'exit' ? stop.code : 0;
  const reason = limit === 'trace-size' ? `trace size budget of ${o.maxBytes} bytes reached` : limit === 'interrupted' ? 'recording interrupted'
    : stop.kind === 'halt' ? stop.reason
    : stop.kind === 'trap-storm' ? `cause ${stop.cause} at pc 0x${stop.pc.toString(16)}, tval 0x${BigInt(stop.tval).toString(16)}, ${stop.count} times in a row` : '';
  const stopKind = limit ?? stop.kind;
  push('exit', { cycle: cpu.cycle, stop: stopKind, code, reason });
  flushEvents();
  const end = { t: 'end' as const, stop: stopKind, code, reason, cycles: cpu.cycle, instret: cpu.instret };
  put(end);
  pump(true);
  const offThread = { ...deflater.jobsPosted, index: index.threaded };
  deflater.close();
  writer.close();
  index.finish({ ...summaryFacts(summary.finish(writer.bytes)), ...streamStamp(statSync(o.streamPath)) });
  m.uart.onByte = undefined;
  m.semihost.onByte = undefined;
  cpu.onTrap = null;
  cpu.setBlockRing(BLOCK_RING);
  if (t.kernel !== null) t.kernel.attachObserver(undefined);
  t.probe?.attachObserver(undefined);
  return { stop, limit, cycles: cpu.cycle, instret: cpu.instret, bytes: writer.bytes, events: totalEvents, checkpoints: ckIndex, checkpointBytes: ckBytes, offThread };
}
