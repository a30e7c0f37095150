/**
 * Raw deflate of checkpoint payloads and block streams, off the recording thread.
 *
 * Checkpoints are the recorder's largest single cost (a keyframe is every page that may be
 * non-zero), and their compression does not depend on anything the emulator does next, so a
 * helper thread (tracer/deflate-worker.ts) deflates while the hart runs on — rr compresses its
 * trace in separate threads too. It also encodes block streams: a `records` job is a chunk's
 * block records, read by the helper where the hart wrote them — in the CPU's block-record ring,
 * which lives in shared memory — then encoded (tracer/block-codec.ts) and deflated: the
 * recording thread neither copies nor encodes them. The output is a deterministic function of
 * the input (the same encoder, zlib at a fixed level), whichever thread runs it.
 *
 * Jobs complete in submission order. `poll()` never blocks; `wait(id)` blocks until job `id` is
 * done. Without a helper (not started yet, or unavailable) jobs are done on the spot.
 *
 * Jobs are announced in a queue in shared memory (`JobQueue`), not by postMessage: posting to a
 * worker that is busy deflating took 0.5 ms median (2 ms p90) on this 2-core machine under
 * load — 300 ms of a 2.5 s recording — while a store and an Atomics.notify cost microseconds.
 * Only a `parts` job's buffers still travel by message, posted before the job is announced; the
 * helper takes them with receiveMessageOnPort when it reaches the job.
 */
import { deflateRawSync } from 'node:zlib';
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startHelperThread, stopHelperThread } from './helper-thread.js';
import { threadScript } from './thread-script.js';

export const DEFLATE_LEVEL = 1;

/** The compiled helper; threadScript takes its bundle while fresh (neither exists when running from TypeScript sources, e.g. under vitest: then jobs run in place). */
const WORKER_URL = new URL('./deflate-worker.js', import.meta.url);

/** How long start(true) waits for the helper to run. */
const START_WAIT_MS = 20_000;

/** Job queue capacity (entries): records jobs are a few (the ring holds a few chunks), parts jobs a few per chunk group. */
export const QUEUE_LEN = 1024;
/** Job queue entry: [kind, id, first float64 of the records in the ring, float64s]. */
export const QUEUE_ENTRY = 4;
export const enum JobKind { PARTS = 1, RECORDS = 2 }
/** Slot of the job queue's control array holding the number of jobs announced. */
export const QUEUE_POSTED = 0;
/**
 * Slot of the job queue's control array: 1 while the helper sleeps (or is about to) on
 * QUEUE_POSTED. The recorder notifies only then (Atomics.notify costs tens of µs
 * on this virtualised machine even when nobody waits). Both sides store their own slot, then
 * load the other's (sequentially consistent), so a wake-up is never lost.
 */
export const QUEUE_SLEEPING = 2;
/** Slot of the job queue's control array: 1 while the recorder waits for a result (the helper then wakes it after each job). */
export const QUEUE_WAITING = 3;
/** Int32 slots of the job queue's control array (slot 1: the helper's short naps). */
export const QUEUE_CTL_SLOTS = 4;
/**
 * Unfinished jobs at which an announcement wakes a sleeping helper; it then does them all in one
 * go. A wake-up is not only the notify: the woken helper may take the recording thread's core
 * for a while (on a loaded 2-core machine, the profile charged 1 ms per announcement of a system
 * recording to it). A job that waits longer is woken for when its result or its slot is needed.
 */
const WAKE_AT = 2;

/** What the helper gets at its start (besides the port and counters). */
export interface DeflateWorkerData {
  level: number;
  /** The CPU's block-record ring (records jobs read it in place): `ringLength` float64s at `ringOffset` bytes of `ring`; null when it is not shared memory. */
  ring: SharedArrayBuffer | null;
  ringOffset: number;
  ringLength: number;
  /** [QUEUE_POSTED] announced jobs (Int32). */
  queueCtl: SharedArrayBuffer;
  /** QUEUE_LEN entries of QUEUE_ENTRY Int32s. */
  queue: SharedArrayBuffer;
}

/** A parts job's buffers, as posted to the helper (the job itself is announced in the queue). */
export interface DeflateParts { id: number; parts: (Uint8Array | null)[] }

/** A finished job: the deflated parts; for a records job, its block stream's instructions too; or why the helper could not do it. */
export interface DeflateReply {
  id: number;
  out: (Uint8Array | null)[];
  instructions?: number;
  error?: string;
}

/** A plain Uint8Array (not a Buffer, which may sit in node's pool) that spans its whole buffer. */
function owns(p: Uint8Array): boolean {
  return !Buffer.isBuffer(p) && p.byteOffset === 0 && p.byteLength === p.buffer.byteLength && !(p.buffer instanceof SharedArrayBuffer);
}

export class Deflater {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  /** [jobs the helper has finished (we wait on it), 1 once the helper is running]. */
  private done: Int32Array | null = null;
  private nextId = 0;
  /** Results taken from the port (the helper counts those it posted in done[0]). */
  private received = 0;
  private results = new Map<number, DeflateReply>();
  /** One more than the highest job id taken: jobs finish in submission order, so every job below it has finished. */
  private takenBelow = 0;
  /** Whether records jobs can go to the helper: the ring given to start() is shared memory. */
  private ringShared = false;
  /** Jobs posted to the helper so far, by kind. */
  readonly jobsPosted = { recordsJobs: 0, deflateJobs: 0 };
  /** The shared job queue: control counters and entries. */
  private queueCtl: Int32Array | null = null;
  private queue: Int32Array | null = null;
  private announced = 0;
  /** Whether start() was called (it starts the helper at most once). */
  private tried = false;

  /**
   * `ring`: the CPU's block-record ring, the memory records jobs read (they can go to the helper
   * only if it is shared memory); `nice`: the helper's priority (thread-priority.ts).
   */
  constructor(private readonly ring: Float64Array, private readonly nice = 0) {}

  /**
   * Start the helper thread (once the recording proves long enough to pay for it). `wait`: until
   * it runs (at most START_WAIT_MS), so that every job goes to it ('always').
   */
  start(wait = false): void {
    if (this.tried) return; // (called between batches until it runs: try once)
    this.tried = true;
    const script = threadScript(WORKER_URL);
    if (script === null) return;
    const queueCtl = new SharedArrayBuffer(QUEUE_CTL_SLOTS * 4), queue = new SharedArrayBuffer(QUEUE_LEN * QUEUE_ENTRY * 4);
    const rb = this.ring.buffer;
    const ring = rb instanceof SharedArrayBuffer ? rb : null;
    const h = startHelperThread(script, { level: DEFLATE_LEVEL, ring, ringOffset: this.ring.byteOffset, ringLength: this.ring.length, queueCtl, queue } satisfies DeflateWorkerData, this.nice);
    if (h === null) return; // no threads here: work in place
    this.worker = h.worker; this.port = h.port; this.done = h.done;
    this.queueCtl = new Int32Array(queueCtl); this.queue = new Int32Array(queue);
    this.ringShared = ring !== null;
    if (wait) Atomics.wait(this.done!, 1, 0, START_WAIT_MS);
  }

  get threaded(): boolean { return this.worker !== null; }

  /** Whether jobs go to the helper now (it has started and runs); until then they are done in place. */
  get ready(): boolean { return this.port !== null && Atomics.load(this.done!, 1) === 1; }

  /**
   * Queue the parts of one job; returns its id. A part that is a view into a larger buffer is
   * copied (the caller may reuse it afterwards); a plain Uint8Array owning its whole buffer is
   * moved to the helper and left detached.
   */
  submit(parts: (Uint8Array | null)[]): number {
    const id = this.nextId++;
    if (!this.ready) {
      this.results.set(id, { id, out: parts.map((p) => p === null ? null : deflateRawSync(p, { level: DEFLATE_LEVEL })) });
      return id;
    }
    // Cloning a view would copy its whole backing buffer (msgpack's, node's pool): move exact
    // copies, or the part itself when it owns its buffer (the caller gave it up).
    const copies = parts.map((p) => p === null ? null : owns(p) ? p : new Uint8Array(p)); // (Buffer#slice would not copy)
    const moved: ArrayBuffer[] = [];
    for (const c of copies) if (c !== null) moved.push(c.buffer as ArrayBuffer);
    this.port!.postMessage({ id, parts: copies } satisfies DeflateParts, moved);
    this.announce(JobKind.PARTS, id, 0, 0);
    this.jobsPosted.deflateJobs++;
    return id;
  }

  /** Whether submitRecords() can be called now: the helper runs and reads the ring where it is. */
  get recordsReady(): boolean { return this.ringShared && this.ready; }

  /** Whether the helper was started to read the ring but does not run yet. */
  get recordsStarting(): boolean { return this.ringShared && this.port !== null && !this.ready; }

  /**
   * Queue the block records at ring[start .. start + n) (float64s, modulo the ring's length) to
   * be encoded (block-codec) and deflated on the helper; returns the job's id. The caller must
   * not let the hart write over them before the job is finished (finished(), waitFor()).
   */
  submitRecords(start: number, n: number): number {
    const id = this.nextId++;
    this.announce(JobKind.RECORDS, id, start, n);
    this.jobsPosted.recordsJobs++;
    return id;
  }

  /** Whether job `id` is finished (its result may have been taken already). Never blocks. */
  finished(id: number): boolean {
    if (id < this.takenBelow) return true;
    this.poll();
    return this.results.has(id);
  }

  /** Put a job in the shared queue and wake the helper if it sleeps (it waits on QUEUE_POSTED). */
  private announce(kind: JobKind, id: number, start: number, n: number): void {
    const ctl = this.queueCtl!, q = this.queue!, done = this.done!;
    // Full (never in practice: a handful of jobs are ever outstanding): wait for the helper.
    while (this.announced - Atomics.load(done, 0) >= QUEUE_LEN) {
      this.kick();
      Atomics.store(ctl, QUEUE_WAITING, 1);
      Atomics.wait(done, 0, Atomics.load(done, 0), 50);
      Atomics.store(ctl, QUEUE_WAITING, 0);
    }
    const e = (this.announced % QUEUE_LEN) * QUEUE_ENTRY;
    q[e] = kind; q[e + 1] = id; q[e + 2] = start; q[e + 3] = n;
    this.announced++;
    Atomics.store(ctl, QUEUE_POSTED, this.announced);
    if (this.announced - Atomics.load(done, 0) >= WAKE_AT) this.kick();
  }

  /** Wake the helper if it sleeps (with jobs announced: it looks at the queue before sleeping). */
  private kick(): void {
    const ctl = this.queueCtl!;
    if (Atomics.load(ctl, QUEUE_SLEEPING) !== 0) Atomics.notify(ctl, QUEUE_POSTED, 1);
  }

  /** Take the finished results that have arrived (never blocks). */
  poll(): void {
    // The recorder polls between batches, thousands of times: ask the port only when the
    // helper's count of finished jobs says a result was posted.
    if (this.port === null || Atomics.load(this.done!, 0) === this.received) return;
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      this.received++;
      const r = m.message as DeflateReply;
      // As a Buffer, like deflateRawSync's own result: msgpack writes a Buffer as plain bin but a
      // Uint8Array as a typed-array extension, and the stream must not depend on the thread.
      r.out = r.out.map((b) => b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      this.results.set(r.id, r);
    }
  }

  /** Job `id`'s result if finished (then forgotten, its records slot free again), else undefined. */
  take(id: number): DeflateReply | undefined {
    this.poll();
    const r = this.results.get(id);
    if (r !== undefined) {
      this.results.delete(id);
      if (id >= this.takenBelow) this.takenBelow = id + 1;
      if (r.error !== undefined) throw new Error(`recording helper thread failed: ${r.error}`);
    }
    return r;
  }

  /** Block until job `id` is finished; returns its result. */
  wait(id: number): DeflateReply {
    this.waitFor(id);
    return this.take(id)!;
  }

  /** Block until job `id` is finished (its result stays to be taken). */
  waitFor(id: number): void {
    for (;;) {
      if (this.finished(id)) return;
      const done = this.done!, ctl = this.queueCtl!;
      Atomics.store(ctl, QUEUE_WAITING, 1); // before reading the count: a job finished after that read wakes us
      const seen = Atomics.load(done, 0);
      // Results are posted before the count moves: re-check, then sleep until it does.
      if (this.finished(id)) { Atomics.store(ctl, QUEUE_WAITING, 0); return; }
      this.kick(); // the job may be one announced without a wake-up
      Atomics.wait(done, 0, seen, 50);
      Atomics.store(ctl, QUEUE_WAITING, 0);
    }
  }

  close(): void {
    stopHelperThread(this.port, this.worker);
    this.worker = null; this.port = null;
  }
}
