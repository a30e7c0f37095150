/**
 * Raw deflate of checkpoint payloads, off the recording thread.
 *
 * Checkpoints are the recorder's largest single cost (a keyframe is every page that may be
 * non-zero), and their compression does not depend on anything the emulator does next, so a
 * helper thread deflates while the hart runs on — rr compresses its trace in separate threads
 * too. The output is zlib's deterministic function of (bytes, level), whichever thread runs it.
 *
 * Jobs complete in submission order. `poll()` never blocks; `wait(id)` blocks until job `id` is
 * done. Without a helper (not started yet, or unavailable) jobs are deflated on the spot.
 */
import { deflateRawSync } from 'node:zlib';
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startHelperThread, stopHelperThread } from './helper-thread.js';

export const DEFLATE_LEVEL = 1;

/** The helper is CommonJS source evaluated in the worker: it needs nothing but node builtins. */
const HELPER = `
const { workerData } = require('node:worker_threads');
const { deflateRawSync } = require('node:zlib');
const { port, done, level } = workerData;
// A Buffer may be a view into node's shared pool: hand back a copy that owns its memory.
const own = (b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
Atomics.store(done, 1, 1); // ready: until now the recorder deflates in place (no waiting on our start-up)
port.on('message', (m) => {
  const out = m.parts.map((p) => p === null ? null : own(deflateRawSync(p, { level })));
  port.postMessage({ id: m.id, out }, out.filter((b) => b !== null).map((b) => b.buffer));
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

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
  private results = new Map<number, (Uint8Array | null)[]>();

  /** Start the helper thread (once the recording proves long enough to pay for it). */
  start(): void {
    if (this.worker !== null) return;
    const h = startHelperThread(HELPER, { level: DEFLATE_LEVEL }, true);
    if (h === null) return; // no threads here: deflate in place
    this.worker = h.worker; this.port = h.port; this.done = h.done;
  }

  get threaded(): boolean { return this.worker !== null; }

  /**
   * Queue the parts of one job; returns its id. A part that is a view into a larger buffer is
   * copied (the caller may reuse it afterwards); a plain Uint8Array owning its whole buffer is
   * moved to the helper and left detached.
   */
  submit(parts: (Uint8Array | null)[]): number {
    const id = this.nextId++;
    if (this.port === null || Atomics.load(this.done!, 1) === 0) {
      this.results.set(id, parts.map((p) => p === null ? null : deflateRawSync(p, { level: DEFLATE_LEVEL })));
      return id;
    }
    // Cloning a view would copy its whole backing buffer (msgpack's, node's pool): move exact
    // copies, or the part itself when it owns its buffer (the caller gave it up).
    const copies = parts.map((p) => p === null ? null : owns(p) ? p : new Uint8Array(p)); // (Buffer#slice would not copy)
    const moved: ArrayBuffer[] = [];
    for (const c of copies) if (c !== null) moved.push(c.buffer as ArrayBuffer);
    this.port.postMessage({ id, parts: copies }, moved);
    return id;
  }

  /** Take the finished results that have arrived (never blocks). */
  poll(): void {
    // The recorder polls between batches, thousands of times: ask the port only when the
    // helper's count of finished jobs says a result was posted.
    if (this.port === null || Atomics.load(this.done!, 0) === this.received) return;
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      this.received++;
      const r = m.message as { id: number; out: (Uint8Array | null)[] };
      // As a Buffer, like deflateRawSync's own result: msgpack writes a Buffer as plain bin but a
      // Uint8Array as a typed-array extension, and the stream must not depend on the thread.
      this.results.set(r.id, r.out.map((b) => b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
    }
  }

  /** Job `id`'s deflated parts if finished (then forgotten), else undefined. */
  take(id: number): (Uint8Array | null)[] | undefined {
    this.poll();
    const r = this.results.get(id);
    if (r !== undefined) this.results.delete(id);
    return r;
  }

  /** Block until job `id` is finished; returns its parts. */
  wait(id: number): (Uint8Array | null)[] {
    for (;;) {
      const r = this.take(id);
      if (r !== undefined) return r;
      const done = this.done!;
      const seen = Atomics.load(done, 0);
      // Results are posted before the count moves: re-check, then sleep until it does.
      const again = this.take(id);
      if (again !== undefined) return again;
      Atomics.wait(done, 0, seen, 50);
    }
  }

  close(): void {
    stopHelperThread(this.port, this.worker);
    this.worker = null; this.port = null;
  }
}
