/**
 * The checkpoint timeline of an open trace (rr's ReplayTimeline, in miniature): which
 * checkpoint to restore for a target cycle, and how to rebuild it (keyframe + deltas).
 */
import type { Machine, MachineSnapshot } from '../emulator/machine.js';
import type { BootedKernel } from '../emulator/boot.js';
import { readChunk, unpack, inflateSnapshot, TraceError, type CheckpointChunk, type TraceFile } from '../tracer/trace-stream.js';

export interface CheckpointRef { idx: number; cycle: number; instret: number; key: boolean; offset: number; }

export class Timeline {
  /** Decoded checkpoints, most recently used kept (seeking back and forth reuses them). */
  private cache = new Map<number, { machine: MachineSnapshot; kernel: unknown }>();

  readonly checkpoints: readonly CheckpointRef[];

  constructor(private readonly path: string, private readonly buf: Uint8Array | TraceFile, all: readonly CheckpointRef[], private readonly ramSize = 2 ** 31) {
    this.checkpoints = restorable(all);
    if (this.checkpoints.length === 0) throw new TraceError(path, 0, 'trace has no checkpoint to replay from');
  }

  /** The last checkpoint at or before `cycle` (the first one if `cycle` precedes all). */
  before(cycle: number): CheckpointRef {
    const cks = this.checkpoints;
    let lo = 0, hi = cks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cks[mid].cycle <= cycle) lo = mid; else hi = mid - 1;
    }
    return cks[lo];
  }

  private load(ref: CheckpointRef): { machine: MachineSnapshot; kernel: unknown } {
    const hit = this.cache.get(ref.idx);
    if (hit !== undefined) { this.cache.delete(ref.idx); this.cache.set(ref.idx, hit); return hit; }
    const c = readChunk(this.path, this.buf, ref.offset) as CheckpointChunk;
    if (c.t !== 'ckpt' || c.index !== ref.idx) throw new TraceError(this.path, ref.offset, 'index does not match the stream (checkpoint mismatch); rebuild it with `seltrace index`');
    const ram = this.ramSize;
    const machine = unpack(inflateSnapshot(this.path, ref.offset, c.machine, ram)) as MachineSnapshot;
    const kernel = c.kernel !== null ? unpack(inflateSnapshot(this.path, ref.offset, c.kernel, ram)) : null;
    const v = { machine, kernel };
    this.cache.set(ref.idx, v);
    while (this.cache.size > 24) this.cache.delete(this.cache.keys().next().value as number);
    return v;
  }

  /** Put machine (and kernel) into the exact state of checkpoint `ref`. */
  restore(ref: CheckpointRef, m: Machine, kernel: BootedKernel | null): void {
    try { this.restoreChain(ref, m, kernel); } catch (e) {
      // Checkpoints are data from a file: one that passes its checksum but not restore is corrupt.
      if (e instanceof TraceError) throw e;
      throw new TraceError(this.path, ref.offset, `corrupt checkpoint ${ref.idx}: ${(e as Error).message}`);
    }
  }

  private restoreChain(ref: CheckpointRef, m: Machine, kernel: BootedKernel | null): void {
    const at = this.checkpoints.indexOf(ref);
    let k = at;
    while (k > 0 && !this.checkpoints[k].key) k--;
    const key = this.load(this.checkpoints[k]);
    m.restore(key.machine);
    for (let i = k + 1; i <= at; i++) m.applyPages(this.load(this.checkpoints[i]).machine);
    const target = this.load(ref);
    m.restoreState(target.machine);
    if (kernel !== null && target.kernel !== null) kernel.restore(target.kernel);
  }
}

/**
 * The checkpoints that can be rebuilt: a keyframe, or a delta whose chain back to its keyframe
 * is whole (a damaged stream can lose a checkpoint; the deltas after it wait for the next key).
 */
function restorable(all: readonly CheckpointRef[]): CheckpointRef[] {
  const out: CheckpointRef[] = [];
  let prev: CheckpointRef | null = null;
  for (const c of all) {
    if (c.key || (prev !== null && c.idx === prev.idx + 1)) { out.push(c); prev = c; }
  }
  return out;
}
