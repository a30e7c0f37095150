import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootImageBytes } from '../../emulator/boot.js';
import { recordElf } from '../helpers/record.js';
import { readTrace, encodeChunk, encodeEventsChunk, eventsChunkBound, pack, BLOCKS_DEFLATE_LEVEL, type EventsChunk } from '../../tracer/trace-stream.js';
import { deflateRawSync } from 'node:zlib';
import { decodeBlocks } from '../../tracer/block-codec.js';
import { Timeline } from '../../replay/timeline.js';
import { readSummary } from '../../tracer/index-cache.js';

function summaryOf(path: string): { blocks: number } {
  const r = readSummary(path);
  r.file.close();
  expect(r.fromIndex).toBe(true);
  return r.summary;
}

const ELF = 'bench/guest/bench-small.elf';

describe('recorder', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'seltrace-rec-')); });

  it('is deterministic: recording the same image twice gives byte-identical streams', () => {
    recordElf(ELF, join(dir, 'a.strace'));
    recordElf(ELF, join(dir, 'b.strace'));
    const a = readFileSync(join(dir, 'a.strace')), b = readFileSync(join(dir, 'b.strace'));
    expect(a.length).toBeGreaterThan(1000);
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('writes an events chunk from its parts (deflated blocks, packed events) as encodeChunk writes it whole', () => {
    recordElf('examples/deadline-miss/image.elf', join(dir, 'e.strace'), 100_000, 1_500_000);
    const t = readTrace(join(dir, 'e.strace'));
    const file = readFileSync(join(dir, 'e.strace'));
    const evs = t.chunks.filter((c) => c.chunk.t === 'ev');
    expect(evs.some((c) => (c.chunk as EventsChunk).events.length > 0)).toBe(true);
    for (const { offset, chunk } of evs) {
      const c = chunk as EventsChunk;
      const whole = encodeChunk(c);
      const parts = encodeEventsChunk(c, deflateRawSync(c.blocks, { level: BLOCKS_DEFLATE_LEVEL }), pack(c.events));
      expect(Buffer.compare(parts, whole)).toBe(0);
      expect(Buffer.compare(parts, file.subarray(offset, offset + parts.length))).toBe(0);
      expect(parts.length).toBeLessThanOrEqual(eventsChunkBound(c.blocks.length, pack(c.events).length));
    }
  });

  it('accounts for every retired instruction in the block stream', () => {
    const r = recordElf(ELF, join(dir, 'c.strace'));
    const t = readTrace(join(dir, 'c.strace'));
    let n = 0, blocks = 0;
    for (const { chunk } of t.chunks) {
      if (chunk.t !== 'ev') continue;
      let inChunk = 0;
      decodeBlocks(chunk.blocks, (_s, len) => { inChunk += len; blocks++; });
      expect(inChunk).toBe(chunk.instructions);
      expect(chunk.instret0).toBe(n);
      n += inChunk;
    }
    expect(blocks).toBeGreaterThan(1000);
    // The recorder counts blocks as it encodes them; the summary it stores must agree.
    expect(summaryOf(join(dir, 'c.strace')).blocks).toBe(blocks);
    expect(n).toBe(r.instret);
    expect(t.complete).toBe(true);
  });

  it('re-executing from checkpoint k reproduces the block stream up to checkpoint k+1', () => {
    const path = join(dir, 'd.strace');
    recordElf(ELF, path, 300_000);
    const t = readTrace(path);
    const cks = t.chunks.filter((c) => c.chunk.t === 'ckpt');
    expect(cks.length).toBeGreaterThanOrEqual(4);
    const refs = cks.map((c) => {
      const k = c.chunk as { index: number; cycle: number; instret: number; key: boolean };
      return { idx: k.index, cycle: k.cycle, instret: k.instret, key: k.key, offset: c.offset };
    });
    for (const k of [1, 2]) {
      // Recorded blocks between checkpoint k and k+1 (chunks are flushed at checkpoints).
      const recorded: number[] = [];
      const from = cks[k].offset, to = cks[k + 1].offset;
      for (const c of t.chunks) {
        if (c.chunk.t === 'ev' && c.offset > from && c.offset < to) decodeBlocks((c.chunk as EventsChunk).blocks, (s, l) => recorded.push(s, l));
      }
      const b = bootImageBytes(readFileSync(ELF), 'img.elf');
      b.machine.batchCap = t.header.config.batchCap;
      // A fresh timeline on a fresh machine: seeking to checkpoint k restores exactly it.
      const tl = new Timeline(path, readFileSync(path), refs, b.machine, null, refs[refs.length - 1].cycle);
      tl.seek(refs[k].cycle);
      expect([tl.stats.lastBase, tl.stats.lastBaseInstret]).toEqual(['ckpt', refs[k].instret]);
      const cpu = b.machine.cpu;
      const replayed: number[] = [];
      let seen = cpu.batchSeq;
      b.machine.run(refs[k + 1].cycle, () => {
        if (cpu.batchSeq === seen) return;
        seen = cpu.batchSeq;
        replayed.push(...cpu.batchRecords());
      });
      expect(cpu.cycle).toBe(refs[k + 1].cycle);
      expect(replayed.length).toBeGreaterThan(100);
      expect(replayed).toEqual(recorded);
    }
  });
});
