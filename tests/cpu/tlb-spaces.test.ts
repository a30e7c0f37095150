/**
 * Cpu.switchAddressSpace (the host kernel's context switch) keeps the outgoing space's TLB
 * entries aside and brings them back when the space is loaded again, instead of flushing.
 * The kept entries must never serve another space, must come back (a remap the host did not
 * announce with flushTlb shows it), must go with flushTlb, sfence.vma and guest satp writes,
 * and a write entry must not come back for a page that has since become code.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../emulator/machine.js';
import { PageFlag } from '../../emulator/bus.js';
import { csrRead, csrWrite } from '../../emulator/cpu/csr-file.js';

const MCAUSE = 0x342;
const V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;
const LW_A0_0_A1 = 0x0005a503; // lw a0, 0(a1)
const SW_A2_0_A1 = 0x00c5a023; // sw a2, 0(a1)
const SFENCE_VMA = 0x12000073; // sfence.vma zero, zero
const CODE = 0x3000, DATA = 0x1000, KCODE = 0x2000;
const RAM = 0x8000_0000;

interface Space { satpLo: number; satpHi: number; pte: (va: number, pa: number, flags: number) => void }

function setup(): { m: Machine; write32: (pa: number, v: number) => void; space: (root: number) => Space } {
  const m = new Machine();
  const r32 = m.bus.ram32;
  const write32 = (pa: number, v: number): void => { r32[(pa - RAM) >> 2] = v; };
  const space = (root: number): Space => {
    const l1 = root + 0x1000, l0 = root + 0x2000;
    write32(root, ((l1 / 4096) << 10) | V);
    write32(l1, ((l0 / 4096) << 10) | V);
    return {
      satpLo: root / 4096, satpHi: 0x8000_0000 | 0,
      pte: (va, pa, flags) => write32(l0 + (va / 4096) * 8, ((pa / 4096) << 10) | flags | V | A | D),
    };
  };
  return { m, write32, space };
}

/** One instruction at pc in privilege priv with a1 = address, a2 = value; a0 afterwards, or the trap cause. */
function step(m: Machine, priv: 0 | 1, pc: number, a1: number, a2 = 0): { a0: number } | { trap: number } {
  const cpu = m.cpu;
  cpu.priv = priv;
  cpu.pc = pc;
  cpu.setReg(11, a1); cpu.setReg(12, a2); cpu.setReg(10, 0);
  csrWrite(cpu.csr, MCAUSE, 0xff, 0, 0, 0);
  cpu.run(1);
  const t = new Int32Array(2);
  csrRead(cpu.csr, MCAUSE, 0, 0, 0, t);
  return (cpu.priv as number) === 3 ? { trap: t[0] } : { a0: cpu.getReg(10) };
}

function twoSpaces() {
  const { m, write32, space } = setup();
  const a = space(0x8010_0000), b = space(0x8011_0000);
  for (const s of [a, b]) { s.pte(CODE, 0x8020_0000, R | X | U); s.pte(KCODE, 0x8020_4000, R | X); }
  a.pte(DATA, 0x8020_1000, R | W | U);
  b.pte(DATA, 0x8020_2000, R | W | U);
  write32(0x8020_0000, LW_A0_0_A1);
  write32(0x8020_0004, SW_A2_0_A1);
  write32(0x8020_4000, SFENCE_VMA);
  write32(0x8020_1000, 0x1111_1111);
  write32(0x8020_2000, 0x2222_2222);
  write32(0x8020_3000, 0x3333_3333);
  const load = (): { a0: number } | { trap: number } => step(m, 0, CODE, DATA);
  const go = (s: Space): void => m.cpu.switchAddressSpace(s.satpLo, s.satpHi);
  return { m, a, b, load, go };
}

describe('TLB entries kept per address space', () => {
  it('never serve another space, come back with their space, and go with flushTlb', () => {
    const { m, a, b, load, go } = twoSpaces();
    go(a);
    expect(load()).toEqual({ a0: 0x1111_1111 });
    go(b);
    expect(load()).toEqual({ a0: 0x2222_2222 });
    // Remap A's page while B runs, without the flushTlb the host kernel owes: the kept entry
    // comes back with A (this is what saved the walk).
    a.pte(DATA, 0x8020_3000, R | W | U);
    go(a);
    expect(load()).toEqual({ a0: 0x1111_1111 });
    go(b);
    expect(load()).toEqual({ a0: 0x2222_2222 });
    // With the flush the host kernel does after writing page tables, A walks again.
    m.cpu.flushTlb();
    go(a);
    expect(load()).toEqual({ a0: 0x3333_3333 });
  });

  it('go with sfence.vma in another space', () => {
    const { m, a, b, load, go } = twoSpaces();
    go(a);
    expect(load()).toEqual({ a0: 0x1111_1111 });
    go(b);
    a.pte(DATA, 0x8020_3000, R | W | U);
    expect(step(m, 1, KCODE, 0)).toEqual({ a0: 0 }); // sfence.vma from S-mode in B
    go(a);
    expect(load()).toEqual({ a0: 0x3333_3333 });
  });

  it('a write entry does not come back for a page that became code meanwhile', () => {
    const { m, a, b, go } = twoSpaces();
    const page = (0x8020_1000 - RAM) / 4096;
    go(a);
    expect(step(m, 0, CODE + 4, DATA, 5)).toEqual({ a0: 0 }); // fills A's write entry
    go(b);
    // The page becomes code (as fetchPage marks it) while A is away.
    m.bus.pageFlags[page] |= PageFlag.CODE;
    m.cpu.dropWriteTlbForPage(page);
    go(a);
    // The store must take the slow path, which drops the page's decoded code (and its flag).
    expect(step(m, 0, CODE + 4, DATA, 7)).toEqual({ a0: 0 });
    expect(m.bus.pageFlags[page] & PageFlag.CODE).toBe(0);
    expect(m.bus.ram32[(0x8020_1000 - RAM) >> 2]).toBe(7);
  });
});
