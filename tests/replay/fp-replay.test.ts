/**
 * Record/replay of an FP-heavy guest (bench/guest/fp-bench-small.elf: binary64 fma, binary32
 * filters, sqrt/division, conversions; ~1.7M instructions): re-recordings are byte-identical,
 * and seeking anywhere (forwards, backwards, reverse steps) gives the FP state — f0–f31 and
 * fcsr, in the state hash — of a straight run.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootImageBytes } from '../../emulator/boot.js';
import { recordElf } from '../helpers/record.js';
import { ReplaySession } from '../../replay/session.js';
import { stateHash } from '../helpers/state-hash.js';

const ELF = 'bench/guest/fp-bench-small.elf';

describe('record/replay of an FP-heavy guest', () => {
  let dir = '';
  const truth = new Map<number, { hash: string; f: string; fcsr: number }>();
  const targets: number[] = [];
  let s = 777;
  for (let i = 0; i < 10; i++) { s = (s * 1103515245 + 12345) % 2147483648; targets.push(s % 1_600_000); }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-fprec-'));
    recordElf(ELF, join(dir, 'a.strace'), 200_000);
    const b = bootImageBytes(readFileSync(ELF), 'x');
    for (const t of [...targets].sort((a, b) => a - b)) {
      b.machine.run(t);
      const c = b.machine.cpu;
      truth.set(t, { hash: stateHash(b.machine), f: Buffer.from(c.f.buffer.slice(0)).toString('hex'), fcsr: c.csr.fcsr });
    }
  });

  it('records to the end (PASS) and a second recording is byte-identical', () => {
    const r = recordElf(ELF, join(dir, 'b.strace'), 200_000);
    expect(r.instret).toBeGreaterThan(1_000_000);
    const a = readFileSync(join(dir, 'a.strace')), b = readFileSync(join(dir, 'b.strace'));
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('every seek (forwards and backwards) restores the FP registers and fcsr of a straight run', () => {
    const r = ReplaySession.open(join(dir, 'a.strace'));
    let nonZeroF = 0, flags = 0;
    for (const t of targets) {
      r.seek(t);
      expect(r.cycle).toBe(t);
      const want = truth.get(t)!;
      expect(Buffer.from(r.machine.cpu.f.buffer.slice(0)).toString('hex'), `f regs at cycle ${t}`).toBe(want.f);
      expect(r.machine.cpu.csr.fcsr, `fcsr at cycle ${t}`).toBe(want.fcsr);
      expect(stateHash(r.machine), `cycle ${t}`).toBe(want.hash);
      if (/[1-9a-f]/.test(want.f)) nonZeroF++;
      flags |= want.fcsr;
    }
    // the targets really land in FP-busy state
    expect(nonZeroF).toBeGreaterThan(7);
    expect(flags & 1).toBe(1); // inexact results happened
    r.close();
  });

  it('reverse steps over FP instructions undo their register and flag effects', () => {
    const r = ReplaySession.open(join(dir, 'a.strace'));
    const t = targets[3]!;
    r.seek(t);
    const here = stateHash(r.machine);
    for (let i = 0; i < 8; i++) r.stepInstruction(-1);
    const back = r.instret;
    const b = bootImageBytes(readFileSync(ELF), 'x');
    b.machine.run(r.cycle);
    expect(stateHash(r.machine)).toBe(stateHash(b.machine));
    for (let i = 0; i < 8; i++) r.stepInstruction(1);
    expect(r.instret).toBe(back + 8);
    expect(stateHash(r.machine)).toBe(here);
    r.close();
  });
});
