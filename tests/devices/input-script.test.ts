import { describe, expect, it } from 'vitest';
import { InputScript } from '../../emulator/devices/input-script.js';
import { cloneState } from './fakes.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** Drain the script: [byte, cycle it became available] for every byte. */
function drain(script: InputScript): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (;;) {
    const at = script.nextAvailableCycle();
    if (at === Infinity) return out;
    expect(script.take(at - 1)).toBe(-1); // not one cycle early
    out.push([script.take(at), at]);
  }
}

describe('InputScript', () => {
  it('makes raw files available from cycle 0, byte for byte', () => {
    const s = InputScript.parse(Uint8Array.of(0x61, 0x0a, 0xff, 0x00));
    expect(s.length).toBe(4);
    expect(s.nextAvailableCycle()).toBe(0);
    expect([s.take(0), s.take(0), s.take(0), s.take(0), s.take(0)]).toEqual([0x61, 0x0a, 0xff, 0x00, -1]);
    expect(s.nextAvailableCycle()).toBe(Infinity);
  });

  it('treats an empty file and the empty script as no input', () => {
    expect(InputScript.parse(new Uint8Array(0)).nextAvailableCycle()).toBe(Infinity);
    expect(InputScript.empty().take(1e9)).toBe(-1);
    expect(InputScript.parse(enc('#!seltrace-input')).length).toBe(0);
  });

  it('parses timed lines with escapes; the line newline is not part of the text', () => {
    const s = InputScript.parse(
      enc('#!seltrace-input\n@100 hi\\n\n\n# a comment\n@100 \\t\\\\\\x41\\xfF\r\n@250 a b\n@300\n@400 '),
    );
    expect(drain(s)).toEqual([
      [0x68, 100],
      [0x69, 100],
      [0x0a, 100],
      [0x09, 100],
      [0x5c, 100],
      [0x41, 100],
      [0xff, 100],
      [0x61, 250],
      [0x20, 250],
      [0x62, 250],
    ]);
  });

  it('takes cycles as counts like every flag and --at spec: 0x hex, k/M/G, _ separators (@1M was an error)', () => {
    const s = InputScript.parse(enc('#!seltrace-input\n@0x10 a\n@2k b\n@1_500_000 c\n@2M d\n'));
    expect(drain(s)).toEqual([[0x61, 16], [0x62, 2000], [0x63, 1_500_000], [0x64, 2_000_000]]);
  });

  it('passes UTF-8 text through as bytes', () => {
    const s = InputScript.parse(enc('#!seltrace-input\n@5 é'));
    expect(drain(s)).toEqual([
      [0xc3, 5],
      [0xa9, 5],
    ]);
  });

  it.each([
    ['#!seltrace-input\n@10 a\n@9 b\n', /^input script line 3: cycle 9 is before the previous line's cycle 10$/],
    ['#!seltrace-input\nhello\n', /^input script line 2: expected "@<cycle> <text>"$/],
    ['#!seltrace-input\n@ x\n', /^input script line 2: expected a cycle after "@" \(e\.g\. @1000000, @0x100000, @50M\)$/],
    ['#!seltrace-input\n@12x y\n', /^input script line 2: '12x' is not a cycle \(e\.g\. @1000000, @0x100000, @50M\)$/],
    ['#!seltrace-input\n@-5 y\n', /^input script line 2: '-5' is not a cycle/],
    ['#!seltrace-input\n@1 ok\n@2 \\q\n', /^input script line 3: unknown escape \\q at column 4$/],
    ['#!seltrace-input\n@1 ab\\x4\n', /^input script line 2: \\x at column 6 needs two hex digits$/],
    ['#!seltrace-input\n@1 \\xg0\n', /needs two hex digits/],
    ['#!seltrace-input\n@1 a\\', /^input script line 2: text ends with a lone backslash$/],
    ['#!seltrace-input\n@99999999999999999999 a\n', /^input script line 2: cycle 99999999999999999999 is too large$/],
    ['#!seltrace-inputs\n@1 a\n', /^input script line 1: unknown header "#!seltrace-inputs"/],
  ])('rejects %j with a precise one-line error', (text, message) => {
    expect(() => InputScript.parse(enc(text))).toThrow(message);
  });

  it('counts line numbers across blank and CRLF lines', () => {
    expect(() => InputScript.parse(enc('#!seltrace-input\r\n\r\n@5 a\r\n\r\n@4 b\r\n'))).toThrow(/^input script line 5:/);
  });

  it('snapshot -> restore rewinds the read position exactly', () => {
    const s = InputScript.parse(enc('#!seltrace-input\n@10 abc\n@20 de\n'));
    expect(s.take(10)).toBe(0x61);
    const state = cloneState(s.snapshot());
    const rest = drain(s);
    expect(rest.length).toBe(4);
    s.restore(state);
    expect(s.position).toBe(1);
    expect(drain(s)).toEqual(rest);
    expect(() => s.restore({ pos: 99 })).toThrow(/^input restore: field "pos" must be an integer in 0\.\.5$/);
  });
});
