import { describe, it, expect } from 'vitest';
import { Machine } from '../../emulator/machine.js';
import { MIP_MTIP, MS } from '../../emulator/cpu/csr-file.js';

/**
 * A C runtime whose main returned spins on `j .`. With no interrupt that could leave the loop
 * the run stops at once as a halt (exit 125) instead of burning the whole cycle limit; a wait
 * loop an interrupt can leave runs on.
 */
function spinner(insn: number[], setup: (m: Machine) => void = () => undefined): { m: Machine; stop: ReturnType<Machine['run']> } {
  const m = new Machine({});
  m.bus.writeBytes(0x8000_0000, Uint8Array.from(insn));
  m.cpu.reset(0x8000_0000);
  setup(m);
  return { m, stop: m.run(200_000_000) };
}

describe('a guest spinning on a jump to itself', () => {
  it.each([
    ['j .', [0x6f, 0, 0, 0]], ['c.j .', [0x01, 0xa0]], ['beq x0, x0, .', [0x63, 0, 0, 0]],
  ])('%s with interrupts disabled: halted, early', (_name, insn) => {
    const { m, stop } = spinner(insn);
    expect(stop).toEqual({ kind: 'halt', reason: 'spins for ever at pc 0x80000000 (a jump to itself) with interrupts disabled' });
    expect(m.cpu.cycle).toBeLessThan(20_000_000);
  });

  it('timer interrupt enabled but never armed: halted', () => {
    const { stop } = spinner([0x6f, 0, 0, 0], (m) => { m.cpu.csr.mie = MIP_MTIP; m.cpu.csr.mstatus |= MS.MIE; });
    expect(stop).toMatchObject({ kind: 'halt', reason: expect.stringMatching(/with no interrupt source armed$/) });
  });

  it('timer armed in the future: a wait loop, it runs until the interrupt (here: to the cycle limit)', () => {
    const { m, stop } = spinner([0x6f, 0, 0, 0], (m) => {
      m.cpu.csr.mie = MIP_MTIP; m.cpu.csr.mstatus |= MS.MIE;
      m.clint.setMtimecmp(50_000_000, 0); // mtime 50M = cycle 500M, beyond the limit
    });
    expect(stop).toEqual({ kind: 'cycle-limit' });
    expect(m.cpu.cycle).toBe(200_000_000);
  });

  it('a loop that is not a jump to itself is not judged', () => {
    // 1: addi x1, x1, 1; j 1b
    const { stop } = spinner([0x93, 0x80, 0x10, 0x00, 0xf5, 0xbf]);
    expect(stop).toEqual({ kind: 'cycle-limit' });
  });
});
