/**
 * CPtr resolution from a register's 32-bit halves (resolveAddressBitsWord, the syscall path) must
 * agree exactly with the BigInt walk (resolveAddressBits) — slot, bits remaining, or the lookup
 * fault with its fields — over random CSpaces: one to three levels, guards of 0–64 bits (Microkit's
 * are 55 bits; fields of 2^53 and more take the BigInt fallback), radices 1–12, random and steered
 * CPtrs.
 */
import { describe, expect, it } from 'vitest';
import { CapType } from '../../emulator/kernel/abi.js';
import type { Kernel } from '../../emulator/kernel/kernel.js';
import { newCap, type Cap, type CNodeObj } from '../../emulator/kernel/objects.js';
import { resolveAddressBits, resolveAddressBitsWord } from '../../emulator/kernel/cspace.js';
import { lcg } from '../helpers/lcg.js';

const MASK64 = (1n << 64n) - 1n;

function cnodeCap(obj: number, guardSize: number, guard: bigint): Cap {
  const c = newCap(CapType.CNode, obj);
  c.guardSize = guardSize;
  c.guard = guard;
  return c;
}

describe('CPtr lookup from register halves', () => {
  it('agrees with the BigInt walk on random CSpaces and CPtrs', () => {
    const rnd = lcg(16);
    const big = (): bigint => (BigInt(rnd()) << 32n) | BigInt(rnd());
    const pick = (n: number): number => rnd() % n;
    let resolved = 0, faulted = 0;
    for (let sys = 0; sys < 300; sys++) {
      // A chain of up to three CNodes; each level's guard is random or taken from a CPtr so that
      // lookups get past it.
      const nodes: CNodeObj[] = [];
      const levels = 1 + pick(3);
      const caps: Cap[] = [];
      const target = big();
      let used = 0;
      for (let l = 0; l < levels; l++) {
        const radix = 1 + pick(12);
        const guardSize = pick(4) === 0 ? 0 : pick(65);
        const id = l + 1;
        nodes.push({ kind: 'cnode', id, name: `n${id}`, live: true, radix, slots: new Array<Cap | null>(1 << radix).fill(null), paddr: 0 });
        let guard = 0n;
        if (guardSize > 0 && used + guardSize <= 64) {
          guard = pick(3) === 0 ? (pick(2) === 0 ? big() : big() >> BigInt(20 + pick(44))) & ((1n << BigInt(guardSize)) - 1n)
            : (target >> BigInt(64 - used - guardSize)) & ((1n << BigInt(guardSize)) - 1n);
        }
        caps.push(cnodeCap(id, guardSize, guard));
        used += guardSize + radix;
      }
      // Link level l to level l + 1 at the slot the target CPtr selects (or elsewhere).
      let at = 0;
      for (let l = 0; l + 1 < levels; l++) {
        const radix = nodes[l].radix, g = caps[l].guardSize;
        at += g + radix;
        const slot = at <= 64 && pick(4) !== 0 ? Number((target >> BigInt(64 - at)) & ((1n << BigInt(radix)) - 1n)) : pick(1 << radix);
        nodes[l].slots[slot] = caps[l + 1];
      }
      const k = { cnode: (id: number) => nodes[id - 1] } as unknown as Kernel;
      for (let q = 0; q < 20; q++) {
        const cptr = q === 0 ? target : q < 10 ? target ^ (1n << BigInt(pick(64))) : big();
        for (const nBits of [64, 1 + pick(64)]) {
          const want = resolveAddressBits(k, caps[0], cptr & MASK64, nBits);
          const got = resolveAddressBitsWord(k, caps[0], Number(cptr & 0xffffffffn) | 0, Number(cptr >> 32n) | 0, nBits);
          expect(got, `cptr ${cptr.toString(16)} nBits ${nBits}`).toEqual(want);
          if (want.ok) resolved++; else faulted++;
        }
      }
    }
    // Both outcomes are exercised.
    expect(resolved).toBeGreaterThan(500);
    expect(faulted).toBeGreaterThan(500);
  });
});
