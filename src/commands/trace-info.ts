/** `seltrace info trace` and `seltrace index trace`. */
import { existsSync, statSync } from 'node:fs';
import { rebuildIndex } from '../../tracer/reindex.js';
import { readSummary } from '../../tracer/index-cache.js';
import { statusLine } from '../../tracer/trace-summary.js';
import { printable } from '../../tracer/printable.js';
import { resolveTracePath } from './trace-path.js';

/** Summarise a trace: from its index when that is fresh (any size, instantly), else one streaming scan. */
export function infoCommand(traceArg: string | undefined, opts: { json?: boolean }): number {
  const path = resolveTracePath(traceArg);
  const { file, summary: s, fromIndex } = readSummary(path);
  const h = file.header;
  file.close();
  const indexBytes = fromIndex ? statSync(`${path}.db`).size : 0;
  const info = {
    trace: path,
    image: h.imageName,
    imageHash: h.imageHash,
    kind: h.config.imageKind,
    status: statusLine(s),
    stop: s.stop,
    cycles: s.endCycle,
    instructions: s.instructions,
    blocks: s.blocks,
    blockInstructions: s.blockInstructions,
    events: s.events,
    threads: s.threads,
    checkpoints: s.checkpoints,
    checkpointBytes: s.checkpointBytes,
    holes: s.holes,
    bytes: s.size,
    bytesPerInstruction: s.instructions > 0 ? s.size / s.instructions : 0,
    /** Bytes of the SQLite index (0 when it is not fresh), and trace + index per instruction. */
    indexBytes,
    totalBytesPerInstruction: s.instructions > 0 ? (s.size + indexBytes) / s.instructions : 0,
    index: fromIndex ? `${path}.db` : existsSync(`${path}.db`) ? `${path}.db is stale or damaged (rebuilt by the next \`events\`/\`replay\`, or run \`seltrace index\`)` : 'missing (built by the next `events`/`replay`, or run `seltrace index`)',
  };
  if (opts.json === true) { process.stdout.write(JSON.stringify(info, null, 2) + '\n'); return 0; }
  const lines = [
    `trace         ${info.trace}`,
    `image         ${info.image} (${info.kind}, sha256 ${info.imageHash.slice(0, 16)}…)`,
    `status        ${info.status}`,
    `stop          ${info.stop}`,
    `cycles        ${info.cycles}`,
    `instructions  ${info.instructions} in ${info.blocks} blocks`,
    `events        ${Object.entries(s.events).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `threads       ${info.threads.length ? info.threads.map((x) => `${x.id}:${x.name}`).join(', ') : 'none (bare image)'}`,
    `checkpoints   ${info.checkpoints} (${info.checkpointBytes} bytes)`,
    `size          ${info.bytes} bytes, ${info.bytesPerInstruction.toFixed(3)} bytes/instruction`,
    `index         ${info.index}${indexBytes > 0 ? ` (${indexBytes} bytes; trace + index ${info.totalBytesPerInstruction.toFixed(3)} bytes/instruction)` : ''}`,
  ];
  process.stdout.write(printable(lines.join('\n')) + '\n');
  return 0;
}

export function indexCommand(traceArg: string | undefined): number {
  const path = resolveTracePath(traceArg);
  const r = rebuildIndex(path, `${path}.db`);
  const st = r.summary.complete ? '' : `, ${statusLine(r.summary)}`;
  process.stderr.write(printable(`indexed ${path} → ${path}.db (${r.chunks} chunks, ${r.events} events${st})`) + '\n');
  return 0;
}
