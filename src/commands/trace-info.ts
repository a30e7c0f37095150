/** `seltrace info trace` and `seltrace index trace`. */
import { existsSync } from 'node:fs';
import { readTrace } from '../../tracer/trace-stream.js';
import { rebuildIndex } from '../../tracer/reindex.js';
import { decodeBlocks } from '../../tracer/block-codec.js';
import { decodeEvent, EVENT_KINDS } from '../../tracer/schema.js';
import { checkpointBytes } from '../../tracer/checkpoint.js';
import { resolveTracePath } from './trace-path.js';

export function infoCommand(traceArg: string | undefined, opts: { json?: boolean }): number {
  const path = resolveTracePath(traceArg);
  const t = readTrace(path);
  const byKind = new Map<string, number>(EVENT_KINDS.map((k) => [k, 0]));
  const threads = new Map<number, string>();
  let blocks = 0, blockInstr = 0, checkpoints = 0, ckBytes = 0, lastCycle = 0, instret = 0;
  let stop = 'truncated';
  for (const { chunk: c } of t.chunks) {
    if (c.t === 'ev') {
      decodeBlocks(c.blocks, (_s, len) => { blocks++; blockInstr += len; });
      for (const enc of c.events) {
        const e = decodeEvent(enc);
        byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
        if (e.kind === 'object' && e.type.toLowerCase() === 'tcb') threads.set(e.id, e.name);
        lastCycle = Math.max(lastCycle, e.cycle);
      }
      instret = Math.max(instret, c.instret0 + c.instructions);
    } else if (c.t === 'ckpt') {
      checkpoints++; ckBytes += checkpointBytes(c);
      lastCycle = Math.max(lastCycle, c.cycle);
    } else if (c.t === 'end') {
      stop = c.stop === 'exit' ? `exit ${c.code}` : c.stop === 'halt' ? `halt (${c.reason})` : c.stop;
      lastCycle = c.cycles; instret = c.instret;
    }
  }
  const info = {
    trace: path,
    image: t.header.imageName,
    imageHash: t.header.imageHash,
    kind: t.header.config.imageKind,
    status: t.complete ? 'complete' : `TRUNCATED: ${t.damage !== null ? `${t.damage.problem} at offset ${t.damage.offset}` : 'no end chunk (recording was interrupted)'}; readable up to there`,
    stop,
    cycles: lastCycle,
    instructions: instret,
    blocks,
    blockInstructions: blockInstr,
    events: Object.fromEntries(byKind),
    threads: [...threads.entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name })),
    checkpoints,
    checkpointBytes: ckBytes,
    bytes: t.size,
    bytesPerInstruction: instret > 0 ? t.size / instret : 0,
    index: existsSync(`${path}.db`) ? `${path}.db` : 'missing (run `seltrace index`)',
  };
  if (opts.json === true) { process.stdout.write(JSON.stringify(info, null, 2) + '\n'); return 0; }
  const lines = [
    `trace         ${info.trace}`,
    `image         ${info.image} (${info.kind}, sha256 ${info.imageHash.slice(0, 16)}…)`,
    `status        ${info.status}`,
    `stop          ${info.stop}`,
    `cycles        ${info.cycles}`,
    `instructions  ${info.instructions} in ${info.blocks} blocks`,
    `events        ${[...byKind.entries()].filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `threads       ${info.threads.length ? info.threads.map((x) => `${x.id}:${x.name}`).join(', ') : 'none (bare image)'}`,
    `checkpoints   ${checkpoints} (${ckBytes} bytes)`,
    `size          ${t.size} bytes, ${info.bytesPerInstruction.toFixed(3)} bytes/instruction`,
    `index         ${info.index}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

export function indexCommand(traceArg: string | undefined): number {
  const path = resolveTracePath(traceArg);
  const t = rebuildIndex(path, `${path}.db`);
  process.stderr.write(`indexed ${path} → ${path}.db (${t.chunks.length} chunks${t.complete ? '' : ', trace is truncated'})\n`);
  return 0;
}
