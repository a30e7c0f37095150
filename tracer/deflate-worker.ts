/**
 * Helper thread of tracer/deflater.ts. Two kinds of job, done in submission order:
 * - `parts`: raw-deflate each part (checkpoint payloads, block streams encoded elsewhere);
 * - `records`: a chunk's block records as the CPU wrote them (start, length pairs), in a slot
 *   of memory shared with the recorder, encoded here (tracer/block-codec.ts) and deflated — the
 *   recording thread only copied them there.
 * Results go back on the port; done[0] counts finished jobs, done[1] says the helper runs.
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';
import { BlockEncoder } from './block-codec.js';
import type { DeflateJob, DeflateReply, DeflateWorkerData } from './deflater.js';

const { port, done, level, records, slotLength } = workerData as DeflateWorkerData & { port: MessagePort; done: Int32Array };
const slots = (slot: number): Float64Array => new Float64Array(records, slot * slotLength * 8, slotLength);
/** A Buffer may be a view into node's shared pool: hand back a copy that owns its memory. */
const own = (b: Uint8Array): Uint8Array => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
const enc = new BlockEncoder();

port.on('message', (m: DeflateJob) => {
  let reply: DeflateReply;
  if (m.slot !== undefined) {
    enc.addAll(slots(m.slot), m.end);
    const blocks = enc.takeChunk();
    const out = own(deflateRawSync(blocks.bytes, { level }));
    reply = { id: m.id, out: [out], instructions: blocks.instructions };
    port.postMessage(reply, [out.buffer as ArrayBuffer]);
  } else {
    const out = m.parts.map((p) => p === null ? null : own(deflateRawSync(p, { level })));
    reply = { id: m.id, out };
    port.postMessage(reply, out.filter((b) => b !== null).map((b) => b.buffer as ArrayBuffer));
  }
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
Atomics.store(done, 1, 1); // ready: until now the recorder works in place (no waiting on our start-up, unless it asked to)
Atomics.notify(done, 1);

