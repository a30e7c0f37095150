import { describe, expect, it } from 'vitest';
import { addrFromHalves, addrFromU64, addrHex, addrHex0x, addrLtU, addrToU64 } from '../../emulator/addr.js';

describe('addresses in canonical signed form', () => {
  it('the kernel window maps to small negative numbers and back', () => {
    expect(addrFromU64(0xffffffff80000000n)).toBe(-0x80000000);
    expect(addrFromU64(0xffffffc000000000n)).toBe(-(2 ** 38)); // Sv39's lowest upper-half address
    expect(addrFromU64(0x80000000n)).toBe(0x80000000);
    expect(addrToU64(-0x7fe00000)).toBe(0xffffffff80200000n);
    expect(addrHex(-0x7fe00000)).toBe('ffffffff80200000');
    expect(addrHex(-1)).toBe('ffffffffffffffff');
    expect(addrHex0x(0x1000)).toBe('0x1000');
    expect(addrFromHalves(0x80200000 | 0, -1)).toBe(-0x7fe00000);
  });
  it('values no double holds exactly are refused', () => {
    expect(addrFromU64(1n << 53n)).toBeNull();
    expect(addrFromU64(0x8000000000000000n)).toBeNull();
    expect(addrFromU64((1n << 64n) - (1n << 53n))).toBe(-(2 ** 53));
  });
  it('unsigned order puts the top of the address space last', () => {
    expect(addrLtU(0x1000, -0x80000000)).toBe(true);
    expect(addrLtU(-0x80000000, 0x1000)).toBe(false);
    expect(addrLtU(-0x80000000, -0x7fffffff)).toBe(true);
    expect(addrLtU(5, 5)).toBe(false);
  });
});
