/**
 * The block translator against the interpreter (the reference): every ISA test and the bench
 * guest give identical results, instruction counts and machine state with translation forced
 * on every block (threshold 1) and off (0); and recordings are byte-identical either way.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest, elfBytes } from '../isa/manifest.js';
import { runBareElf } from '../../emulator/run.js';
import { bootImageBytes } from '../../emulator/boot.js';
import { record } from '../../tracer/recorder.js';
import { stateHash } from '../helpers/state-hash.js';

describe('block translator vs interpreter', () => {
  for (const e of loadManifest()) {
    it(`ISA test ${e.name}`, () => {
      const bytes = elfBytes(e);
      const interp = runBareElf(bytes, { maxCycles: 50_000_000, jitThreshold: 0 });
      const jit = runBareElf(bytes, { maxCycles: 50_000_000, jitThreshold: 1 });
      expect(jit.exitCode).toBe(e.expect.exitCode);
      expect(jit).toEqual(interp);
    });
  }

  it('bench guest: same state at many points', () => {
    const img = readFileSync('bench/guest/bench-small.elf');
    const a = bootImageBytes(img, 'x', { jitThreshold: 0 }).machine;
    const b = bootImageBytes(img, 'x', { jitThreshold: 1 }).machine;
    for (let c = 100_000; c <= 5_000_000; c += 700_001) {
      a.run(c); b.run(c);
      expect(stateHash(b), `cycle ${c}`).toBe(stateHash(a));
    }
  });

  for (const k of ['crc', 'qsort', 'matmul', 'sieve', 'hash', 'div', 'calls']) {
    it(`ordinary -O2 C kernel ${k} (bench/guest/ordinary): same state interpreted and translated`, () => {
      const img = readFileSync(`bench/guest/ordinary/ordinary-${k}.elf`);
      const a = bootImageBytes(img, 'x', { jitThreshold: 0 }).machine;
      const b = bootImageBytes(img, 'x', { jitThreshold: 1 }).machine;
      const c = bootImageBytes(img, 'x', { jitThreshold: 50 }).machine;
      for (const cyc of [100_001, 250_000]) {
        a.run(cyc); b.run(cyc); c.run(cyc);
        expect(stateHash(b), `threshold 1 at cycle ${cyc}`).toBe(stateHash(a));
        expect(stateHash(c), `threshold 50 at cycle ${cyc}`).toBe(stateHash(a));
      }
    });
  }

  it('recordings are byte-identical with and without translation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-jit-'));
    const img = readFileSync('bench/guest/bench-small.elf');
    const out: Buffer[] = [];
    for (const t of [0, 1, 50]) {
      const b = bootImageBytes(img, 'x', { jitThreshold: t });
      const p = join(dir, `t${t}.strace`);
      record({ machine: b.machine, kernel: null, imageName: 'x', image: img, imageKind: 'bare', input: null, symbols: b.symbols },
        { streamPath: p, indexPath: `${p}.db`, maxCycles: 1e9 });
      out.push(readFileSync(p));
    }
    expect(Buffer.compare(out[0], out[1])).toBe(0);
    expect(Buffer.compare(out[0], out[2])).toBe(0);
  });
});
