/**
 * The interpreter loop's warm-up (emulator/cpu/warm-up.ts): its instructions are encoded as
 * intended, and its program runs as intended — the straight-line and translated-block snippets
 * to the end of their budgets, every other snippet ending its batch early (trap, xRET, WFI,
 * fault, store into code) — so each of the loop's paths is executed before V8 optimises it.
 */
import { describe, it, expect } from 'vitest';
import { ISA, Fmt } from '../../emulator/cpu/isa.js';
import { decodeFields, type Fields } from '../../emulator/cpu/decode.js';
import { encode, warmUp, WARM_BASE, WARM_SIZE } from '../../emulator/cpu/warm-up.js';
import { makeRun } from '../../emulator/cpu/interp.js';
import { Cpu, Stop } from '../../emulator/cpu/cpu.js';
import { Bus } from '../../emulator/bus.js';

describe('interpreter warm-up', () => {
  it('encodes every 32-bit row with the fields asked for', () => {
    const f: Fields = { row: undefined, op: 0, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };
    for (const r of ISA) {
      if (r.len !== 4) continue;
      const imm = r.fmt === Fmt.B ? -8 : r.fmt === Fmt.J ? 2048 : r.fmt === Fmt.U ? 0x12345000 : r.fmt === Fmt.ISH ? 5 : -5;
      decodeFields(encode(r, 20, 16, 17, imm), f);
      expect(f.row, r.name).toBe(r);
      const regs = (r.mask & (31 << 7)) === 0 && r.fmt !== Fmt.S && r.fmt !== Fmt.B && r.fmt !== Fmt.F_STORE;
      if (regs && f.rd !== 0) expect(f.rd, r.name).toBe(20);
      if ([Fmt.I, Fmt.LOAD, Fmt.JALR, Fmt.F_LOAD, Fmt.S, Fmt.F_STORE, Fmt.B, Fmt.J, Fmt.U, Fmt.ISH].includes(r.fmt)) {
        expect(f.imm, r.name).toBe(imm);
      }
    }
  });

  it('runs each snippet as intended', () => {
    const calls: { pc: number; budget: number; retired: number; stop: Stop }[] = [];
    const run0 = makeRun();
    const cpu = new Cpu(new Bus(WARM_BASE, WARM_SIZE));
    warmUp((c, n) => {
      const pc = c.pc;
      const retired = run0(c, n);
      calls.push({ pc, budget: n, retired, stop: c.stop });
      return retired;
    }, cpu);
    // prime, 3 straight-line passes, the translated blocks: to the end of their budgets
    const full = calls.filter((c) => c.retired === c.budget);
    expect(full.length).toBe(5);
    for (const c of full) expect(c.stop).toBe(Stop.NONE);
    const straight = full.filter((c) => c.budget > 300 && c.pc === WARM_BASE);
    expect(straight.length).toBe(3);
    // every other snippet ends its batch early, at its first or second instruction
    const enders = calls.filter((c) => c.retired !== c.budget);
    expect(enders.length).toBeGreaterThan(30);
    for (const c of enders) {
      expect(c.retired, `snippet at ${c.pc.toString(16)}`).toBeLessThanOrEqual(2);
      expect(c.stop, `snippet at ${c.pc.toString(16)}`).not.toBe(Stop.NONE);
    }
  });
});
