/**
 * After tsc: bundle the entry points of seltrace's own threads — the record worker and the
 * recorder's deflate and index helpers — each into one file under dist/bundle/.
 *
 * Why: a thread starts a fresh V8 isolate and loads its whole ES module graph before it runs;
 * Node's loader pays per module (resolve, read, compile, link), and the record worker's graph
 * is ~110 modules: 175–200 ms to load, against 80–115 ms for the same code as one file. The
 * record worker's start-up is on the critical path of every `seltrace record`.
 *
 * dist/bundle/ sits at the same depth as dist/src/, so paths the code takes relative to its own
 * module (the default firmware, ../../firmware) resolve the same from a bundle. Packages stay
 * external (node_modules resolves from here as from dist/). inputs.json lists each bundle's
 * input files: tracer/thread-script.ts uses a bundle only while none of them is newer than it
 * (a `tsc` without this step leaves a stale bundle unused, not run).
 */
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entryPoints = {
  'record-worker': 'dist/src/commands/record-worker.js',
  'deflate-worker': 'dist/tracer/deflate-worker.js',
  'index-worker': 'dist/tracer/index-worker.js',
};
const result = await build({
  absWorkingDir: root, entryPoints, outdir: 'dist/bundle', bundle: true, platform: 'node', format: 'esm',
  target: 'node20', packages: 'external', metafile: true, logLevel: 'warning', legalComments: 'none',
});
const inputs = {};
for (const [out, o] of Object.entries(result.metafile.outputs)) inputs[basename(out)] = Object.keys(o.inputs);
writeFileSync(join(root, 'dist/bundle/inputs.json'), JSON.stringify(inputs, null, 1) + '\n');
