import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const CLI = 'dist/src/cli.js';
const cli = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8' });

describe('seltrace deadlines', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-dl-cli-'));
    expect(cli('record', 'examples/deadline-miss/image.elf', '-o', join(dir, 'dm'), '-q').status).toBe(0);
    expect(cli('record', 'examples/passive-signal/image.elf', '-o', join(dir, 'ps'), '-q').status).toBe(0);
    expect(cli('record', 'tests/cli/bin/loop.elf', '-o', join(dir, 'bare'), '-q', '--max-cycles', '100000').status).toBe(0);
    // A 1 GHz hart (100 cycles per 10 MHz tick): 1000 cycles per µs.
    expect(cli('record', 'examples/deadline-miss/image.elf', '-o', join(dir, 'fast'), '-q', '--cycles-per-tick', '100').status).toBe(0);
  });

  it('--deadline times are at the recording\'s clock', () => {
    const deadline = (trace: string): unknown => {
      const r = cli('deadlines', join(dir, trace), '--deadline', 'control=1.5ms', '--json');
      expect(r.status).toBe(0);
      const j = JSON.parse(r.stdout) as { cyclesPerUs: number; tasks: { thread: string; deadline: number | null }[] };
      return [j.cyclesPerUs, j.tasks.find((t) => t.thread === 'control')?.deadline];
    };
    expect(deadline('dm.strace')).toEqual([100, 150_000]);
    expect(deadline('fast.strace')).toEqual([1000, 1_500_000]);
    expect(cli('deadlines', join(dir, 'fast.strace'), '--deadline', 'control=1.5ms').stdout).toMatch(/^ {2}control +200 +\d+ +periodic +1\.500 ms/m);
  });

  it('reports control\'s period-4 miss as a priority inversion behind logger', () => {
    const r = cli('deadlines', join(dir, 'dm.strace'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 deadline miss\b/);
    expect(r.stdout).toMatch(/MISS control \(200\) job 4: .*late by \d+\.\d{3} ms/);
    expect(r.stdout).toMatch(/inversion .*PRIORITY INVERSION: control \(200\) waits for server \(50\), kept off the CPU by logger \(100\)/);
    expect(r.stdout.split('\n').length).toBeLessThan(20);
  });

  it('--json has the documented shape: a misses entry for control with an inversion naming logger', () => {
    const r = cli('deadlines', join(dir, 'dm.strace'), '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { tasks: unknown[]; jobs: unknown[]; misses: { thread: string; job: number; release: number; deadline: number; finish: number; lateness: number; causes: { kind: string; cycles: number; by: string | null; event: number }[] }[] };
    expect(j.tasks.length).toBe(3);
    expect(j.jobs.length).toBeGreaterThan(8);
    expect(j.misses).toHaveLength(1);
    const m = j.misses[0];
    expect(m).toMatchObject({ thread: 'control', job: 4 });
    for (const k of ['release', 'deadline', 'finish', 'lateness']) expect(typeof (m as unknown as Record<string, unknown>)[k]).toBe('number');
    expect(m.causes.find((c) => c.kind === 'inversion')?.by).toBe('logger');
    expect(m.causes.every((c) => typeof c.cycles === 'number' && typeof c.event === 'number')).toBe(true);
  });

  it('says so when there is no miss', () => {
    const r = cli('deadlines', join(dir, 'ps.strace'));
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/no deadline misses/);
  });

  it('a bare trace: one line, exit 2', () => {
    const r = cli('deadlines', join(dir, 'bare.strace'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^seltrace: .*needs a system recording/);
  });

  it('a damaged system recording: analysed, with one line saying what is missing; cut after its header: one line, exit 2', () => {
    const bytes = readFileSync(join(dir, 'dm.strace'));
    // The header chunk (magic, then u32 chunk magic | u32 length | u32 crc | payload) holds the image.
    const headerEnd = 8 + 12 + bytes.readUInt32LE(12);
    const hurt = Buffer.from(bytes);
    const mid = headerEnd + Math.floor((hurt.length - headerEnd) / 2);
    for (let i = mid; i < mid + 64; i++) hurt[i] ^= 0x5a;
    writeFileSync(join(dir, 'hurt.strace'), hurt);
    const r = cli('deadlines', join(dir, 'hurt.strace'), '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/is damaged or truncated \(chunk checksum mismatch.*\): jobs in what is missing are not analysed/);
    expect((JSON.parse(r.stdout) as { damage?: string }).damage).toMatch(/checksum/);
    // Only the header chunk and a few bytes.
    writeFileSync(join(dir, 'cut.strace'), bytes.subarray(0, headerEnd + 10));
    const c = cli('deadlines', join(dir, 'cut.strace'));
    expect(c.status).toBe(2);
    expect(c.stderr.trim().split('\n').filter((l) => !l.includes('rebuilding'))).toHaveLength(1);
    expect(c.stderr).toMatch(/this recording of a system has none before its damage \(truncated chunk/); // was: "this trace is of a bare program"
  });

  it('bad --deadline and --thread: one line, exit 2', () => {
    for (const args of [['--deadline', 'control'], ['--deadline', 'nobody=1ms'], ['--thread', 'nobody']]) {
      const r = cli('deadlines', join(dir, 'dm.strace'), ...args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
