/**
 * The kernel's BigInt-free word paths against the 64-bit arithmetic they replace: message info
 * read from and written to a register's halves, setReg's double fast path, copyReg.
 */
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../emulator/kernel/kernel.js';
import type { TcbObj } from '../../emulator/kernel/objects.js';
import { infoFromReg, setInfoReg } from '../../emulator/kernel/ipc.js';
import { MSG_MAX_LENGTH, Reg } from '../../emulator/kernel/abi.js';
import { lcg } from '../helpers/lcg.js';

const k = Object.create(Kernel.prototype) as Kernel;
const tcb = (): TcbObj => ({ regs: new Int32Array(64) }) as unknown as TcbObj;
const word = (t: TcbObj, r: number): bigint => (BigInt(t.regs[2 * r + 1] >>> 0) << 32n) | BigInt(t.regs[2 * r] >>> 0);

describe('kernel words without BigInt', () => {
  const rnd = lcg(64);
  const samples: bigint[] = [0n, 1n, (1n << 64n) - 1n, (1n << 53n) - 1n, 1n << 53n, (1n << 52n) + 12345n, 0xfffn, 0x1000n];
  for (let i = 0; i < 2000; i++) {
    const w = (BigInt(rnd()) << 32n) | BigInt(rnd());
    samples.push(w, w >> BigInt(rnd() % 64));
  }

  it('message info from a register equals the BigInt decoding', () => {
    for (const w of samples) {
      const t = tcb();
      k.setReg(t, Reg.a1, w);
      const info = infoFromReg(t, Reg.a1);
      const length = Number(w & 0x7fn);
      expect(info).toEqual({
        label: Number(w >> 12n), capsUnwrapped: Number((w >> 9n) & 7n), extraCaps: Number((w >> 7n) & 3n),
        length: length > MSG_MAX_LENGTH ? MSG_MAX_LENGTH : length,
      });
      // Written back (with the length as decoded), the word is the BigInt encoding.
      const u = tcb();
      setInfoReg(k, u, Reg.a1, info);
      const want = ((w >> 12n) << 12n) | (BigInt(info.capsUnwrapped) << 9n) | (BigInt(info.extraCaps) << 7n) | BigInt(info.length);
      expect(word(u, Reg.a1)).toBe(want);
    }
  });

  it('setReg stores every 64-bit value (and negative ones mod 2^64) exactly', () => {
    for (const w of samples) {
      for (const v of [w, -w]) {
        const t = tcb();
        k.setReg(t, Reg.a0, v);
        expect(word(t, Reg.a0)).toBe(BigInt.asUintN(64, v));
        const u = tcb();
        k.copyReg(u, Reg.a2, t, Reg.a0);
        expect(word(u, Reg.a2)).toBe(BigInt.asUintN(64, v));
      }
    }
    const t = tcb();
    k.setReg(t, 0, 5n);
    expect(word(t, 0)).toBe(0n);
  });

  it('regString is the unsigned decimal of the register', () => {
    for (const w of samples) {
      const t = tcb();
      k.setReg(t, Reg.a3, w);
      expect(k.regString(t, Reg.a3)).toBe(BigInt.asUintN(64, w).toString());
    }
    expect(k.regString(tcb(), 0)).toBe('0');
  });
});
