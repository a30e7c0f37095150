/** Worker thread entry of `seltrace record` (see record.ts): its job comes in workerData or, when started early (record-prestart.ts), as the first message. */
import { parentPort, workerData } from 'node:worker_threads';
import { recordWorkerMain, type RecordCmdOptions } from './record.js';

type Job = { image: string; opts: RecordCmdOptions; stopFlag: Int32Array };
const run = (d: Job): void => parentPort?.postMessage({ code: recordWorkerMain(d.image, d.opts, d.stopFlag) });
if (workerData !== null && workerData !== undefined) run(workerData as Job);
else parentPort?.once('message', (d: Job) => run(d));
