/**
 * Helper thread of tracer/deflater.ts. Two kinds of job, done in submission order:
 * - `parts`: raw-deflate each part (checkpoint payloads, block streams encoded elsewhere);
 * - `records`: a chunk's block records (start, length pairs), read where the hart wrote them in
 *   its block-record ring (shared memory), encoded here (tracer/block-codec.ts) and deflated —
 *   the recording thread does not touch them.
 * Results go back on the port; done[0] counts finished jobs, done[1] says the helper runs.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';
import { BlockEncoder } from './block-codec.js';
import { helperStarted } from './helper-thread.js';
import { JobKind, QUEUE_ENTRY, QUEUE_LEN, QUEUE_POSTED, QUEUE_SLEEPING, QUEUE_WAITING, type DeflateParts, type DeflateReply, type DeflateWorkerData } from './deflater.js';

helperStarted(workerData as { nice?: number });
const { port, done, level, ring, ringOffset, ringLength, queueCtl, queue } = workerData as DeflateWorkerData & { port: MessagePort; done: Int32Array };
const ctl = new Int32Array(queueCtl), q = new Int32Array(queue);
const records = ring !== null ? new Float64Array(ring, ringOffset, ringLength) : null;
/** A Buffer may be a view into node's shared pool: hand back a copy that owns its memory. */
const own = (b: Uint8Array): Uint8Array => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
const enc = new BlockEncoder();

/** A parts job's buffers: posted before the job was announced, so already queued on the port. */
function partsOf(id: number): DeflateParts {
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m !== undefined) {
      const p = m.message as DeflateParts;
      if (p.id !== id) throw new Error(`deflate helper: parts of job ${p.id} where job ${id} was due`);
      return p;
    }
    Atomics.wait(ctl, 1, 0, 1); // not visible yet (it will be at once): a short nap
  }
}

Atomics.store(done, 1, 1); // ready: until now the recorder works in place (no waiting on our start-up, unless it asked to)
Atomics.notify(done, 1);
// The helper's whole life: take the queue's jobs in order, sleeping while it is empty.
for (let taken = 0; ; taken++) {
  if (Atomics.load(ctl, QUEUE_POSTED) === taken) {
    // Say we sleep, then look again: a job announced meanwhile either is seen here or sees the flag.
    Atomics.store(ctl, QUEUE_SLEEPING, 1);
    while (Atomics.load(ctl, QUEUE_POSTED) === taken) Atomics.wait(ctl, QUEUE_POSTED, taken);
    Atomics.store(ctl, QUEUE_SLEEPING, 0);
  }
  const e = (taken % QUEUE_LEN) * QUEUE_ENTRY;
  const kind = q[e] as JobKind, id = q[e + 1], start = q[e + 2], n = q[e + 3];
  let reply: DeflateReply;
  try {
    if (kind === JobKind.RECORDS) {
      if (records === null) throw new Error('a records job without a shared ring');
      enc.addRing(records, start, n);
      const blocks = enc.takeChunk();
      const out = own(deflateRawSync(blocks.bytes, { level }));
      reply = { id, out: [out], instructions: blocks.instructions };
      port.postMessage(reply, [out.buffer as ArrayBuffer]);
    } else {
      const out = partsOf(id).parts.map((p) => p === null ? null : own(deflateRawSync(p, { level })));
      reply = { id, out };
      port.postMessage(reply, out.filter((b) => b !== null).map((b) => b.buffer as ArrayBuffer));
    }
  } catch (e) {
    // The recorder waits on this job: it must hear of the failure, not wait for ever.
    port.postMessage({ id, out: [], error: (e as Error).message ?? String(e) } satisfies DeflateReply);
  }
  Atomics.add(done, 0, 1);
  if (Atomics.load(ctl, QUEUE_WAITING) !== 0) Atomics.notify(done, 0);
}
