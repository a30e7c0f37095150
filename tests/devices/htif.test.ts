import { describe, expect, it } from 'vitest';
import { Htif } from '../../emulator/devices/htif.js';
import { cloneState } from './fakes.js';

const RAM = 0x8000_0000;
const TOHOST = RAM + 0x1000;
const FROMHOST = RAM + 0x1040;

/** A little RAM with guest-style stores that notify the HTIF like the machine does. */
function setup(withFromhost = true) {
  const view = new DataView(new ArrayBuffer(0x4000));
  const at = (addr: number) => {
    if (addr < RAM || addr + 8 > RAM + view.byteLength) throw new Error(`bus error at 0x${addr.toString(16)}`);
    return addr - RAM;
  };
  const htif = new Htif({
    tohost: TOHOST,
    fromhost: withFromhost ? FROMHOST : undefined,
    read64: (a) => [view.getUint32(at(a), true), view.getUint32(at(a) + 4, true)],
    write64: (a, lo, hi) => {
      view.setUint32(at(a), lo, true);
      view.setUint32(at(a) + 4, hi, true);
    },
  });
  const store = (addr: number, width: 1 | 2 | 4 | 8, value: number) => {
    for (let i = 0; i < width; i++) view.setUint8(addr - RAM + i, Math.floor(value / 2 ** (8 * i)) & 0xff);
    htif.onStore(addr, width);
  };
  const sd = (addr: number, lo: number, hi: number) => {
    view.setUint32(addr - RAM, lo, true);
    view.setUint32(addr - RAM + 4, hi, true);
    htif.onStore(addr, 8);
  };
  const word64 = (addr: number): [number, number] => [view.getUint32(addr - RAM, true), view.getUint32(addr - RAM + 4, true)];
  return { htif, store, sd, word64, view };
}

describe('Htif', () => {
  it('exits only once the high word is written (p env: low word, then high word 0)', () => {
    const { htif, store, word64 } = setup();
    store(TOHOST, 4, 1);
    expect(htif.exit()).toBeNull();
    expect(word64(TOHOST)).toEqual([1, 0]); // still waiting for the high word
    store(TOHOST + 4, 4, 0);
    expect(htif.exit()).toBe(0);
    expect(word64(TOHOST)).toEqual([0, 0]);
    expect(word64(FROMHOST)).toEqual([0, 0]); // exit has no reply
  });

  it('decodes (n << 1) | 1 as failure n, including payloads above 32 bits', () => {
    const a = setup();
    a.sd(TOHOST, (5 << 1) | 1, 0);
    expect(a.htif.exit()).toBe(5);
    const b = setup();
    const code = 0x1234_5678_9a; // needs 37 bits; payload is 48 bits
    const payload = code * 2 + 1;
    b.sd(TOHOST, payload % 2 ** 32, Math.floor(payload / 2 ** 32));
    expect(b.htif.exit()).toBe(code);
  });

  it('keeps the first exit code', () => {
    const { htif, sd } = setup();
    sd(TOHOST, 7, 0);
    sd(TOHOST, 1, 0);
    expect(htif.exit()).toBe(3);
  });

  it('ignores stores that do not write tohost byte 7', () => {
    const { htif, store, word64 } = setup();
    store(TOHOST, 4, 1);
    store(TOHOST + 4, 2, 0); // bytes 4..5 only
    store(TOHOST + 8, 4, 0); // the next word
    store(TOHOST - 4, 4, 0);
    expect(htif.exit()).toBeNull();
    expect(word64(TOHOST)).toEqual([1, 0]);
    store(TOHOST + 7, 1, 0);
    expect(htif.exit()).toBe(0);
  });

  it('handles a command written byte by byte in ascending order', () => {
    const { htif, store } = setup();
    const bytes = [0x42, 0, 0, 0, 0, 0, 0x01, 0x01]; // device 1, cmd 1, 'B'
    bytes.forEach((b, i) => store(TOHOST + i, 1, b));
    expect(new TextDecoder().decode(htif.output())).toBe('B');
  });

  it('does putchar for device 1 command 1 and replies 0x100 | char in fromhost', () => {
    const { htif, sd, store, word64 } = setup();
    sd(TOHOST, 0x41, 0x0101_0000);
    expect(word64(TOHOST)).toEqual([0, 0]);
    expect(word64(FROMHOST)).toEqual([0x141, 0x0101_0000]);
    store(TOHOST, 4, 0x0a);
    store(TOHOST + 4, 4, 0x0101_0000);
    expect(Array.from(htif.output())).toEqual([0x41, 0x0a]);
    expect(htif.exit()).toBeNull();
    expect(htif.error()).toBeNull();
  });

  it('writes no fromhost reply when no fromhost symbol exists', () => {
    const { htif, sd, word64 } = setup(false);
    sd(TOHOST, 0x41, 0x0101_0000);
    expect(word64(FROMHOST)).toEqual([0, 0]);
    expect(Array.from(htif.output())).toEqual([0x41]);
  });

  it('proxies write(1, buf, len) and exit through a magic memory block', () => {
    const { htif, sd, word64, view } = setup();
    const magic = RAM + 0x2000;
    const buf = RAM + 0x3003; // unaligned on purpose
    new TextEncoder().encodeInto('hello', new Uint8Array(view.buffer, buf - RAM));
    sd(magic, 64, 0);
    sd(magic + 8, 1, 0);
    sd(magic + 16, buf % 2 ** 32, Math.floor(buf / 2 ** 32));
    sd(magic + 24, 5, 0);
    sd(TOHOST, magic % 2 ** 32, Math.floor(magic / 2 ** 32));
    expect(new TextDecoder().decode(htif.output())).toBe('hello');
    expect(word64(magic)).toEqual([5, 0]);
    expect(word64(FROMHOST)).toEqual([1, 0]);
    expect(word64(TOHOST)).toEqual([0, 0]);
    sd(magic, 93, 0);
    sd(magic + 8, 3, 0);
    sd(TOHOST, magic % 2 ** 32, 0);
    expect(htif.exit()).toBe(3);
  });

  it('answers unsupported syscalls with -ENOSYS and notes them once', () => {
    const { htif, sd, word64 } = setup();
    const magic = RAM + 0x2000;
    sd(magic, 57, 0); // close
    sd(TOHOST, magic % 2 ** 32, 0);
    expect(word64(magic)).toEqual([(-38 >>> 0), 0xffff_ffff]);
    expect(htif.error()).toBe('htif: unsupported proxied syscall 57');
    sd(magic + 8, 9, 0);
    sd(magic, 64, 0); // write to fd 9
    sd(TOHOST, magic % 2 ** 32, 0);
    expect(word64(magic)).toEqual([(-9 >>> 0), 0xffff_ffff]);
    expect(htif.error()).toBe('htif: unsupported proxied syscall 57');
  });

  it('acknowledges unknown devices and bad addresses with a one-line error, never a crash', () => {
    const a = setup();
    a.sd(TOHOST, 5, 0x0300_0000);
    expect(a.word64(TOHOST)).toEqual([0, 0]);
    expect(a.htif.error()).toBe('htif: unsupported command: device 3, command 0, payload 0x5');
    const b = setup();
    b.sd(TOHOST, 0x100, 0); // magic block outside RAM
    expect(b.htif.error()).toBe('htif: syscall block at 0x100: bus error at 0x100');
    expect(b.word64(TOHOST)).toEqual([0, 0]);
    expect(b.word64(FROMHOST)).toEqual([0, 0]);
    expect(() => new Htif({ tohost: TOHOST + 4, read64: () => [0, 0], write64: () => {} })).toThrow(
      /^htif: tohost address \d+ must be a non-negative multiple of 8$/,
    );
  });

  it('snapshot -> restore gives identical subsequent behaviour', () => {
    const a = setup();
    a.sd(TOHOST, 0x61, 0x0101_0000);
    a.sd(TOHOST, 1, 0x0300_0000);
    const state = cloneState(a.htif.snapshot());
    const run = (s: ReturnType<typeof setup>) => {
      s.sd(TOHOST, 0x62, 0x0101_0000);
      s.sd(TOHOST, 9, 0);
      s.sd(TOHOST, 1, 0);
      return [Array.from(s.htif.output()), s.htif.exit(), s.htif.error(), s.word64(FROMHOST)];
    };
    const expected = run(a);
    const b = setup();
    b.htif.restore(state);
    expect(Array.from(b.htif.output())).toEqual([0x61]);
    expect(run(b)).toEqual(expected);
    expect(expected[1]).toBe(4);
    expect(b.htif.snapshot()).toEqual(a.htif.snapshot());
    expect(() => b.htif.restore({ ...state, error: 3 })).toThrow(/^htif restore: field "error" must be a string$/);
  });
});
