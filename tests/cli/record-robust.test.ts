import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, existsSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readTrace } from '../../tracer/trace-stream.js';
import { Machine } from '../../emulator/machine.js';
import { parseElf } from '../../emulator/elf/elf-reader.js';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

const CLI = 'dist/src/cli.js';
const cli = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });

/** Start a recording in the background; resolves once its stdout has shown `marker`. */
function startRecording(args: string[], marker: string): { child: ChildProcess; out: { stdout: string; stderr: string }; ready: Promise<void>; done: Promise<number | null> } {
  const child = spawn('node', [CLI, 'record', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  let resolveReady = (): void => {};
  const ready = new Promise<void>((r) => { resolveReady = r; });
  child.stdout!.on('data', (d: Buffer) => { out.stdout += d.toString('latin1'); if (out.stdout.includes(marker)) resolveReady(); });
  child.stderr!.on('data', (d: Buffer) => { out.stderr += d.toString('latin1'); });
  const done = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out, ready, done };
}

describe('record: storms, budgets, interrupts, locks', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'seltrace-recrob-')); });

  it('a store fault the handler returns to is a trap storm: run and record end with exit 123 naming trap, cause, pc, tval', () => {
    const r = cli('run', 'tests/cli/bin/stormstore.elf');
    expect(r.status).toBe(123);
    expect(r.stderr).toBe('seltrace: trap storm: store access fault (cause 7) at pc 0x80000010, tval 0x40000000, taken 10000 times in a row with no other exception; the guest cannot make progress\n');
    const base = join(dir, 'storm');
    const rec = cli('record', 'tests/cli/bin/stormstore.elf', '-o', base, '-q');
    expect(rec.status).toBe(123);
    expect(rec.stderr).toMatch(/trap storm: store access fault \(cause 7\) at pc 0x80000010, tval 0x40000000/);
    const t = readTrace(`${base}.strace`);
    expect(t.complete).toBe(true);
    const end = t.chunks[t.chunks.length - 1].chunk;
    expect(end.t === 'end' && end.stop).toBe('trap-storm');
    expect(statSync(`${base}.strace`).size).toBeLessThan(2e6);
  });

  it('--max-trace-size ends a recording cleanly with a clear message; the trace is complete', () => {
    const base = join(dir, 'budget');
    const r = cli('record', 'bench/guest/bench.elf', '-o', base, '--max-trace-size', '300k', '-q');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/seltrace: stopped recording at \d+ bytes \(--max-trace-size 300000\); the trace is complete up to cycle \d+ — raise --max-trace-size/);
    const size = statSync(`${base}.strace`).size;
    expect(size).toBeGreaterThanOrEqual(300_000);
    expect(size).toBeLessThan(600_000);
    const info = cli('info', `${base}.strace`);
    expect(info.stdout).toMatch(/status +complete/);
    expect(info.stdout).toMatch(/stop +trace-size/);
    expect(cli('record', 'bench/guest/bench.elf', '-o', base, '--max-trace-size', 'lots').status).toBe(2);
  });

  it('SIGINT: console streamed while recording, a final chunk, a message, exit 130; a second writer is refused meanwhile', async () => {
    const base = join(dir, 'sigint');
    const rec = startRecording(['tests/cli/bin/loop.elf', '-o', base, '--max-cycles', '100G'], 'L');
    await rec.ready; // the guest's console reached stdout while recording
    expect(existsSync(`${base}.strace.lock`)).toBe(true);
    const second = cli('record', 'tests/cli/bin/loop.elf', '-o', base, '--max-cycles', '1M');
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^seltrace: .*sigint\\.strace: another seltrace \\(pid \\d+\\) is recording to this trace`));
    const reader = cli('events', `${base}.strace`);
    expect(reader.status).toBe(2);
    expect(reader.stderr).toMatch(/is being recorded \(pid \d+\)/);
    rec.child.kill('SIGINT');
    expect(await rec.done).toBe(130);
    expect(rec.out.stdout).toBe('L');
    expect(rec.out.stderr).toMatch(/seltrace: recording interrupted; the trace is complete up to there\n$/);
    expect(existsSync(`${base}.strace.lock`)).toBe(false);
    const t = readTrace(`${base}.strace`);
    expect(t.complete).toBe(true);
    const end = t.chunks[t.chunks.length - 1].chunk;
    expect(end.t === 'end' && end.stop).toBe('interrupted');
    const ev = cli('events', `${base}.strace`, '--kind', 'uart');
    expect(ev.status).toBe(0);
    expect(ev.stderr).toBe('');
  });

  it('after SIGKILL, events and replay rebuild the index themselves with one line saying so; the stale lock is taken over', async () => {
    const base = join(dir, 'killed');
    const rec = startRecording(['bench/guest/bench.elf', '-o', base, '-q'], 'never printed');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => { if (existsSync(`${base}.strace`) && statSync(`${base}.strace`).size > 300_000) { clearInterval(poll); resolve(); } }, 20);
    });
    rec.child.kill('SIGKILL');
    await rec.done;
    expect(existsSync(`${base}.strace.lock`)).toBe(true); // left behind by the dead writer
    const ev = cli('events', `${base}.strace`, '--kind', 'uart', '--limit', '3');
    expect(ev.status).toBe(0);
    expect(ev.stderr).toMatch(/^seltrace: index .*killed\.strace\.db .*; rebuilding it from the stream\n$/);
    const rp = cli('replay', `${base}.strace`, '--at', 'cycle', '1000', '--print');
    expect(rp.status).toBe(0);
    expect(rp.stderr).toBe('');
    // A new recording to the same path takes the stale lock over.
    const again = cli('record', 'tests/cli/bin/timer.elf', '-o', base, '-q');
    expect(again.status).toBe(0);
    expect(existsSync(`${base}.strace.lock`)).toBe(false);
  });

  it('an index whose end never came (its indexes missing) is called incomplete, one with tables not ours a different schema; both are rebuilt', () => {
    const base = join(dir, 'cut');
    expect(cli('record', 'tests/cli/bin/timer.elf', '-o', base, '-q').status).toBe(0);
    const db = new Database(`${base}.strace.db`);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[];
    expect(indexes.length).toBeGreaterThan(0);
    db.exec(`DROP INDEX ${indexes[0]}`);
    db.close();
    const cut = cli('events', `${base}.strace`, '--limit', '1');
    expect(cut.status).toBe(0);
    expect(cut.stderr).toMatch(/^seltrace: index .*cut\.strace\.db is incomplete \(its recording or indexing was cut short\); rebuilding it from the stream\n$/);
    const db2 = new Database(`${base}.strace.db`);
    db2.exec('CREATE TABLE notes (x)');
    db2.close();
    const foreign = cli('events', `${base}.strace`, '--limit', '1');
    expect(foreign.status).toBe(0);
    expect(foreign.stderr).toMatch(/has a different schema .*; rebuilding it from the stream\n$/);
    expect(cli('events', `${base}.strace`, '--limit', '1').stderr).toBe('');
  });

  it('a hot journal next to the index: readers rebuild instead of failing on a read-only database', () => {
    const base = join(dir, 'hot');
    expect(cli('record', 'tests/cli/bin/timer.elf', '-o', base, '-q').status).toBe(0);
    writeFileSync(`${base}.strace.db-journal`, Buffer.alloc(4096, 0xd9));
    const ev = cli('events', `${base}.strace`);
    expect(ev.status).toBe(0);
    expect(ev.stderr).toMatch(/hot journal.*rebuilding it from the stream/);
    expect(existsSync(`${base}.strace.db-journal`)).toBe(false);
    rmSync(`${base}.strace.db`);
  });

  it('console output is taken incrementally: the bytes handed out add up to the output, not to its square', () => {
    const m = new Machine();
    m.loadBareElf(parseElf(readFileSync('tests/cli/bin/uartspam.elf')));
    const mark = { uart: 0, htif: 0, semihost: 0 };
    let handed = 0, polls = 0;
    m.run(1e8, () => { polls++; for (const b of m.consoleSince(mark)) handed += b.length; });
    for (const b of m.consoleSince(mark)) handed += b.length;
    expect(m.consoleOutput().length).toBe(0x100001);
    expect(polls).toBeGreaterThan(1000);
    expect(handed).toBe(0x100001);
    // And `run` prints it all, once.
    const r = cli('run', 'tests/cli/bin/uartspam.elf');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('x'.repeat(0x100000) + '\n');
  });
});
