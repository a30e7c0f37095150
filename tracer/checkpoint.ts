/**
 * Checkpoints: the writer (recorder) and the reader (replay timeline) of one format, with its
 * versions next to it. A checkpoint chunk holds the machine snapshot (keyframe: every page that
 * may be non-zero; delta: pages written since the previous checkpoint) and, for system images,
 * the kernel model's state — both msgpack, raw-deflated.
 *
 * The trace header records both state versions; a trace whose checkpoints this build cannot
 * restore is refused when opened, not halfway through a seek.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Machine, MachineSnapshot } from '../emulator/machine.js';
import { CPU_STATE_VERSION } from '../emulator/cpu/cpu-state.js';
import type { BootedKernel, KernelSnapshot } from '../emulator/kernel-api.js';
import { KERNEL_STATE_VERSION } from '../emulator/kernel/snapshot.js';
import { DEFLATE_LEVEL } from './deflater.js';
import { pack, unpack, TraceError, type CheckpointChunk, type TraceConfig } from './trace-stream.js';

/** The state versions a trace's header declares for its checkpoints. */
export function checkpointVersions(): Pick<TraceConfig, 'snapshotVersion' | 'kernelStateVersion'> {
  return { snapshotVersion: CPU_STATE_VERSION, kernelStateVersion: KERNEL_STATE_VERSION };
}

/** Why this build cannot restore the trace's checkpoints, or null if it can. */
export function checkpointProblem(c: TraceConfig): string | null {
  if (c.snapshotVersion !== CPU_STATE_VERSION) return `checkpoints use machine snapshot version ${c.snapshotVersion}, this seltrace restores version ${CPU_STATE_VERSION}; record the image again`;
  // Traces from before the field existed carry kernel state version 1.
  const kv = c.kernelStateVersion ?? 1;
  if (c.imageKind === 'system' && kv !== KERNEL_STATE_VERSION) return `checkpoints use kernel state version ${kv}, this seltrace restores version ${KERNEL_STATE_VERSION}; record the image again`;
  return null;
}

/** A checkpoint taken but not yet compressed: its place in the stream and its packed states. */
export interface CheckpointCapture {
  index: number; cycle: number; instret: number; key: boolean;
  machine: Uint8Array;
  kernel: Uint8Array | null;
}

/**
 * Capture the machine (and kernel) at the current point as checkpoint `index`. A keyframe holds
 * all of RAM that may be non-zero; a delta only the pages written since the previous checkpoint
 * of the same machine, whose epoch this starts. The packed states still need deflating
 * (`checkpointChunk`), which may happen elsewhere (tracer/deflater.ts).
 */
export function captureCheckpoint(m: Machine, kernel: BootedKernel | null, index: number, key: boolean): CheckpointCapture {
  const snap = m.snapshot(key ? 'full' : 'delta');
  m.startDirtyEpoch();
  return { index, cycle: m.cpu.cycle, instret: m.cpu.instret, key, machine: pack(snap), kernel: kernel !== null ? pack(kernel.snapshot()) : null };
}

/** The stream chunk of a captured checkpoint, given its states deflated (raw, DEFLATE_LEVEL). */
export function checkpointChunk(c: CheckpointCapture, machine: Uint8Array, kernel: Uint8Array | null): CheckpointChunk {
  return { t: 'ckpt', index: c.index, cycle: c.cycle, instret: c.instret, key: c.key, machine, kernel };
}

/** Capture and compress in one go (the recorder overlaps the two; see tracer/deflater.ts). */
export function encodeCheckpoint(m: Machine, kernel: BootedKernel | null, index: number, key: boolean): CheckpointChunk {
  const c = captureCheckpoint(m, kernel, index, key);
  return checkpointChunk(c, deflateRawSync(c.machine, { level: DEFLATE_LEVEL }), c.kernel !== null ? deflateRawSync(c.kernel, { level: DEFLATE_LEVEL }) : null);
}

export interface DecodedCheckpoint { machine: MachineSnapshot; kernel: KernelSnapshot | null; }

/**
 * Decode a checkpoint read from `path` at `offset`. Inflation has a ceiling: a snapshot never
 * exceeds guest RAM plus hart, device and kernel state, so a larger one is corrupt (or hostile)
 * and refused before it is allocated.
 */
export function decodeCheckpoint(c: CheckpointChunk, path = '(trace)', offset = 0, ramSize = 2 ** 31): DecodedCheckpoint {
  const limit = ramSize + (64 << 20);
  const inflate = (b: Uint8Array): Uint8Array => {
    try { return inflateRawSync(b, { maxOutputLength: limit }); } catch (e) {
      const big = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
      throw new TraceError(path, offset, `corrupt checkpoint: its snapshot ${big ? `inflates beyond ${limit} bytes` : 'does not inflate'}`);
    }
  };
  return {
    machine: unpack(inflate(c.machine)) as MachineSnapshot,
    kernel: c.kernel !== null ? unpack(inflate(c.kernel)) as KernelSnapshot : null,
  };
}

/** Bytes a checkpoint adds to the trace (machine + kernel payloads). */
export function checkpointBytes(c: CheckpointChunk): number {
  return c.machine.length + (c.kernel?.length ?? 0);
}
