/** Rebuild a trace's SQLite index from its stream alone (`seltrace index`, and replay on demand). */
import { IndexBuilder } from './index-db.js';
import { readTrace, type TraceContents } from './trace-stream.js';

export function rebuildIndex(streamPath: string, indexPath: string): TraceContents {
  const t = readTrace(streamPath);
  const b = new IndexBuilder(indexPath);
  b.header(t.header, streamPath);
  for (const c of t.chunks) b.add(c);
  const end = t.chunks[t.chunks.length - 1].chunk;
  const facts: Record<string, string> = {
    complete: t.complete ? '1' : '0',
    stream_size: String(t.size),
    stop: end.t === 'end' ? end.stop : 'truncated',
  };
  if (end.t === 'end') { facts.cycles = String(end.cycles); facts.instret = String(end.instret); }
  if (t.damage !== null) facts.damage = `${t.damage.problem} at offset ${t.damage.offset}`;
  b.finish(facts);
  return t;
}
