/** Worker thread entry of `seltrace record` (see record.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { recordWorkerMain, type RecordCmdOptions } from './record.js';

const d = workerData as { image: string; opts: RecordCmdOptions; stopFlag: Int32Array };
parentPort?.postMessage({ code: recordWorkerMain(d.image, d.opts, d.stopFlag) });
