import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, statSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readTrace, TraceFile } from '../../tracer/trace-stream.js';
import { ReplaySession } from '../../replay/session.js';
import { recordElf } from '../helpers/record.js';
import { synthesizeTrace } from '../../bench/synth-trace.js';

const CLI = 'dist/src/cli.js';
/** Run the CLI under /usr/bin/time: exit status, output and peak RSS in MB. */
function cliMeasured(...args: string[]): { status: number | null; stdout: string; stderr: string; rssMB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', 'node', CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  const m = /maxrss=(\d+)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/maxrss=\d+\n?/, ''), rssMB: Number(m![1]) / 1024 };
}

describe('streaming trace reads', () => {
  let dir = '', small = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-stream-'));
    small = join(dir, 'small.strace');
    recordElf('bench/guest/bench-small.elf', small, 300_000);
  });

  it('a flipped word mid-trace is a hole: reading resumes at the next good chunk and the hole is reported', () => {
    const t0 = readTrace(small);
    const k = Math.floor(t0.chunks.length / 2);
    const victim = t0.chunks[k];
    const bytes = readFileSync(small);
    bytes.writeUInt32LE((bytes.readUInt32LE(victim.offset + 40) ^ 0xdeadbeef) >>> 0, victim.offset + 40);
    const p = join(dir, 'flipped.strace');
    writeFileSync(p, bytes);
    const t = readTrace(p);
    expect(t.holes).toEqual([{ offset: victim.offset, end: t0.chunks[k + 1].offset, problem: 'chunk checksum mismatch (corrupted data)' }]);
    expect(t.chunks.length).toBe(t0.chunks.length - 1);
    expect(t.chunks[t.chunks.length - 1].chunk.t).toBe('end');
    expect(t.complete).toBe(false);
    const info = spawnSync('node', [CLI, 'info', p], { encoding: 'utf8' });
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(new RegExp(`DAMAGED: 1 unreadable stretch skipped .*at offset ${victim.offset}, resumed at ${t0.chunks[k + 1].offset}`));
    expect(info.stdout).toMatch(/stop +exit 0/);
    // Replay still reaches the end of the recording, past the hole.
    const r = ReplaySession.open(p);
    const full = ReplaySession.open(small);
    expect(r.endCycle).toBe(full.endCycle);
    r.seek(r.endCycle);
    expect(r.cycle).toBe(full.endCycle);
    r.close(); full.close();
  });

  it('memory stays bounded for a 150 MB trace: info, index, events and replay', () => {
    const big = join(dir, 'big.strace');
    synthesizeTrace(small, big, { bytes: 150e6 });
    expect(statSync(big).size).toBeGreaterThan(140e6);
    for (const args of [['info', big], ['index', big], ['info', big], ['events', big, '--kind', 'exit'], ['replay', big, '--at', 'cycle', '1000', '--print']]) {
      const r = cliMeasured(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.rssMB, args.join(' ')).toBeLessThan(160);
    }
    rmSync(big); rmSync(`${big}.db`);
  });

  it('offsets beyond 2 GiB: a sparse 2.2 GB trace opens, indexes and replays (no ERR_FS_FILE_TOO_LARGE)', () => {
    const huge = join(dir, 'huge.strace');
    const { tailOffset } = synthesizeTrace(small, huge, { bytes: 0, gapTo: 2 ** 31 + 12345 });
    expect(statSync(huge).size).toBeGreaterThan(2 ** 31);
    const f = TraceFile.open(huge);
    expect(f.chunkAt(tailOffset).t).toBe('ev');
    f.close();
    const ev = cliMeasured('events', huge, '--kind', 'exit');
    expect(ev.status, ev.stderr).toBe(0);
    expect(ev.stderr).toMatch(/index .* is missing; rebuilding it from the stream/);
    expect(ev.stdout).toMatch(/exit/);
    expect(ev.rssMB).toBeLessThan(160);
    const info = cliMeasured('info', huge, '--json');
    expect(info.status).toBe(0);
    const j = JSON.parse(info.stdout) as { holes: { offset: number; end: number }[]; bytes: number; stop: string };
    expect(j.bytes).toBe(statSync(huge).size);
    expect(j.holes).toHaveLength(1);
    expect(j.holes[0].end).toBe(tailOffset);
    expect(j.stop).toBe('exit 0');
    expect(info.rssMB).toBeLessThan(160);
    const rp = cliMeasured('replay', huge, '--at', 'cycle', '5000', '--print');
    expect(rp.status, rp.stderr).toBe(0);
    expect(rp.stdout).toMatch(/cycle\s+5000/);
    rmSync(huge); if (existsSync(`${huge}.db`)) rmSync(`${huge}.db`);
  });
});
