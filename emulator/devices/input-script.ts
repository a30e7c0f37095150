/**
 * Scripted UART input (the `--input file`), so record and replay see the same bytes at the
 * same cycles.
 *
 * A file whose first line is exactly `#!seltrace-input` is a script; every further line is
 *     @<cycle> <text>
 * (decimal cycle, one space, then text with \n \r \t \\ \xHH escapes; the line's own newline
 * is not part of the text). Cycles must not decrease. Empty lines and lines starting with `#`
 * are skipped. Any other file is raw bytes, all available from cycle 0.
 *
 * Each byte becomes available at its cycle; the UART takes bytes in order when the guest
 * reads RBR. Only the read position is state: the parsed script itself is immutable.
 */
import type { DeviceState } from './device.js';
import { stateInt } from './mmio.js';
import { isCountText, parseCountText } from '../count-text.js';

const HEADER = '#!seltrace-input';
const NL = 0x0a;
const CR = 0x0d;

export class InputScript {
  private pos = 0;

  private constructor(
    private readonly data: Uint8Array,
    /** cycles[i] = the cycle byte i becomes available (non-decreasing). */
    private readonly cycles: Float64Array,
  ) {}

  /** No input at all. */
  static empty(): InputScript {
    return new InputScript(new Uint8Array(0), new Float64Array(0));
  }

  /** Parse the bytes of an input file; throws a one-line error naming the bad line. */
  static parse(file: Uint8Array): InputScript {
    const firstEnd = file.indexOf(NL);
    let first = file.subarray(0, firstEnd < 0 ? file.length : firstEnd);
    if (first.length > 0 && first[first.length - 1] === CR) first = first.subarray(0, first.length - 1);
    const firstText = Buffer.from(first).toString('latin1');
    if (firstText === HEADER) {
      const [data, cycles] = parseScript(file, firstEnd < 0 ? file.length : firstEnd + 1);
      return new InputScript(data, cycles);
    }
    if (firstText.startsWith(HEADER)) {
      throw new Error(`input script line 1: unknown header ${JSON.stringify(firstText)} (expected "${HEADER}")`);
    }
    return new InputScript(file.slice(), new Float64Array(file.length));
  }

  /** Total number of scripted bytes. */
  get length(): number {
    return this.data.length;
  }

  /** Bytes already taken. */
  get position(): number {
    return this.pos;
  }

  /** The cycle at which the next untaken byte is available, or Infinity if none is left. */
  nextAvailableCycle(): number {
    return this.pos < this.data.length ? this.cycles[this.pos] : Infinity;
  }

  /** Take the next byte whatever its cycle (a blocking reader that waits for it), or -1 when none is left. */
  takeNext(): number {
    return this.pos < this.data.length ? this.data[this.pos++] : -1;
  }

  /** Take the next byte if it is available at `cycle`, else -1. */
  take(cycle: number): number {
    if (this.pos >= this.data.length || this.cycles[this.pos] > cycle) return -1;
    return this.data[this.pos++];
  }

  snapshot(): DeviceState {
    return { pos: this.pos };
  }

  restore(s: DeviceState): void {
    this.pos = stateInt(s, 'input', 'pos', this.data.length);
  }
}

function parseScript(file: Uint8Array, start: number): [Uint8Array, Float64Array] {
  const bytes: number[] = [];
  const cycles: number[] = [];
  let prev = 0;
  let lineNo = 1;
  let at = start;
  while (at < file.length) {
    lineNo++;
    let end = file.indexOf(NL, at);
    if (end < 0) end = file.length;
    let line = file.subarray(at, end);
    at = end + 1;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (line.length === 0 || line[0] === 0x23 /* # */) continue;
    const where = `input script line ${lineNo}`;
    if (line[0] !== 0x40 /* @ */) throw new Error(`${where}: expected "@<cycle> <text>"`);
    // The cycle is a count like every other (1000000, 0x100000, 50M): up to the first space.
    let i = 1;
    while (i < line.length && line[i] !== 0x20) i++;
    const word = Buffer.from(line.subarray(1, i)).toString('latin1');
    if (word.length === 0) throw new Error(`${where}: expected a cycle after "@" (e.g. @1000000, @0x100000, @50M)`);
    const cycle = parseCountText(word);
    if (cycle === null) {
      if (isCountText(word)) throw new Error(`${where}: cycle ${word} is too large`);
      throw new Error(`${where}: '${word}' is not a cycle (e.g. @1000000, @0x100000, @50M)`);
    }
    if (cycle < prev) throw new Error(`${where}: cycle ${cycle} is before the previous line's cycle ${prev}`);
    prev = cycle;
    for (const b of unescape(line.subarray(i + 1), i + 2, where)) {
      bytes.push(b);
      cycles.push(cycle);
    }
  }
  return [Uint8Array.from(bytes), Float64Array.from(cycles)];
}

const SIMPLE: Readonly<Record<number, number>> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x5c: 0x5c }; // n r t \

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `column0` is the 1-based line column of text[0], for error messages. */
function unescape(text: Uint8Array, column0: number, where: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const e = text[i + 1];
    const column = column0 + i;
    if (e === undefined) throw new Error(`${where}: text ends with a lone backslash`);
    if (e in SIMPLE) {
      out.push(SIMPLE[e]);
      i++;
    } else if (e === 0x78 /* x */) {
      const h = hexValue(text[i + 2]);
      const l = hexValue(text[i + 3]);
      if (h < 0 || l < 0) throw new Error(`${where}: \\x at column ${column} needs two hex digits`);
      out.push(h * 16 + l);
      i += 3;
    } else {
      throw new Error(`${where}: unknown escape \\${String.fromCharCode(e)} at column ${column}`);
    }
  }
  return out;
}
