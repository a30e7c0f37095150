/**
 * Starting and stopping the recorder's helper threads (tracer/deflater.ts, tracer/index-thread.ts):
 * a worker with its own message port and a shared pair of counters it signals through.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { lowerOwnPriority } from './thread-priority.js';

export interface HelperThread {
  readonly worker: Worker;
  /** Our end of the channel (the helper gets the other as workerData.port). */
  readonly port: MessagePort;
  /** Two shared Int32 slots the helper signals in (workerData.done); their meaning is the caller's. */
  readonly done: Int32Array;
}

/**
 * Start the module `script` with `data` plus `port`, `done` and `nice` in its workerData (the
 * helper lowers its own priority to `nice` first: helperStarted). Neither keeps the process
 * alive. Returns null where threads cannot start (the caller then works in place).
 */
export function startHelperThread(script: URL, data: Record<string, unknown>, nice = 0): HelperThread | null {
  try {
    const { port1, port2 } = new MessageChannel();
    const done = new Int32Array(new SharedArrayBuffer(8));
    // No inherited flags: the parent's entry options (--input-type, -e) would stop the helper's start.
    const worker = new Worker(script, { workerData: { ...data, port: port2, done, nice }, transferList: [port2], execArgv: [] });
    worker.unref();
    port1.unref();
    return { worker, port: port1, done };
  } catch {
    return null;
  }
}

/** Close our port and end the helper. */
export function stopHelperThread(port: MessagePort | null, worker: Worker | null): void {
  port?.close();
  void worker?.terminate();
}

/** First thing a helper does: take the priority it was started with (workerData.nice). */
export function helperStarted(workerData: { nice?: number }): void {
  if (typeof workerData.nice === 'number') lowerOwnPriority(workerData.nice);
}

let detached = false;
/**
 * Call before a thread starts work it wants optimised and will later move buffers to helpers
 * (postMessage transfers detach them): detaches one empty ArrayBuffer now. V8 assumes no
 * ArrayBuffer was ever detached in a thread until one is, then throws away the code built on
 * that assumption — in `seltrace record` of ordinary-mixed, both first TurboFan compiles of the
 * interpreter loop (216 and 486 ms of compile; the loop unoptimised until ~1.2 s in).
 */
export function expectTransfers(): void {
  if (detached) return;
  detached = true;
  const b = new ArrayBuffer(0);
  structuredClone(b, { transfer: [b] });
}
