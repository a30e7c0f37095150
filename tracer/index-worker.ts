/**
 * Helper thread of tracer/index-thread.ts: builds the recording's index from the messages the
 * recorder posts, in order. Any failure is kept and reported when the recorder asks to finish
 * (it is waiting then; an error in between must not be lost or kill the recording).
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { IndexBuilder } from './index-db.js';
import { applyIndexMessage, type IndexMessage } from './index-thread.js';
import { helperStarted } from './helper-thread.js';

helperStarted(workerData as { nice?: number });
const { port, done, path } = workerData as { port: MessagePort; done: Int32Array; path: string };
let builder: IndexBuilder | null = null;
let error: string | null = null;

const report = (): void => {
  port.postMessage(error !== null ? { error } : { ok: true });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
};
process.on('uncaughtException', (e) => { error ??= e instanceof Error ? e.message : String(e); report(); });

port.on('message', (m: IndexMessage) => {
  if (error === null) {
    try {
      builder ??= new IndexBuilder(path);
      applyIndexMessage(builder, m);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      try { builder?.db.close(); } catch { /* already closed */ }
    }
  }
  if (m.k === 'finish') report();
});
Atomics.store(done, 1, 1); // running: the recorder posts from now on (until then it holds its messages)
