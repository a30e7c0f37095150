/** Rebuild a trace's SQLite index from its stream alone (`seltrace index`, and the index cache). */
import { renameSync, rmSync } from 'node:fs';
import { IndexBuilder } from './index-db.js';
import { TraceFile, checkVersion } from './trace-stream.js';
import { SummaryBuilder, summaryFacts, type TraceSummary } from './trace-summary.js';

export interface Reindexed { summary: TraceSummary; chunks: number; events: number; }

/**
 * One streaming pass: memory does not grow with the stream. The index is built under a
 * temporary name and renamed into place, so a reader never sees a half-built index.
 */
export function rebuildIndex(streamPath: string, indexPath: string): Reindexed {
  const f = TraceFile.open(streamPath);
  const tmp = `${indexPath}.tmp-${process.pid}`;
  try {
    checkVersion(f);
    const b = new IndexBuilder(tmp);
    const sum = new SummaryBuilder();
    let chunks = 0, events = 0;
    try {
      b.header(f.header, streamPath);
      for (const it of f.scan()) {
        if (it.hole !== undefined) { sum.hole(it.hole); continue; }
        b.add(it);
        sum.add(it.chunk);
        chunks++;
        if (it.chunk.t === 'ev') events += it.chunk.events.length;
      }
      const summary = sum.finish(f.size);
      const facts = summaryFacts(summary);
      if (summary.holes.length > 0) facts.damage = `${summary.holes[0].problem} at offset ${summary.holes[0].offset}`;
      b.finish({ ...facts, ...streamStamp(f) });
      rmSync(`${indexPath}-journal`, { force: true });
      renameSync(tmp, indexPath);
      return { summary, chunks, events };
    } catch (e) {
      try { b.db.close(); } catch { /* already closed */ }
      throw e;
    }
  } finally {
    rmSync(tmp, { force: true });
    f.close();
  }
}

/** Facts that tie an index to one exact stream file (size and modification time). */
export function streamStamp(f: { size: number; mtimeMs: number }): Record<string, string> {
  return { stream_size: String(f.size), stream_mtime: String(Math.floor(f.mtimeMs)) };
}
