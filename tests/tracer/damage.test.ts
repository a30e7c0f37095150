import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync, statSync, existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { readTrace, TraceWriter, TraceError } from '../../tracer/trace-stream.js';
import { ReplaySession } from '../../replay/session.js';
import { recordElf } from '../helpers/record.js';

const CLI = 'dist/src/cli.js';
const cli = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8' });

describe('damaged traces', () => {
  let dir = '', good = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-dmg-'));
    good = join(dir, 'good.strace');
    recordElf('bench/guest/bench-small.elf', good, 300_000);
  });

  it('a flipped byte makes a hole at the damaged chunk, keeping everything before and after it', () => {
    const t0 = readTrace(good);
    const victim = t0.chunks[Math.floor(t0.chunks.length / 2)];
    const bytes = readFileSync(good);
    bytes[victim.offset + 40] ^= 0x55;
    const p = join(dir, 'flipped.strace');
    writeFileSync(p, bytes);
    const t = readTrace(p);
    expect(t.complete).toBe(false);
    expect(t.damage?.offset).toBe(victim.offset);
    expect(t.damage?.problem).toMatch(/checksum/);
    expect(t.chunks.length).toBe(t0.chunks.length - 1);
    const r = cli('info', p);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`DAMAGED: .*chunk checksum mismatch \\(corrupted data\\) at offset ${victim.offset}`));
  });

  it('a truncated file reads to its last whole chunk and can be indexed and replayed', () => {
    const bytes = readFileSync(good);
    const p = join(dir, 'trunc.strace');
    writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const t = readTrace(p);
    expect(t.complete).toBe(false);
    expect(t.damage?.problem).toMatch(/truncated/);
    expect(cli('index', p).status).toBe(0);
    const r = ReplaySession.open(p);
    expect(r.endCycle).toBeGreaterThan(0);
    r.seek(r.endCycle);
    expect(r.cycle).toBe(r.endCycle);
    r.close();
  });

  it('wrong magic, a future format version and a mismatched index are clear one-line errors', () => {
    const bad = join(dir, 'bad.strace');
    writeFileSync(bad, Buffer.from('NOTATRACE at all'));
    expect(() => readTrace(bad)).toThrow(TraceError);
    let r = cli('info', bad);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a seltrace trace \(wrong magic\) at offset 0/);

    const fut = join(dir, 'future.strace');
    const w = new TraceWriter(fut);
    w.write({ t: 'header', version: 99, imageName: 'x', imageHash: '0', image: new Uint8Array(0), input: null,
      config: { ramBase: 0, ramSize: 0, cyclesPerTick: 10, batchCap: 1, imageKind: 'bare', snapshotVersion: 2 }, symbols: [] });
    w.close();
    r = cli('info', fut);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/format version 99 is not supported/);

    // Index of another recording next to this stream.
    const other = join(dir, 'other.strace');
    recordElf('tests/isa/bin/ui_alu-p.elf', other);
    const mixed = join(dir, 'mixed.strace');
    copyFileSync(good, mixed);
    copyFileSync(`${other}.db`, `${mixed}.db`);
    // The index is a cache: one belonging to another recording is rebuilt, with a line saying so.
    r = cli('replay', mixed, '--print');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^seltrace: index .*mixed\.strace\.db belongs to a different recording \(image hash differs\); rebuilding it from the stream\n$/);
    expect(cli('replay', mixed, '--print').stderr).toBe('');
  });

  it('a recording killed with SIGKILL leaves a readable prefix that can be re-indexed', async () => {
    const base = join(dir, 'killed');
    const child = spawn('node', [CLI, 'record', 'bench/guest/bench.elf', '-o', base, '-q'], { stdio: 'ignore' });
    const stream = `${base}.strace`;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(stream) && statSync(stream).size > 400_000) { clearInterval(poll); child.kill('SIGKILL'); resolve(); }
      }, 20);
    });
    await new Promise((r) => child.on('exit', r));
    const t = readTrace(stream);
    expect(t.complete).toBe(false);
    expect(t.chunks.length).toBeGreaterThan(2);
    if (existsSync(`${stream}.db`)) unlinkSync(`${stream}.db`);
    expect(cli('index', stream).status).toBe(0);
    const info = cli('info', stream);
    expect(info.stdout).toMatch(/TRUNCATED/);
    const r = ReplaySession.open(stream);
    r.seek(Math.floor(r.endCycle / 2));
    expect(r.cycle).toBe(Math.floor(r.endCycle / 2));
    r.close();
  });
});
