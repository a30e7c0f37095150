import { describe, expect, it } from 'vitest';
import { TestFinisher } from '../../emulator/devices/finisher.js';
import { cloneState } from './fakes.js';

describe('TestFinisher', () => {
  it('has the virt address window, reads zero and starts with no status', () => {
    const f = new TestFinisher();
    expect([f.base, f.size]).toEqual([0x100000, 0x1000]);
    expect(f.read(0, 4)).toBe(0);
    expect(f.status()).toBeNull();
    expect(f.nextEventCycle()).toBe(Infinity);
  });

  it.each([
    [0x5555, { kind: 'pass' }],
    [0x3333, { kind: 'fail', code: 0 }],
    [0x3333 | (42 << 16), { kind: 'fail', code: 42 }],
    [(0x3333 | (0xffff << 16)) >>> 0, { kind: 'fail', code: 0xffff }],
    [0x7777, { kind: 'reset' }],
  ])('decodes a 32-bit store of %s', (value, status) => {
    const f = new TestFinisher();
    f.write(0, 4, value);
    expect(f.status()).toEqual(status);
  });

  it('accepts halfword stores, ignores bytes, other offsets and unknown values', () => {
    const f = new TestFinisher();
    f.write(0, 1, 0x55);
    f.write(4, 4, 0x5555);
    f.write(0, 4, 0x1234);
    f.write(0, 4, 0x5556);
    expect(f.status()).toBeNull();
    f.write(0, 2, 0x3333);
    expect(f.status()).toEqual({ kind: 'fail', code: 0 });
  });

  it('keeps the first command', () => {
    const f = new TestFinisher();
    f.write(0, 4, 0x3333 | (7 << 16));
    f.write(0, 4, 0x5555);
    expect(f.status()).toEqual({ kind: 'fail', code: 7 });
  });

  it('snapshot -> restore gives identical subsequent behaviour', () => {
    const a = new TestFinisher();
    const none = cloneState(a.snapshot());
    a.write(0, 4, 0x3333 | (5 << 16));
    const failed = cloneState(a.snapshot());
    const b = new TestFinisher();
    b.restore(failed);
    expect(b.status()).toEqual({ kind: 'fail', code: 5 });
    b.write(0, 4, 0x5555);
    expect(b.status()).toEqual({ kind: 'fail', code: 5 });
    b.restore(none);
    expect(b.status()).toBeNull();
    b.write(0, 4, 0x7777);
    expect(b.status()).toEqual({ kind: 'reset' });
    expect(() => b.restore({ kind: 9, code: 0 })).toThrow(/^finisher restore: field "kind" must be an integer in 0\.\.3$/);
  });
});
