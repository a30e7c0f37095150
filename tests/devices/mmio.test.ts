import { describe, expect, it } from 'vitest';
import { ByteLog, add64, cmp64, readSubword, sub64, toSafeNumber, u64, writeSubword } from '../../emulator/devices/mmio.js';

describe('mmio helpers', () => {
  const words = new Map<number, number>([
    [0, 0x4433_2211],
    [4, 0x8877_6655],
  ]);
  const peek = (w: number) => words.get(w) ?? 0;

  it('reads sub-words and words straddling two registers, each register once', () => {
    const calls: number[] = [];
    const read = (w: number) => (calls.push(w), peek(w));
    expect(readSubword(read, 1, 1)).toBe(0x22);
    expect(readSubword(read, 2, 2)).toBe(0x4433);
    expect(readSubword(read, 0, 4)).toBe(0x4433_2211);
    expect(readSubword(read, 4, 4)).toBe(0x8877_6655);
    calls.length = 0;
    expect(readSubword(read, 3, 4)).toBe(0x7766_5544);
    expect(readSubword(read, 3, 2)).toBe(0x5544);
    expect(calls).toEqual([0, 4, 0, 4]);
  });

  it('merges sub-word writes into the registers they touch', () => {
    const out = new Map(words);
    const write = (w: number, v: number) => out.set(w, v);
    writeSubword((w) => out.get(w) ?? 0, write, 1, 2, 0xbbaa);
    expect(out.get(0)).toBe(0x44bb_aa11);
    writeSubword((w) => out.get(w) ?? 0, write, 2, 4, 0xffee_ddcc);
    expect([out.get(0), out.get(4)]).toEqual([0xddcc_aa11, 0x8877_ffee]);
  });

  it('does exact unsigned 64-bit arithmetic on halves', () => {
    const max = { lo: 0xffff_ffff, hi: 0xffff_ffff };
    expect(add64(max, u64(1))).toEqual({ lo: 0, hi: 0 });
    expect(sub64(u64(0), u64(1))).toEqual(max);
    expect(sub64(u64(2 ** 32), u64(1))).toEqual({ lo: 0xffff_ffff, hi: 0 });
    expect(cmp64(max, u64(1))).toBeGreaterThan(0);
    expect(cmp64({ lo: 0, hi: 0x8000_0000 }, { lo: 0xffff_ffff, hi: 0x7fff_ffff })).toBeGreaterThan(0);
    expect(toSafeNumber(u64(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeNumber({ lo: 0, hi: 0x20_0000 })).toBe(Infinity);
  });

  it('grows a byte log and copies on read and set', () => {
    const log = new ByteLog();
    for (let i = 0; i < 1000; i++) log.push(i & 0xff);
    const bytes = log.bytes();
    expect(bytes.length).toBe(1000);
    expect(bytes[999]).toBe(999 & 0xff);
    bytes[0] = 7;
    expect(log.bytes()[0]).toBe(0);
    const src = Uint8Array.of(1, 2, 3);
    log.set(src);
    src[0] = 9;
    log.push(4);
    expect(Array.from(log.bytes())).toEqual([1, 2, 3, 4]);
  });
});
