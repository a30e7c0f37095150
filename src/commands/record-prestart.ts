/**
 * `seltrace record` starts its worker (record-worker.ts) as the very first thing the CLI does,
 * before the main thread loads and runs the argument parser: the worker's start-up and its
 * loading of the emulator and recorder overlap with the CLI's own. The worker then waits for
 * its job (recordCommand in record-main.ts posts it). Imported for this side effect only, first
 * of the CLI's imports; an unused worker (bad arguments, --help) is unreferenced and ends with
 * the process.
 */
import { Worker } from 'node:worker_threads';
import { threadScript } from '../../tracer/thread-script.js';

/** The record worker's script: its bundle (scripts/bundle-threads.mjs) when fresh, else record-worker.js. */
export function recordWorkerScript(): URL {
  const plain = new URL('./record-worker.js', import.meta.url);
  return threadScript(plain) ?? plain;
}

let early: Worker | null = null;
/** Set when the early worker failed before it was taken (the caller then starts one the usual way, which reports the failure). */
let failed = false;
const args = process.argv.slice(2);
if (args[0] === 'record' && !args.includes('--help') && !args.includes('-h')) {
  try {
    early = new Worker(recordWorkerScript());
    early.unref();
    early.once('error', () => { failed = true; });
  } catch {
    early = null; // recordCommand starts one itself
  }
}

/** The worker started early, if any (once). */
export function takeEarlyRecordWorker(): Worker | null {
  const w = failed ? null : early;
  if (failed) void early?.terminate();
  early = null;
  return w;
}
