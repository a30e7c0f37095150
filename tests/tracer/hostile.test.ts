import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { readTrace, TraceWriter, type Chunk, type HeaderChunk } from '../../tracer/trace-stream.js';
import { encodeEvent } from '../../tracer/schema.js';
import { recordElf } from '../helpers/record.js';

const CLI = 'dist/src/cli.js';
/** The CLI with a hard timeout (a hang is a failure, not a stuck suite) and its peak RSS in MB. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string; rssMB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', 'node', CLI, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  const m = /maxrss=(\d+)\n?$/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/(Command exited with non-zero status \d+\n)?maxrss=\d+\n?$/, ''), rssMB: m !== null ? Number(m[1]) / 1024 : NaN };
}

/** Rewrite a trace chunk by chunk through `edit` (returning null drops a chunk). */
function rewrite(src: string, dst: string, edit: (c: Chunk, i: number) => Chunk | null): void {
  const t = readTrace(src);
  const w = new TraceWriter(dst);
  t.chunks.forEach((c, i) => { const e = edit(c.chunk, i); if (e !== null) w.write(e); });
  w.close();
}

describe('hostile and damaged inputs', () => {
  let dir = '', good = '', esc = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-hostile-'));
    good = join(dir, 'good.strace');
    // A WFI trace with several checkpoints: 78 instructions over 25k mostly idle cycles, so they come
    // from the idle bound (16 intervals of cycles, tracer/recorder.ts): one every ~5000 cycles.
    recordElf('tests/cli/bin/timer.elf', good, 312);
    esc = join(dir, 'esc.strace');
    recordElf('tests/cli/bin/escape.elf', esc);
  });

  it('broken header fields (ramSize 2^40, cyclesPerTick 0, bad ramBase) are "corrupt" with exit 2 in info, events and replay', () => {
    const cases: [Partial<HeaderChunk['config']>, RegExp][] = [
      [{ ramSize: 2 ** 40 }, /corrupt header: ramSize 1099511627776/],
      [{ cyclesPerTick: 0 }, /corrupt header: cyclesPerTick 0/],
      [{ ramBase: 0x1000 }, /corrupt header: ramBase/],
    ];
    for (const [cfg, msg] of cases) {
      const p = join(dir, 'hdr.strace');
      rewrite(good, p, (c) => c.t === 'header' ? { ...c, config: { ...c.config, ...cfg } } : c);
      for (const cmd of [['info', p], ['events', p], ['replay', p, '--print']]) {
        const r = cli(...cmd);
        expect(r.status, `${cmd[0]} ${JSON.stringify(cfg)}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(msg);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
      rmSync(p); if (existsSync(`${p}.db`)) rmSync(`${p}.db`);
    }
  });

  it('junk events inside a checksummed chunk are a reported hole; the rest stays readable', () => {
    const p = join(dir, 'junk.strace');
    let done = false;
    rewrite(good, p, (c) => {
      if (c.t === 'ev' && !done) { done = true; return { ...c, events: [...c.events, [99, 1, 2, 'x'], encodeEvent('uart', 0, { cycle: 1, byte: 65 })] }; }
      return c;
    });
    const info = cli('info', p);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/DAMAGED: 1 unreadable stretch skipped .*corrupt events chunk: unknown event kind code 99/);
    const ev = cli('events', p, '--kind', 'exit');
    expect(ev.status).toBe(0);
    expect(ev.stdout).toMatch(/exit/);
  });

  it('garbage, empty, foreign-schema and recursive-view indexes are rebuilt, never trusted (no hang, no exit 70)', () => {
    const variants: [string, (db: string) => void][] = [
      ['garbage', (db) => writeFileSync(db, Buffer.from('this is not an sqlite database at all'.repeat(200)))],
      ['empty', (db) => writeFileSync(db, Buffer.alloc(0))],
      ['foreign', (db) => { const d = new Database(db); d.exec('CREATE TABLE meta (k, v); CREATE TABLE stuff (x)'); d.close(); }],
      ['recursive view', (db) => {
        const d = new Database(db);
        d.exec(`CREATE TABLE meta (key TEXT, value TEXT); CREATE VIEW events AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS id, x AS cycle, x AS instret, 'uart' AS kind, NULL AS thread, NULL AS object, 0 AS chunk, '{}' AS data FROM c`);
        d.close();
      }],
    ];
    for (const [name, make] of variants) {
      const p = join(dir, `db-${name.replace(/ /g, '-')}.strace`);
      copyFileSync(good, p);
      rmSync(`${p}.db`, { force: true });
      make(`${p}.db`);
      for (const cmd of [['events', p], ['replay', p, '--print']]) {
        const r = cli(...cmd);
        expect(r.status, `${name} ${cmd[0]}: ${r.stderr}`).toBe(0);
        expect(r.stderr, name).toMatch(/^seltrace: index .* rebuilding it from the stream\n$|^$/);
      }
      expect(cli('events', p).stderr).toBe(''); // rebuilt once, trusted after
    }
  });

  it('a checkpoint that inflates beyond guest RAM is refused with exit 2 before it is allocated', () => {
    const p = join(dir, 'bomb.strace');
    const bomb = deflateRawSync(Buffer.alloc(300 << 20), { level: 9 });
    rewrite(good, p, (c) => c.t === 'ckpt' ? { ...c, machine: bomb } : c);
    const r = cli('replay', p, '--at', 'cycle', '20000', '--print');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/corrupt checkpoint: its snapshot inflates beyond \d+ bytes/);
    expect(r.rssMB).toBeLessThan(400);
  });

  it('terminal control characters from the image name and the guest console are escaped in info, events and replay --print', () => {
    const p = join(dir, 'evil.strace');
    rewrite(esc, p, (c) => c.t === 'header' ? { ...c, imageName: 'x\x1b]0;pwned\x07.elf' } : c);
    const info = cli('info', p);
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('x\\x1b]0;pwned\\x07.elf');
    const ev = cli('events', p, '--kind', 'uart');
    const rp = cli('replay', p, '--at', 'cycle', '90', '--print');
    expect(rp.stdout).toContain('\\x1b[2J\\x1b]0;owned\\x07hi');
    for (const r of [info, ev, rp]) {
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
  });
});
