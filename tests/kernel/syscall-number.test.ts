import { describe, it, expect } from 'vitest';
import { syscallNumber } from '../../emulator/kernel/syscalls.js';
import { Reg } from '../../emulator/kernel/abi.js';
import type { TcbObj } from '../../emulator/kernel/objects.js';

/** The BigInt reading it replaced: a7 as signed 64 bits, -1000 outside ±1000. */
function reference(v: bigint): number {
  const s = BigInt.asIntN(64, v);
  return s < -1000n || s > 1000n ? -1000 : Number(s);
}

describe('syscallNumber (a7 read from the register pair)', () => {
  it('agrees with the signed 64-bit reading at the edges of every range', () => {
    const values = [0n, 1n, -1n, -11n, -12n, -17n, -18n, 1000n, 1001n, -1000n, -1001n, 0x7fffffffn, 0x80000000n, 0xffffffffn,
      0x100000000n, -0x80000000n, -0x80000001n, -0x100000000n, -0x100000001n, (1n << 63n) - 1n, -(1n << 63n), 0xffffffff00000005n];
    for (const v of values) {
      const regs = new Int32Array(64);
      const u = BigInt.asUintN(64, v);
      regs[2 * Reg.a7] = Number(u & 0xffffffffn) | 0;
      regs[2 * Reg.a7 + 1] = Number(u >> 32n) | 0;
      expect(syscallNumber({ regs } as unknown as TcbObj), `a7 = ${v}`).toBe(reference(v));
    }
  });
});
