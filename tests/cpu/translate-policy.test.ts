/**
 * The translation policy (emulator/cpu/translate-policy.ts): the content cache reuses a
 * translation only for identical bytes at the same virtual pc; the compile budget refuses and
 * raises the threshold, which decays back; threshold 1 bypasses it. And on real guests, a
 * policy starved of budget (refusals, thresholds moving mid-run) and translations reused
 * after reloads leave results identical to the interpreter's.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { TranslationPolicy } from '../../emulator/cpu/translate-policy.js';
import { bootImageBytes } from '../../emulator/boot.js';
import { stateHash } from '../helpers/state-hash.js';

interface Unit { readonly end: number; readonly id: number }

/** A policy over a 2-page RAM whose "compiler" makes 8-byte units and counts its calls. */
function setup(): { ram: Uint8Array; pol: TranslationPolicy<Unit>; compiles: () => number } {
  const ram = new Uint8Array(8192);
  let n = 0;
  const pol = new TranslationPolicy<Unit>(ram, (_off, _base, pc) => ({ end: pc + 8, id: ++n }));
  return { ram, pol, compiles: () => n };
}

describe('translation policy', () => {
  it('reuses a translation for the same bytes at the same pc, never for other bytes or another pc', () => {
    const { ram, pol, compiles } = setup();
    const base = 0x10000;
    ram.set([1, 2, 3, 4, 5, 6, 7, 8], 16);
    const a = pol.request(0, 0, base, base + 16, 50)!;
    expect(compiles()).toBe(1);
    // The same code reloaded into another physical page, same virtual address: reused.
    ram.set([1, 2, 3, 4, 5, 6, 7, 8], 4096 + 16);
    expect(pol.request(0, 4096, base, base + 16, 50)).toBe(a);
    expect(compiles()).toBe(1);
    // One byte differs (self-modifying code, another program): compiled afresh.
    ram[4096 + 23] = 9;
    const b = pol.request(0, 4096, base, base + 16, 50)!;
    expect(b).not.toBe(a);
    expect(compiles()).toBe(2);
    // The same bytes at another virtual pc: compiled afresh (pcs are baked in).
    ram.set([1, 2, 3, 4, 5, 6, 7, 8], 32);
    expect(pol.request(0, 0, base, base + 32, 50)).not.toBe(a);
    expect(compiles()).toBe(3);
    expect(pol.stats).toEqual({ compiled: 3, reused: 1, refused: 0 });
  });

  it('refuses with the bank empty, doubling the threshold; it halves back after each decay period', () => {
    const { ram, pol } = setup();
    pol.configure({ rate: 1, burst: 4, maxLevel: 3, decay: 1000 });
    for (let i = 0; i < 4; i++) { ram[i * 8] = i + 1; expect(pol.request(0, 0, 0, i * 8, 50)).toBeDefined(); }
    expect(pol.threshold(50, 0)).toBe(50);
    ram[64] = 99;
    expect(pol.request(0, 0, 0, 64, 50)).toBeUndefined();
    expect(pol.threshold(50, 0)).toBe(100);
    for (let k = 0; k < 5; k++) expect(pol.request(10, 0, 0, 64, 50)).toBeUndefined();
    expect(pol.threshold(50, 10)).toBe(400); // capped at 2^maxLevel
    expect(pol.threshold(50, 1009)).toBe(400);
    expect(pol.threshold(50, 1010)).toBe(200);
    expect(pol.threshold(50, 3010)).toBe(50);
    // A million instructions earn `rate` compiles.
    expect(pol.request(1_000_010, 0, 0, 64, 50)).toBeDefined();
    expect(pol.stats.refused).toBe(6);
  });

  it('threshold 1 (translate everything) and 0 (never) bypass the budget', () => {
    const { ram, pol } = setup();
    pol.configure({ burst: 1 });
    for (let i = 0; i < 10; i++) { ram[i * 8] = i + 1; expect(pol.request(0, 0, 0, i * 8, 1)).toBeDefined(); }
    expect(pol.threshold(1, 0)).toBe(1);
    expect(pol.threshold(0, 0)).toBe(0);
  });

  for (const [name, file] of [['bench guest', 'bench/guest/bench-small.elf'], ['ordinary qsort', 'bench/guest/ordinary/ordinary-qsort.elf']]) {
    it(`${name}: a starved policy (refusals, moving threshold) gives the interpreter's state`, () => {
      const img = readFileSync(file);
      const a = bootImageBytes(img, 'x', { jitThreshold: 0 }).machine;
      const b = bootImageBytes(img, 'x', { jitThreshold: 2 }).machine;
      b.cpu.translation.configure({ rate: 20, burst: 3, maxLevel: 6, decay: 50_000 });
      for (let c = 100_000; c <= 2_000_000; c += 300_007) {
        a.run(c); b.run(c);
        expect(stateHash(b), `cycle ${c}`).toBe(stateHash(a));
      }
      expect(b.cpu.translation.stats.refused).toBeGreaterThan(0);
      expect(b.cpu.translation.stats.compiled).toBeGreaterThan(3);
    });
  }
});
