/**
 * The block translator against the interpreter (the reference): every ISA test and the bench
 * guest give identical results, instruction counts and machine state with translation forced
 * on every block (threshold 1) and off (0); and recordings are byte-identical either way. The
 * JS blocks alone (wasm regions off; tests/cpu/wasm-region.test.ts covers them on top).
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
import { compileBlock } from '../../emulator/cpu/jit.js';
import { CsrFile } from '../../emulator/cpu/csr-file.js';

/** Cycles from, from + step, ... up to `to`. */
const every = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let c = from; c <= to; c += step) out.push(c);
  return out;
};

/**
 * Run an ELF interpreted only (threshold 0) and at each translation threshold side by side:
 * the machine states must be identical at every one of `cycles`.
 */
function expectSameStates(elf: string, cycles: readonly number[], thresholds: readonly number[] = [1]): void {
  const img = readFileSync(elf);
  const ref = bootImageBytes(img, 'x', { jitThreshold: 0 }).machine;
  const tiers = thresholds.map((t) => bootImageBytes(img, 'x', { jitThreshold: t, wasmTier: false }).machine);
  for (const c of cycles) {
    ref.run(c);
    const want = stateHash(ref);
    tiers.forEach((m, i) => { m.run(c); expect(stateHash(m), `threshold ${thresholds[i]} at cycle ${c}`).toBe(want); });
  }
}

describe('block translator vs interpreter', () => {
  for (const e of loadManifest()) {
    it(`ISA test ${e.name}`, () => {
      const bytes = elfBytes(e);
      const interp = runBareElf(bytes, { maxCycles: 50_000_000, jitThreshold: 0 });
      const jit = runBareElf(bytes, { maxCycles: 50_000_000, jitThreshold: 1, wasmTier: false });
      expect(jit.exitCode).toBe(e.expect.exitCode);
      expect(jit).toEqual(interp);
    });
  }

  it('bench guest: same state at many points', () => {
    expectSameStates('bench/guest/bench-small.elf', every(100_000, 5_000_000, 700_001));
  });

  it('FP guest (bench/guest/fp-bench-small.elf): same state interpreted and translated, FP ops inside blocks', () => {
    expectSameStates('bench/guest/fp-bench-small.elf', every(200_001, 3_000_000, 700_001));
  });

  it('translates F/D instructions and bails out to the interpreter when they are illegal', () => {
    // fadd.d f1, f2, f3 (dynamic rm); fmv.x.d a0, f1; jal x0, 0
    const words = [(1 << 25) | (3 << 20) | (2 << 15) | (7 << 12) | (1 << 7) | 0x53, (0x71 << 25) | (1 << 15) | (10 << 7) | 0x53, 0x6f];
    const ram = new Uint8Array(4096);
    new DataView(ram.buffer).setUint32(0, words[0], true);
    new DataView(ram.buffer).setUint32(4, words[1], true);
    new DataView(ram.buffer).setUint32(8, words[2], true);
    const x = new Int32Array(66);
    const fd = new Float64Array(32);
    const hart = { x, f: new Int32Array(fd.buffer), fd, csr: new CsrFile(), reservation: -1 };
    const out = new Float64Array(2);
    const env = {
      x, r8: ram, r16: new Uint16Array(ram.buffer), r32: new Int32Array(ram.buffer),
      tagR: new Float64Array(256), ramR: new Float64Array(256), tagW: new Float64Array(256), ramW: new Float64Array(256), hart, out,
    };
    const blk = compileBlock(env, 0, 0x1000, 0x1000)!;
    expect(blk.n).toBe(3);
    fd[2] = 1.5; fd[3] = 2.25;
    const call = (): number => blk.fn(100);
    expect(call()).toBe(0); // FPU off: nothing done, the interpreter takes the trap
    expect(fd[1]).toBe(0);
    hart.csr.mstatus |= 1 << 13; // FS = Initial
    expect(call()).toBe(3);
    expect(fd[1]).toBe(3.75);
    const back = new Float64Array(new Int32Array([x[20], x[21]]).buffer)[0];
    expect(back).toBe(3.75);
    expect(out[0]).toBe(0x1008);
  });

  for (const k of ['crc', 'qsort', 'matmul', 'sieve', 'hash', 'div', 'calls']) {
    it(`ordinary -O2 C kernel ${k} (bench/guest/ordinary): same state interpreted and translated`, () => {
      expectSameStates(`bench/guest/ordinary/ordinary-${k}.elf`, [100_001, 250_000], [1, 50]);
    });
  }

  it('recordings are byte-identical with and without translation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-jit-'));
    const img = readFileSync('bench/guest/bench-small.elf');
    const out: Buffer[] = [];
    for (const t of [0, 1, 50]) {
      const b = bootImageBytes(img, 'x', { jitThreshold: t, wasmTier: false });
      const p = join(dir, `t${t}.strace`);
      record({ machine: b.machine, kernel: null, imageName: 'x', image: img, imageKind: 'bare', input: null, symbols: b.symbols },
        { streamPath: p, indexPath: `${p}.db`, maxCycles: 1e9 });
      out.push(readFileSync(p));
    }
    expect(Buffer.compare(out[0], out[1])).toBe(0);
    expect(Buffer.compare(out[0], out[2])).toBe(0);
  });
});
