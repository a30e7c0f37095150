import { describe, it, expect } from 'vitest';
import { crc32, crc32js } from '../../tracer/crc32.js';

describe('crc32', () => {
  it('matches the standard check value and the table-driven reference', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32js(check)).toBe(0xcbf43926);
    expect(crc32(check)).toBe(0xcbf43926);
    let s = 1;
    for (let n = 0; n < 50; n++) {
      const d = new Uint8Array(n * 37);
      for (let i = 0; i < d.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; d[i] = s & 0xff; }
      expect(crc32(d)).toBe(crc32js(d));
    }
  });
});
