/**
 * The TLB keeps user and supervisor entries across privilege changes (hidden, not flushed):
 * an entry one side filled must never serve the other side where Sv39 says fault, SUM must
 * decide S-mode access to user pages, and sfence.vma with an address must drop that page.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../emulator/machine.js';
import { csrRead, csrWrite } from '../../emulator/cpu/csr-file.js';

const SATP = 0x180, MSTATUS = 0x300, MCAUSE = 0x342;
const MS_SUM = 1 << 18;
const V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;
const LW_A0_0_A1 = 0x0005a503; // lw a0, 0(a1)
const SFENCE_VMA_A1 = 0x12058073; // sfence.vma a1, zero

function setup(): { m: Machine; write32: (pa: number, v: number) => void; pte: (va: number, pa: number, flags: number) => void } {
  const m = new Machine();
  const r32 = m.bus.ram32;
  const write32 = (pa: number, v: number): void => { r32[(pa - 0x8000_0000) >> 2] = v; };
  const ROOT = 0x8010_0000, L1 = 0x8010_1000, L0 = 0x8010_2000;
  write32(ROOT, ((L1 / 4096) << 10) | V);
  write32(L1, ((L0 / 4096) << 10) | V);
  const pte = (va: number, pa: number, flags: number): void => write32(L0 + (va / 4096) * 8, ((pa / 4096) << 10) | flags | V | A | D);
  csrWrite(m.cpu.csr, SATP, ROOT / 4096, 0x8000_0000 | 0, 0, 0);
  return { m, write32, pte };
}

/** Run one instruction at pc in privilege priv with a1 = address; returns mcause if it trapped to M, else a0. */
function step(m: Machine, priv: 0 | 1, pc: number, a1: number): { a0: number } | { trap: number } {
  const cpu = m.cpu;
  cpu.priv = priv;
  cpu.pc = pc;
  cpu.setReg(11, a1);
  cpu.setReg(10, 0);
  csrWrite(cpu.csr, MCAUSE, 0xff, 0, 0, 0);
  cpu.run(1);
  const t = new Int32Array(2);
  csrRead(cpu.csr, MCAUSE, 0, 0, 0, t);
  return (cpu.priv as number) === 3 ? { trap: t[0] } : { a0: cpu.getReg(10) };
}

describe('TLB across privilege changes', () => {
  it('user entries are not visible to S-mode without SUM, kernel entries never to U-mode; sfence.vma rs1 drops one page', () => {
    const { m, write32, pte } = setup();
    const USER_DATA = 0x1000, KCODE = 0x2000, UCODE = 0x3000;
    pte(USER_DATA, 0x8020_0000, R | W | U);
    pte(KCODE, 0x8020_1000, R | W | X);
    pte(UCODE, 0x8020_2000, R | X | U);
    write32(0x8020_0000, 0x1111_1111);
    write32(0x8020_1000, LW_A0_0_A1);
    write32(0x8020_1004, SFENCE_VMA_A1);
    write32(0x8020_2000, LW_A0_0_A1);
    write32(0x8020_3000, 0x3333_3333);

    // U-mode loads its page (fills a user entry).
    expect(step(m, 0, UCODE, USER_DATA)).toEqual({ a0: 0x1111_1111 });
    // S-mode with SUM clear must fault on it (load page fault), though the entry is cached.
    expect(step(m, 1, KCODE, USER_DATA)).toEqual({ trap: 13 });
    // With SUM set the same load succeeds.
    m.cpu.csr.mstatus |= MS_SUM;
    expect(step(m, 1, KCODE, USER_DATA)).toEqual({ a0: 0x1111_1111 });
    // S-mode reads its own code page as data (fills a supervisor entry); U-mode must fault on it.
    expect(step(m, 1, KCODE, KCODE)).toEqual({ a0: LW_A0_0_A1 });
    m.cpu.csr.mstatus &= ~MS_SUM;
    expect(step(m, 0, UCODE, KCODE)).toEqual({ trap: 13 });
    // The user entry survived all of this: remap the page without sfence, the stale entry still serves.
    pte(USER_DATA, 0x8020_3000, R | W | U);
    expect(step(m, 0, UCODE, USER_DATA)).toEqual({ a0: 0x1111_1111 });
    // sfence.vma on that address (from S-mode) drops it: U-mode now sees the new mapping.
    expect(step(m, 1, KCODE + 4, USER_DATA)).toEqual({ a0: 0 });
    expect(step(m, 0, UCODE, USER_DATA)).toEqual({ a0: 0x3333_3333 });
  });
});
