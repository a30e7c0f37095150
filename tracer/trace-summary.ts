/**
 * The facts `seltrace info` shows and a replay session needs before it moves (end cycle,
 * status, holes), gathered in one pass over the chunks — by the recorder as it writes, or by a
 * scan — and kept in the index's meta table so that opening a multi-GB trace reads none of it.
 */
import { decodeEvent, encodedKind, EVENT_KINDS, type EventKind } from './schema.js';
import { blockCount, type Chunk, type Hole } from './trace-stream.js';

export interface TraceSummary {
  /** 'exit N', 'halt (why)', 'cycle-limit', ... or 'truncated' when there is no end chunk. */
  stop: string;
  /** Ends with an end chunk and has no hole. */
  complete: boolean;
  /** Last cycle the recording reaches (end of a complete trace, else of its last whole chunk). */
  endCycle: number;
  instructions: number;
  blocks: number;
  blockInstructions: number;
  events: Record<EventKind, number>;
  threads: { id: number; name: string }[];
  checkpoints: number;
  checkpointBytes: number;
  holes: Hole[];
  /** Stream size the summary describes. */
  size: number;
}

/** Accumulates a TraceSummary chunk by chunk (memory: one entry per thread and per hole). */
export class SummaryBuilder {
  private s: TraceSummary = {
    stop: 'truncated', complete: false, endCycle: 0, instructions: 0, blocks: 0, blockInstructions: 0,
    events: Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>,
    threads: [], checkpoints: 0, checkpointBytes: 0, holes: [], size: 0,
  };
  private threads = new Map<number, string>();
  private ended = false;

  /** `blocks`: the events chunk's block count when the caller knows it (the recorder), else it is decoded. */
  add(c: Chunk, blocks?: number): void {
    const s = this.s;
    if (c.t === 'ev') {
      s.blocks += blocks ?? blockCount(c);
      s.blockInstructions += c.instructions;
      s.endCycle = Math.max(s.endCycle, c.cycle0);
      for (const enc of c.events) {
        // Counted from the tuple (the recorder summarises every event it writes): only object
        // events, whose names are wanted, are decoded; a malformed one throws as decodeEvent does.
        const kind = encodedKind(enc);
        if (kind !== undefined && kind !== 'object') {
          s.events[kind]++;
          if ((enc[1] as number) > s.endCycle) s.endCycle = enc[1] as number;
          continue;
        }
        const e = decodeEvent(enc);
        s.events[e.kind]++;
        if (e.kind === 'object' && typeof e.type === 'string' && e.type.toLowerCase() === 'tcb') this.threads.set(e.id, String(e.name));
        s.endCycle = Math.max(s.endCycle, e.cycle);
      }
      s.instructions = Math.max(s.instructions, c.instret0 + c.instructions);
    } else if (c.t === 'ckpt') {
      s.checkpoints++;
      s.checkpointBytes += c.machine.length + (c.kernel?.length ?? 0);
      s.endCycle = Math.max(s.endCycle, c.cycle);
    } else if (c.t === 'end') {
      s.stop = c.stop === 'exit' ? `exit ${c.code}` : c.stop === 'halt' ? `halt (${c.reason})` : c.stop;
      s.endCycle = Math.max(s.endCycle, c.cycles);
      s.instructions = c.instret;
      this.ended = true;
    }
  }

  hole(h: Hole): void { this.s.holes.push(h); this.ended = false; }

  finish(size: number): TraceSummary {
    const s = this.s;
    s.size = size;
    s.complete = this.ended && s.holes.length === 0;
    s.threads = [...this.threads.entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
    return s;
  }
}

/** One line on a trace's state: complete, or where it is damaged / cut short. */
export function statusLine(s: TraceSummary): string {
  if (s.complete) return 'complete';
  const holes = s.holes.filter((h) => h.end < s.size);
  const tail = s.holes.find((h) => h.end >= s.size);
  const parts: string[] = [];
  if (holes.length > 0) {
    const bytes = holes.reduce((n, h) => n + h.end - h.offset, 0);
    parts.push(`DAMAGED: ${holes.length} unreadable stretch${holes.length > 1 ? 'es' : ''} skipped (${bytes} bytes; first: ${holes[0].problem} at offset ${holes[0].offset}, resumed at ${holes[0].end}); events there are missing`);
  }
  if (tail !== undefined) parts.push(`TRUNCATED: ${tail.problem} at offset ${tail.offset}; readable up to there`);
  else if (s.stop === 'truncated') parts.push('TRUNCATED: no end chunk (recording was interrupted); readable up to there');
  return parts.join('; ');
}

/** The summary as meta facts (string key/value) for the index, and back. */
export function summaryFacts(s: TraceSummary): Record<string, string> {
  return { summary: JSON.stringify(s), stream_size: String(s.size), complete: s.complete ? '1' : '0', stop: s.stop, cycles: String(s.endCycle), instret: String(s.instructions) };
}

export function summaryFromFacts(meta: Map<string, string>): TraceSummary | null {
  const j = meta.get('summary');
  if (j === undefined) return null;
  try {
    const s = JSON.parse(j) as TraceSummary;
    return typeof s === 'object' && s !== null && typeof s.endCycle === 'number' && Array.isArray(s.holes) && typeof s.events === 'object' ? s : null;
  } catch { return null; }
}
