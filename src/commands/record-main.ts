/**
 * The main thread's side of `seltrace record`: it starts the recording in a worker
 * (record-worker.ts → record.ts) and turns SIGINT / SIGTERM into a clean stop. Kept apart from
 * record.ts so the main thread does not load the emulator and recorder the worker loads anyway.
 */
import { Worker } from 'node:worker_threads';
import { EXIT } from '../exit-codes.js';
import type { RecordCmdOptions } from './record.js';
import { recordWorkerScript, takeEarlyRecordWorker } from './record-prestart.js';

/** Record in a worker; the main thread turns signals into a clean stop. */
export async function recordCommand(image: string, opts: RecordCmdOptions): Promise<number> {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const progress = process.stderr.isTTY === true && opts.quiet !== true;
  const { consoleTo: _unused, ...plain } = opts; // a stream cannot cross into the worker
  const job = { image, opts: { ...plain, progress }, stopFlag };
  let worker = takeEarlyRecordWorker();
  if (worker !== null) { worker.ref(); worker.postMessage(job); } // already loading the recorder
  else worker = new Worker(recordWorkerScript(), { workerData: job });
  let signals = 0;
  const onSignal = (): void => {
    signals++;
    Atomics.store(stopFlag, 0, 1);
    if (signals > 1) {
      process.stderr.write('\nseltrace: interrupted again: abandoning the recording (the stream keeps a readable prefix)\n');
      process.exit(EXIT.INTERRUPTED);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await new Promise<number>((resolve, reject) => {
      let code: number = EXIT.INTERNAL;
      worker.on('message', (m: { code: number }) => { code = m.code; });
      worker.on('error', reject);
      worker.on('exit', () => resolve(code));
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
