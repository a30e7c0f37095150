/**
 * The recorder's helper threads change nothing: the index built on its thread
 * (tracer/index-thread.ts) is the index built in place, and the stream whose block records are
 * encoded and deflated on the deflate helper (tracer/deflater.ts) is the stream made in place.
 * The helpers run compiled worker scripts, so this drives the compiled recorder (dist/, as
 * `seltrace record` does) in a child process: under vitest the TypeScript recorder has no
 * worker scripts and does everything in place.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { readTrace } from '../../tracer/trace-stream.js';
import { decodeBlocks } from '../../tracer/block-codec.js';

const DIST = resolve('dist/tracer/recorder.js');

/** Record `elf` for `cycles`, the index built and the deflating done per `mode`; returns the index path. */
function recordWith(elf: string, cycles: number, mode: string, base: string, every = 50_000): string {
  return recordOffThread(elf, cycles, mode, base, every).index;
}

/** The same, returning the recorder's count of work done on the helpers too. */
function recordOffThread(elf: string, cycles: number, mode: string, base: string, every: number): { index: string; offThread: { recordsJobs: number; deflateJobs: number; index: boolean } } {
  const script = `
    import { readFileSync } from 'node:fs';
    const { bootImageBytes } = await import(${JSON.stringify(resolve('dist/emulator/boot.js'))});
    const { record } = await import(${JSON.stringify(DIST)});
    const image = readFileSync(${JSON.stringify(elf)});
    const b = bootImageBytes(image, 'img.elf');
    const r = record({ machine: b.machine, kernel: b.kernel, imageName: 'img.elf', image, imageKind: b.kind, input: null, symbols: b.symbols },
      { streamPath: ${JSON.stringify(base)}, indexPath: ${JSON.stringify(base + '.db')}, maxCycles: ${cycles}, checkpointEvery: ${every}, indexThread: ${JSON.stringify(mode)}, deflateThread: ${JSON.stringify(mode)} });
    console.log(JSON.stringify(r.offThread));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { index: base + '.db', offThread: JSON.parse(r.stdout) as { recordsJobs: number; deflateJobs: number; index: boolean } };
}

/** Every table's rows in order (the stream's path and mtime aside: they differ per file). */
function contents(db: string): Record<string, unknown[][]> {
  const d = new Database(db, { readonly: true });
  try {
    const out: Record<string, unknown[][]> = {};
    const tables = d.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").raw().all() as [string, string][];
    out.schema = tables;
    for (const [name] of tables.filter(([, sql]) => /^CREATE TABLE/.test(sql))) {
      out[name] = (d.prepare(`SELECT * FROM ${name} ORDER BY rowid`).raw().all() as unknown[][])
        .filter((row) => !(name === 'meta' && (row[0] === 'stream' || row[0] === 'stream_mtime')));
    }
    return out;
  } finally { d.close(); }
}

describe('index built on a helper thread', () => {
  let dir = '';
  beforeAll(() => {
    expect(existsSync(DIST), 'npm run build first').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'seltrace-idxthread-'));
  });

  it('holds the same rows as the index built in place (system recording with kernel events)', () => {
    const elf = 'examples/control-loop/image.elf';
    const a = contents(recordWith(elf, 8_000_000, 'always', join(dir, 'a.strace')));
    const b = contents(recordWith(elf, 8_000_000, 'never', join(dir, 'b.strace')));
    expect((a.events ?? []).length).toBeGreaterThan(1000);
    expect((a.checkpoints ?? []).length).toBeGreaterThan(4);
    expect(a.threads.length).toBeGreaterThan(3);
    expect(a).toEqual(b);
    // Both helpers at work (chunks queue behind deflate jobs while events go to the index thread): the same stream.
    expect(Buffer.compare(readFileSync(join(dir, 'a.strace')), readFileSync(join(dir, 'b.strace')))).toBe(0);
  });

  it('writes the same stream whether block records and checkpoints are encoded and deflated on the helper or in place', () => {
    // A bare program (long block streams, few events), a system image (its checkpoints carry
    // the kernel model's state as a second part) and ordinary code long enough for the block
    // records to come round the CPU's ring several times while the helper reads them there, and
    // one-instruction blocks (a record per instruction: chunks of twice the usual records, the
    // next batch may have to wait for the helper to read the ring).
    for (const [elf, every, cycles] of [['bench/guest/bench-small.elf', 200_000, 1e9], ['examples/deadline-miss/image.elf', 20_000, 1_500_000],
      ['bench/guest/ordinary/ordinary-mixed.elf', 2_000_000, 60_000_000], ['bench/guest/jumps.elf', 2_000_000, 12_000_000]] as const) {
      const a = recordOffThread(elf, cycles, 'always', join(dir, 'h.strace'), every);
      const b = recordOffThread(elf, cycles, 'never', join(dir, 'p.strace'), every);
      expect(a.offThread.recordsJobs).toBeGreaterThan(0);
      expect(a.offThread.deflateJobs).toBeGreaterThan(0);
      expect(b.offThread).toEqual({ recordsJobs: 0, deflateJobs: 0, index: false });
      expect(readFileSync(join(dir, 'h.strace')).length).toBeGreaterThan(1000);
      expect(Buffer.compare(readFileSync(join(dir, 'h.strace')), readFileSync(join(dir, 'p.strace')))).toBe(0);
      // And every retired instruction is in the block streams, chunk by chunk (the two ways
      // share the encoder: this checks what it was given).
      const t = readTrace(join(dir, 'h.strace'));
      let n = 0;
      for (const { chunk } of t.chunks) {
        if (chunk.t === 'ev') {
          let inChunk = 0;
          decodeBlocks(chunk.blocks, (_s, len) => { inChunk += len; });
          expect(inChunk).toBe(chunk.instructions);
          expect(chunk.instret0).toBe(n);
          n += inChunk;
        } else if (chunk.t === 'end') expect(n).toBe(chunk.instret);
      }
    }
  });

  it('writes the same stream when the helper starts mid-recording (\'auto\': chunks wait in the ring until it runs)', () => {
    const elf = 'bench/guest/ordinary/ordinary-mixed.elf';
    const a = recordOffThread(elf, 60_000_000, 'auto', join(dir, 'auto.strace'), 2_000_000);
    const b = recordOffThread(elf, 60_000_000, 'never', join(dir, 'never.strace'), 2_000_000);
    // Started after the first records, it takes the chunks that waited for it too: most go to it.
    const chunks = readTrace(join(dir, 'never.strace')).chunks.filter((c) => c.chunk.t === 'ev').length;
    expect(chunks).toBeGreaterThan(30);
    expect(a.offThread.recordsJobs).toBeGreaterThan(chunks / 2);
    expect(Buffer.compare(readFileSync(join(dir, 'auto.strace')), readFileSync(join(dir, 'never.strace')))).toBe(0);
  });

  it('leaves the recorder\'s packed events intact when it moves them to the helper', () => {
    // pack() returns views into msgpack's shared buffer; moving one's buffer would detach every
    // other chunk's events still queued behind a checkpoint's deflate.
    const base = join(dir, 'd.strace');
    const script = `
      const { IndexThread } = await import(${JSON.stringify(resolve('dist/tracer/index-thread.js'))});
      const { pack, readTrace } = await import(${JSON.stringify(resolve('dist/tracer/trace-stream.js'))});
      const t = new IndexThread(${JSON.stringify(base + '.db')}, 'always');
      const nap = new Int32Array(new SharedArrayBuffer(4));
      for (let i = 0; i < 1000 && !t.ready(); i++) Atomics.wait(nap, 0, 0, 20);
      if (!t.ready()) { console.log('helper never ran'); process.exit(0); }
      const events = [[1, 10, 10, 3, 0], [1, 20, 20, 4, 0]];
      const first = pack(events), second = pack(events);
      t.add({ offset: 100, chunk: { t: 'ev', cycle0: 0, instret0: 0, instructions: 5, blocks: new Uint8Array(0), events } }, first);
      console.log(first.byteLength > 0 && second.byteLength === first.byteLength ? 'intact' : 'detached');
      t.finish({});
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('intact');
  });

  it('reports a failure of the helper as an error of the recording', () => {
    // The index path is a directory: the helper cannot create its database.
    const base = join(dir, 'c.strace');
    const script = `
      import { mkdirSync, rmSync } from 'node:fs';
      const { IndexThread } = await import(${JSON.stringify(resolve('dist/tracer/index-thread.js'))});
      const t = new IndexThread(${JSON.stringify(base + '.db')}, 'always');
      rmSync(${JSON.stringify(base + '.db')}); mkdirSync(${JSON.stringify(base + '.db')});
      try { t.finish({}); console.log('no error'); } catch (e) { console.log('error: ' + e.message); }
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toMatch(/^error: index .*c\.strace\.db: /);
  });
});
