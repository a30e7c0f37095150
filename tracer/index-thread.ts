/**
 * The recorder's SQLite index, built on a helper thread (tracer/index-worker.ts) while the hart
 * runs on. Building the index costs 10–20 µs of the recording thread per kernel event (row
 * encoding, derived tables, SQLite inserts): on a system recording that was a fifth of the time.
 * The index is a function of the chunks alone, so the thread that builds it changes nothing in
 * it: rows go in the same order, through the same IndexBuilder.
 *
 * 'auto' holds the first messages until the recording has produced enough rows to pay for a
 * thread (a short recording is indexed in place at the end, as before); without the compiled
 * worker script (running from TypeScript sources, e.g. under vitest) it indexes in place.
 * `finish()` blocks until the index is complete and rethrows the helper's error, if any.
 */
import { closeSync, openSync } from 'node:fs';
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startHelperThread, stopHelperThread } from './helper-thread.js';
import { threadScript } from './thread-script.js';
import { IndexBuilder, type CheckpointRowFacts } from './index-db.js';
import { unpack, type ChunkAt, type HeaderChunk } from './trace-stream.js';
import type { EncodedEvent } from './schema.js';

export type IndexThreadMode = 'auto' | 'always' | 'never';

/** What crosses to the helper: the chunks' indexable parts only (no block streams, image or snapshots). */
export type IndexMessage =
  | { k: 'header'; header: HeaderChunk; streamPath: string }
  | { k: 'add'; at: ChunkAt }
  /** An events chunk with its events still packed (unpacked on the helper: cheaper than cloning them). */
  | { k: 'ev'; offset: number; cycle0: number; instret0: number; instructions: number; events: Uint8Array }
  | { k: 'ckpt'; ck: CheckpointRowFacts; kernel: Uint8Array | null }
  | { k: 'finish'; facts: Record<string, string> };

/** Rows (events, chunks, checkpoints) after which 'auto' starts the thread. */
const THREAD_AFTER_ROWS = 2000;

/** How long finish() waits for a helper that has not started running yet. */
const START_WAIT_MS = 20_000;

/** The compiled helper; threadScript takes its bundle while fresh (neither exists when running from TypeScript sources: the index is then built in place). */
const WORKER_URL = new URL('./index-worker.js', import.meta.url);

export class IndexThread {
  private builder: IndexBuilder | null = null;
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  /** [1 once the helper has finished (or failed), 1 once it runs and takes messages]. */
  private done: Int32Array | null = null;
  /** Whether messages go to the helper (it runs): until then they are held. */
  private posting = false;
  private held: IndexMessage[] = [];
  private rows = 0;
  /** Whether the next checkpoint's kernel state is still wanted by the builder. */
  private wantKernel = true;
  private readonly script: URL | null = null;

  constructor(readonly path: string, private readonly mode: IndexThreadMode = 'auto') {
    // Without the compiled helper there is no thread to start.
    if (mode !== 'never') this.script = threadScript(WORKER_URL);
    if (this.script === null) { this.builder = new IndexBuilder(path); return; }
    closeSync(openSync(path, 'w')); // a path that cannot be written fails now, not after the recording
    if (mode === 'always') this.start();
  }

  /** Whether the index is being built on the helper thread. */
  get threaded(): boolean { return this.worker !== null; }

  header(h: HeaderChunk, streamPath: string): void {
    // The image is not indexed: leave it behind.
    this.send({ k: 'header', header: { ...h, image: new Uint8Array(0) }, streamPath });
  }

  /** Index one chunk; `packedEvents`: an events chunk's events as pack(events) gave them, if at hand. */
  add(c: ChunkAt, packedEvents?: Uint8Array): void {
    const ch = c.chunk;
    if (ch.t === 'ev') {
      this.rows += ch.events.length + 1;
      if (packedEvents !== undefined && this.builder === null) {
        // Posted, or held until the helper runs, still packed: cloning the unpacked events cost
        // ~10× more (both threads together) than copying, moving and unpacking the packed ones.
        const events = new Uint8Array(packedEvents); // a copy owning its buffer, moved (a view would clone all of msgpack's buffer; Buffer#slice does not copy)
        const m: IndexMessage = { k: 'ev', offset: c.offset, cycle0: ch.cycle0, instret0: ch.instret0, instructions: ch.instructions, events };
        if (this.ready()) this.port!.postMessage(m, [events.buffer]);
        else this.held.push(m);
      } else {
        this.send({ k: 'add', at: { offset: c.offset, chunk: { ...ch, blocks: new Uint8Array(0) } } });
      }
    } else if (ch.t === 'ckpt') {
      this.rows++;
      const kernel = this.wantKernel ? ch.kernel : null;
      if (kernel !== null) this.wantKernel = false;
      this.send({ k: 'ckpt', ck: { index: ch.index, cycle: ch.cycle, instret: ch.instret, key: ch.key, offset: c.offset, bytes: ch.machine.length + (ch.kernel?.length ?? 0) }, kernel });
    }
    if (this.mode === 'auto' && this.worker === null && this.builder === null && this.rows >= THREAD_AFTER_ROWS) this.start();
  }

  /** Complete the index (waiting for the helper); throws what building it threw. */
  finish(facts: Record<string, string>): void {
    if (this.worker !== null && !this.posting) {
      // Started but not running yet: give it time to start, else index in place.
      const done = this.done!;
      for (let waited = 0; waited < START_WAIT_MS && !this.ready(); waited += 50) Atomics.wait(done, 1, 0, 50);
      if (!this.ready()) this.close();
    }
    if (this.worker === null && this.builder === null) this.startInPlace(); // never started: index in place now
    this.send({ k: 'finish', facts });
    if (this.worker === null) return;
    const done = this.done!;
    while (Atomics.load(done, 0) === 0) Atomics.wait(done, 0, 0, 100);
    const m = receiveMessageOnPort(this.port!);
    this.close();
    const error = (m?.message as { error?: string } | undefined)?.error;
    if (error !== undefined) throw new Error(`index ${this.path}: ${error}`);
    if (m === undefined) throw new Error(`index ${this.path}: the index thread ended without a result`);
  }

  /** Stop the helper (after finish, or when the recording is abandoned). */
  close(): void {
    stopHelperThread(this.port, this.worker);
    this.worker = null; this.port = null; this.done = null; this.posting = false;
  }

  /** Whether the helper runs (then it reports everything, failures included, through `done`). */
  private ready(): boolean {
    if (!this.posting && this.done !== null && Atomics.load(this.done, 1) === 1) {
      this.posting = true;
      const held = this.held;
      this.held = [];
      for (const m of held) this.port!.postMessage(m, m.k === 'ev' ? [m.events.buffer as ArrayBuffer] : []);
    }
    return this.posting;
  }

  private send(m: IndexMessage): void {
    if (this.worker !== null && this.ready()) { this.port!.postMessage(m); return; }
    if (this.builder !== null) { applyIndexMessage(this.builder, m); return; }
    this.held.push(m);
  }

  private start(): void {
    const h = startHelperThread(this.script!, { path: this.path });
    if (h === null) { this.startInPlace(); return; } // no threads here: index in place
    this.worker = h.worker; this.port = h.port; this.done = h.done;
  }

  private startInPlace(): void {
    this.builder = new IndexBuilder(this.path);
    this.sendHeld();
  }

  private sendHeld(): void {
    const held = this.held;
    this.held = [];
    for (const m of held) this.send(m);
  }
}

/** Apply one message to a builder (in place, or on the helper thread). */
export function applyIndexMessage(b: IndexBuilder, m: IndexMessage): void {
  switch (m.k) {
    case 'header': b.header(m.header, m.streamPath); break;
    case 'add': b.add(m.at); break;
    case 'ev': b.add({ offset: m.offset, chunk: { t: 'ev', cycle0: m.cycle0, instret0: m.instret0, instructions: m.instructions, blocks: new Uint8Array(0), events: unpack(m.events) as EncodedEvent[] } }); break;
    case 'ckpt': b.addCheckpoint(m.ck, m.kernel); break;
    case 'finish': b.finish(m.facts); break;
  }
}
