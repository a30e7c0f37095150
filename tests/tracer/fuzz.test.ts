/**
 * Seeded, bounded fuzzing of everything seltrace reads from disk: traces, indexes and .system
 * files, mutated from real ones. Every case runs the real CLI in a child process with a timeout
 * and a memory measurement, and must end in one line with exit 0 or 2 (or a guest's own exit
 * code for `run`): no hang, no exit 70, bounded memory, and for traces everything before the
 * first damaged byte still readable. SELTRACE_FUZZ_SEED / SELTRACE_FUZZ_CASES widen a local run.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readTrace } from '../../tracer/trace-stream.js';
import { recordElf } from '../helpers/record.js';

const CLI = 'dist/src/cli.js';
const SEED = Number(process.env.SELTRACE_FUZZ_SEED ?? 20261203);
const CASES = Number(process.env.SELTRACE_FUZZ_CASES ?? 8);
const RSS_LIMIT_MB = 400;

interface Outcome { status: number | null; stderr: string; rssMB: number; timedOut: boolean; }
function run(args: string[], timeout = 60_000): Outcome {
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', 'node', CLI, ...args], { encoding: 'utf8', timeout, maxBuffer: 256 << 20 });
  const m = /maxrss=(\d+)\n?$/.exec(r.stderr ?? '');
  return {
    status: r.status, timedOut: r.error !== undefined || r.signal !== null,
    stderr: (r.stderr ?? '').replace(/(Command exited with non-zero status \d+\n)?maxrss=\d+\n?$/, ''), rssMB: m !== null ? Number(m[1]) / 1024 : NaN,
  };
}

/** xorshift32: the same seed, the same mutations. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x % n; };
}

type Mutation = { name: string; at: number; apply: (b: Buffer) => Buffer };
function mutations(rand: (n: number) => number, size: number, from = 0): Mutation {
  const at = from + rand(Math.max(1, size - from));
  switch (rand(6)) {
    case 0: return { name: `flip byte at ${at}`, at, apply: (b) => { const c = Buffer.from(b); c[at] ^= 1 + rand(255); return c; } };
    case 1: return { name: `truncate at ${at}`, at, apply: (b) => b.subarray(0, at) };
    case 2: { const n = 1 + rand(4096); return { name: `zero ${n} bytes at ${at}`, at, apply: (b) => { const c = Buffer.from(b); c.fill(0, at, Math.min(b.length, at + n)); return c; } }; }
    case 3: { const n = 1 + rand(512); return { name: `insert ${n} junk bytes at ${at}`, at, apply: (b) => Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: n }, () => rand(256))), b.subarray(at)]) }; }
    case 4: { const n = 1 + rand(65536); return { name: `duplicate ${n} bytes at ${at}`, at, apply: (b) => Buffer.concat([b.subarray(0, at + n), b.subarray(at)]) }; }
    default: { const w = rand(2 ** 32 - 1); return { name: `overwrite word at ${at} with ${w}`, at, apply: (b) => { const c = Buffer.from(b); if (at + 4 <= c.length) c.writeUInt32LE(w, at); return c; } }; }
  }
}

describe(`fuzz (seed ${SEED}, ${CASES} cases per input kind)`, () => {
  let dir = '', good = '', bad: string[] = [];
  const tally = { tried: 0, clean: 0 };
  const judge = (what: string, o: Outcome, allowed: (s: number) => boolean): void => {
    tally.tried++;
    const ok = !o.timedOut && o.status !== null && allowed(o.status) && o.rssMB < RSS_LIMIT_MB && o.stderr.trim().split('\n').length <= 2;
    if (ok) tally.clean++; else bad.push(`${what}: status ${o.status}${o.timedOut ? ' (timeout)' : ''}, ${o.rssMB.toFixed(0)} MB, ${o.stderr.trim()}`);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-fuzz-'));
    good = join(dir, 'good.strace');
    recordElf('bench/guest/bench-small.elf', good, 300_000);
    bad = [];
  });

  it('mutated traces: exit 0 or 2, no hang, bounded memory, everything before the damage readable', () => {
    bad.length = 0;
    const rand = rng(SEED);
    const orig = readFileSync(good);
    const t0 = readTrace(good);
    for (let i = 0; i < CASES; i++) {
      const m = mutations(rand, orig.length, 8);
      const p = join(dir, `t${i}.strace`);
      writeFileSync(p, m.apply(orig));
      for (const args of [['info', p], ['replay', p, '--at', 'cycle', String(rand(6_000_000)), '--print']]) {
        judge(`${m.name}: ${args[0]}`, run(args), (s) => s === 0 || s === 2);
      }
      // Every chunk that ended before the damage is still there, at its offset.
      let t: ReturnType<typeof readTrace> | null = null;
      try { t = readTrace(p); } catch { /* header destroyed: reported as exit 2 above */ }
      if (t !== null) {
        const offsets = new Set(t.chunks.map((c) => c.offset));
        const before = t0.chunks.filter((c, k) => (t0.chunks[k + 1]?.offset ?? orig.length) <= m.at);
        for (const c of before) if (!offsets.has(c.offset)) bad.push(`${m.name}: chunk at ${c.offset} (before the damage) lost`);
      }
      rmSync(p, { force: true }); rmSync(`${p}.db`, { force: true });
    }
    expect(bad).toEqual([]);
  });

  it('mutated indexes: rebuilt or refused with exit 2, never exit 70', () => {
    bad.length = 0;
    const rand = rng(SEED ^ 0x5eed);
    run(['index', good]);
    const db = readFileSync(`${good}.db`);
    for (let i = 0; i < CASES; i++) {
      const m = mutations(rand, db.length);
      const p = join(dir, `i${i}.strace`);
      copyFileSync(good, p);
      writeFileSync(`${p}.db`, m.apply(db));
      judge(`index ${m.name}: events`, run(['events', p, '--kind', 'exit']), (s) => s === 0 || s === 2);
      judge(`index ${m.name}: replay`, run(['replay', p, '--at', 'cycle', '5000', '--print']), (s) => s === 0 || s === 2);
      rmSync(p, { force: true }); rmSync(`${p}.db`, { force: true });
    }
    expect(bad).toEqual([]);
  });

  it('mutated .system files: pack says exit 0 or 2; what packs runs to an end within its cycle limit', () => {
    bad.length = 0;
    const rand = rng(SEED ^ 0x5157);
    const src = join(dir, 'sys');
    cpSync('examples/client-server-driver', src, { recursive: true });
    const text = readFileSync(join(src, 'client-server-driver.system'), 'latin1');
    const numbers = ['0', '-1', '0x0', '4294967296', '0xffffffffffffffff', '1e9', '99999999999999999999', '0x40000000', '255', ''];
    for (let i = 0; i < CASES; i++) {
      let s = text;
      const k = rand(3);
      if (k === 0) { const at = rand(s.length); s = s.slice(0, at) + s.slice(at + 1 + rand(20)); }
      else if (k === 1) { const attrs = [...s.matchAll(/="([^"]*)"/g)]; const a = attrs[rand(attrs.length)]; s = s.slice(0, a.index) + `="${numbers[rand(numbers.length)]}"` + s.slice(a.index + a[0].length); }
      else { const at = rand(s.length); s = s.slice(0, at) + String.fromCharCode(rand(128)) + s.slice(at); }
      const sys = join(src, `m${i}.system`), img = join(src, `m${i}.elf`);
      writeFileSync(sys, s, 'latin1');
      const p = run(['pack', sys, '-o', img]);
      judge(`system #${i}: pack`, p, (c) => c === 0 || c === 2);
      if (p.status === 0) judge(`system #${i}: run`, run(['run', img, '--max-cycles', '20M'], 120_000), (c) => c !== 70);
    }
    expect(bad).toEqual([]);
    process.stderr.write(`fuzz: ${tally.clean} of ${tally.tried} bad inputs handled cleanly\n`);
  });
});
