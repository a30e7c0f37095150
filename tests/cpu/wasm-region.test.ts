/**
 * The WebAssembly tier (wasm-region.ts) against the interpreter (the reference): random
 * instruction streams (every integer op with a wasm form, loads/stores aligned and misaligned,
 * branches, jalr within the page), the ISA suite, the ordinary kernels and the bench guests give
 * identical states and block records; recordings are byte-identical with the tier on and off at
 * several thresholds; and without a WebAssembly.Memory the tier stays off and all still runs.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest, elfBytes } from '../isa/manifest.js';
import { runBareElf } from '../../emulator/run.js';
import { bootImageBytes } from '../../emulator/boot.js';
import { Machine, type MachineConfig } from '../../emulator/machine.js';
import { record } from '../../tracer/recorder.js';
import { stateHash } from '../helpers/state-hash.js';

const WASM: MachineConfig = { jitThreshold: 1, wasmTier: true, wasmRegionAfter: 1 };
const BASE = 0x80000000;

// ---------------------------------------------------------------- random programs
/** A fixed linear congruential sequence (test data only). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s; };
}
const R = (f7: number, f3: number, op: number) => (rd: number, a: number, b: number): number => ((f7 << 25) | (b << 20) | (a << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const I = (f3: number, op: number) => (rd: number, a: number, imm: number): number => (((imm & 0xfff) << 20) | (a << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const S = (f3: number) => (a: number, b: number, imm: number): number => ((((imm >> 5) & 0x7f) << 25) | (b << 20) | (a << 15) | (f3 << 12) | ((imm & 31) << 7) | 0x23) >>> 0;
const B = (f3: number, a: number, b: number, off: number): number =>
  ((((off >> 12) & 1) << 31) | (((off >> 5) & 63) << 25) | (b << 20) | (a << 15) | (f3 << 12) | (((off >> 1) & 15) << 8) | (((off >> 11) & 1) << 7) | 0x63) >>> 0;

const R_OPS = [
  R(0, 0, 0x33), R(0x20, 0, 0x33), R(0, 1, 0x33), R(0, 2, 0x33), R(0, 3, 0x33), R(0, 4, 0x33), R(0, 5, 0x33), R(0x20, 5, 0x33),
  R(0, 6, 0x33), R(0, 7, 0x33),
  R(1, 0, 0x33), R(1, 1, 0x33), R(1, 2, 0x33), R(1, 3, 0x33), R(1, 4, 0x33), R(1, 5, 0x33), R(1, 6, 0x33), R(1, 7, 0x33),
  R(0, 0, 0x3b), R(0x20, 0, 0x3b), R(0, 1, 0x3b), R(0, 5, 0x3b), R(0x20, 5, 0x3b),
  R(1, 0, 0x3b), R(1, 4, 0x3b), R(1, 5, 0x3b), R(1, 6, 0x3b), R(1, 7, 0x3b),
];
const I_OPS = [I(0, 0x13), I(2, 0x13), I(3, 0x13), I(4, 0x13), I(6, 0x13), I(7, 0x13), I(0, 0x1b)];
const LOADS: [number, number][] = [[0, 1], [1, 2], [2, 4], [3, 8], [4, 1], [5, 2], [6, 4]];
const STORES: [number, number][] = [[0, 1], [1, 2], [2, 4], [3, 8]];
/** Register values the corner cases live at. */
const EDGES = [0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0xffffffff];

/**
 * A loop of `len` random instructions run `iters` times: x30 counts iterations, x31 points at a
 * data area; destinations x1–x29.
 */
function randomProgram(seed: number, len: number): Uint32Array {
  const r = rng(seed);
  const pick = (n: number): number => r() % n;
  const reg = (): number => pick(32);
  const rd = (): number => 1 + pick(29);
  const w: number[] = [];
  while (w.length < len) {
    const kind = pick(20);
    if (kind < 8) w.push(R_OPS[pick(R_OPS.length)](rd(), reg(), reg()));
    else if (kind < 11) w.push(I_OPS[pick(I_OPS.length)](rd(), reg(), (r() & 0xfff) - 0x800));
    else if (kind < 12) {
      const sh = [[1, 0x13, 0], [5, 0x13, 0], [5, 0x13, 0x400], [1, 0x1b, 0], [5, 0x1b, 0], [5, 0x1b, 0x400]][pick(6)];
      const amt = pick(sh[1] === 0x13 ? 64 : 32);
      w.push(I(sh[0], sh[1])(rd(), reg(), sh[2] | amt));
    } else if (kind < 13) w.push((((r() & 0xfffff) << 12) | (rd() << 7) | (pick(2) ? 0x37 : 0x17)) >>> 0);
    else if (kind < 15) {
      const [f3, size] = LOADS[pick(LOADS.length)];
      const off = pick(5) === 0 ? pick(2040) : pick(2040 / size) * size;
      w.push(I(f3, 0x03)(rd(), 31, off));
    } else if (kind < 17) {
      const [f3, size] = STORES[pick(STORES.length)];
      const off = pick(5) === 0 ? pick(2040) : pick(2040 / size) * size;
      w.push(S(f3)(31, reg(), off));
    } else if (kind < 19) {
      // A forward branch over the next instruction.
      w.push(B([0, 1, 4, 5, 6, 7][pick(6)], reg(), reg(), 8));
    } else {
      // auipc x29, 0; jalr x28|x0, 8 or 12 (x29): a dynamic jump to the next or the one after.
      w.push((29 << 7) | 0x17, I(0, 0x67)(pick(2) ? 28 : 0, 29, pick(2) ? 8 : 12));
    }
  }
  w.push(I(0, 0x13)(30, 30, -1)); // addi x30, x30, -1
  w.push(B(1, 30, 0, -4 * w.length)); // bne x30, x0, start
  w.push(0x6f); // jal x0, 0
  return Uint32Array.from(w);
}

function bootProgram(words: Uint32Array, seed: number, iters: number, cfg: MachineConfig): Machine {
  const m = new Machine(cfg);
  m.bus.writeBytes(BASE, new Uint8Array(words.buffer));
  m.cpu.reset(BASE);
  const r = rng(seed ^ 0x5eed);
  for (let i = 1; i < 30; i++) {
    const e = r() % 3 === 0;
    m.cpu.x[2 * i] = e ? EDGES[r() % EDGES.length] : r() | 0;
    m.cpu.x[2 * i + 1] = e ? (r() % 2 ? 0 : -1) : r() | 0;
  }
  m.cpu.setReg(30, iters);
  m.cpu.setReg(31, BASE + 0x8000);
  return m;
}

/** Run both in the same batches; registers, pc, counters, block records and data must agree after each. */
function expectSameRuns(ref: Machine, m: Machine, batches: readonly number[]): void {
  for (let b = 0; b < batches.length; b++) {
    const n1 = ref.cpu.run(batches[b]), n2 = m.cpu.run(batches[b]);
    expect(n2, `batch ${b}`).toBe(n1);
    expect([...m.cpu.x], `registers after batch ${b}`).toEqual([...ref.cpu.x]);
    expect(m.cpu.pc).toBe(ref.cpu.pc);
    expect(m.cpu.instret).toBe(ref.cpu.instret);
    expect(m.cpu.blockEnd).toBe(ref.cpu.blockEnd);
    expect([...m.cpu.batchRecords()], `block records of batch ${b}`).toEqual([...ref.cpu.batchRecords()]);
  }
  expect(Buffer.from(m.bus.readBytes(BASE + 0x8000, 2048))).toEqual(Buffer.from(ref.bus.readBytes(BASE + 0x8000, 2048)));
}

describe('wasm regions vs interpreter', () => {
  it('random instruction streams: same registers, memory and block records batch by batch', () => {
    let regionCalls = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const prog = randomProgram(seed, 20 + (seed % 5) * 30);
      const ref = bootProgram(prog, seed, 60, { jitThreshold: 0 });
      const m = bootProgram(prog, seed, 60, WASM);
      // Batch sizes that end mid-block and mid-iteration as well as long ones.
      expectSameRuns(ref, m, [1, 7, 100, 3, 1000, 17, 5000, 250, 40000]);
      regionCalls += m.cpu.regionStats.calls;
      expect(m.cpu.regionStats.compiled, `seed ${seed}`).toBeGreaterThan(0);
    }
    expect(regionCalls).toBeGreaterThan(200);
  });

  for (const e of loadManifest()) {
    it(`ISA test ${e.name}`, () => {
      const bytes = elfBytes(e);
      const interp = runBareElf(bytes, { maxCycles: 50_000_000, jitThreshold: 0 });
      const w = runBareElf(bytes, { maxCycles: 50_000_000, ...WASM });
      expect(w.exitCode).toBe(e.expect.exitCode);
      expect(w).toEqual(interp);
    });
  }

  const sameStates = (elf: string, cycles: readonly number[], cfgs: readonly MachineConfig[]): void => {
    const img = readFileSync(elf);
    const ref = bootImageBytes(img, 'x', { jitThreshold: 0 }).machine;
    const tiers = cfgs.map((c) => bootImageBytes(img, 'x', c).machine);
    for (const c of cycles) {
      ref.run(c);
      const want = stateHash(ref);
      tiers.forEach((m, i) => { m.run(c); expect(stateHash(m), `${JSON.stringify(cfgs[i])} at cycle ${c}`).toBe(want); });
    }
    for (const m of tiers) expect(m.cpu.regionStats.calls).toBeGreaterThan(0);
  };
  const CFGS: MachineConfig[] = [WASM, { jitThreshold: 50, wasmTier: true }, { jitThreshold: 2, wasmTier: true, wasmRegionAfter: 3 }];

  for (const k of ['crc', 'qsort', 'matmul', 'sieve', 'hash', 'div', 'calls']) {
    it(`ordinary -O2 C kernel ${k}: same state with the wasm tier`, () => {
      sameStates(`bench/guest/ordinary/ordinary-${k}.elf`, [100_001, 400_000, 1_500_000], CFGS);
    });
  }

  it('bench guest and FP guest: same state with the wasm tier', () => {
    sameStates('bench/guest/bench-small.elf', [100_000, 1_400_001, 3_000_000], CFGS);
    sameStates('bench/guest/fp-bench-small.elf', [200_001, 1_500_000], CFGS);
  });

  it('recordings are byte-identical with the wasm tier on and off at several thresholds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-wasm-'));
    const img = readFileSync('bench/guest/bench-small.elf');
    const out: Buffer[] = [];
    const cfgs: MachineConfig[] = [{ jitThreshold: 0 }, { jitThreshold: 1, wasmTier: false }, WASM, { jitThreshold: 50, wasmTier: true }];
    cfgs.forEach((cfg, i) => {
      const b = bootImageBytes(img, 'x', cfg);
      const p = join(dir, `c${i}.strace`);
      record({ machine: b.machine, kernel: null, imageName: 'x', image: img, imageKind: 'bare', input: null, symbols: b.symbols },
        { streamPath: p, indexPath: `${p}.db`, maxCycles: 1e9 });
      if (cfg.wasmTier === true) expect(b.machine.cpu.regionStats.calls).toBeGreaterThan(0);
      out.push(readFileSync(p));
    });
    for (let i = 1; i < out.length; i++) expect(Buffer.compare(out[0], out[i]), JSON.stringify(cfgs[i])).toBe(0);
  });

  it('stores into a region\'s page drop the region (self-modifying code) and the new code runs', () => {
    // Loop: addi x5, x5, 1; addi x30, x30, -1; bne x30, x0, loop; then patch the first
    // instruction from the host (addi x5, x5, 2) and from the guest (sw of addi x5, x5, 3).
    const prog = Uint32Array.from([I(0, 0x13)(5, 5, 1), I(0, 0x13)(30, 30, -1), B(1, 30, 0, -8), 0x6f]);
    for (const cfg of [{ jitThreshold: 0 }, WASM]) {
      const m = bootProgram(prog, 1, 1000, cfg);
      m.cpu.setReg(5, 0);
      // Short batches: a block looping on itself would otherwise run the whole loop as one JS call.
      const runFor = (n: number): void => { for (let i = 0; i < n; i += 10) m.cpu.run(10); };
      runFor(3000);
      expect(m.cpu.getReg(5)).toBe(1000);
      if (cfg.wasmTier === true) expect(m.cpu.regionStats.calls).toBeGreaterThan(0);
      m.bus.writeBytes(BASE, new Uint8Array(Uint32Array.from([I(0, 0x13)(5, 5, 2)]).buffer));
      m.cpu.setReg(30, 100); m.cpu.pc = BASE;
      runFor(300);
      expect(m.cpu.getReg(5)).toBe(1200);
      // Guest store: sw x6, 0(x7) with x6 = addi x5, x5, 3, then run the loop again.
      const code = Uint32Array.from([S(2)(7, 6, 0), 0x6f]);
      m.bus.writeBytes(BASE + 0x100, new Uint8Array(code.buffer));
      m.cpu.setReg(6, I(0, 0x13)(5, 5, 3) | 0); m.cpu.setReg(7, BASE);
      m.cpu.pc = BASE + 0x100; m.cpu.run(1);
      m.cpu.setReg(30, 100); m.cpu.pc = BASE;
      runFor(300);
      expect(m.cpu.getReg(5)).toBe(1500);
    }
  });

  it('without a WebAssembly memory the tier stays off and everything runs on plain buffers', () => {
    const img = readFileSync('bench/guest/ordinary/ordinary-crc.elf');
    const ref = bootImageBytes(img, 'x', { jitThreshold: 1, wasmTier: false }).machine;
    const m = bootImageBytes(img, 'x', { ...WASM, wasmMemory: false }).machine;
    expect(m.bus.memory).toBeNull();
    expect(m.cpu.wasmTier).toBe(false);
    ref.run(800_000); m.run(800_000);
    expect(stateHash(m)).toBe(stateHash(ref));
    expect(m.cpu.regionStats.calls).toBe(0);
  });
});
