/**
 * Typed attribute access for one SDF element. Errors read `file:line:col: element attribute: msg`,
 * located at the attribute (or at the element when the attribute is missing).
 */
import { SdfError, quote, type SourcePos } from './errors.js';
import { getAttribute, type XmlAttribute, type XmlElement } from './xml.js';

/**
 * Microkit number syntax: decimal or `0x` hex, `_` separators allowed. We keep values below 2^53
 * so they stay exact JS numbers (all SDF quantities on Sv39 fit easily).
 */
export function parseSdfNumber(s: string): number | undefined {
  const t = s.replace(/_/g, '');
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) return undefined;
  const v = BigInt(t);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
}

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** What a well-formed number too large to hold (2^53 or more) means here, instead of the generic words. */
  readonly tooLarge?: string;
}

export class ElementReader {
  constructor(
    readonly file: string,
    readonly el: XmlElement,
    allowed: readonly string[],
  ) {
    for (const a of el.attributes) {
      if (!allowed.includes(a.name)) {
        const hint = allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (none allowed)';
        this.failAt(a.pos, `${el.name} ${a.name}: unknown attribute${hint}`);
      }
    }
  }

  failAt(pos: SourcePos, detail: string): never {
    throw new SdfError(this.file, pos.line, pos.col, detail);
  }

  /** Error about the element as a whole, at its `<`. */
  fail(message: string): never {
    this.failAt(this.el.pos, `${this.el.name}: ${message}`);
  }

  /** Error about one attribute, at the attribute's name. */
  failAttr(attr: XmlAttribute, message: string): never {
    this.failAt(attr.pos, `${this.el.name} ${attr.name}: ${message}`);
  }

  attr(name: string): XmlAttribute | undefined {
    return getAttribute(this.el, name);
  }

  required(name: string): XmlAttribute {
    const a = this.attr(name);
    if (!a) this.failAt(this.el.pos, `${this.el.name} ${name}: missing required attribute`);
    return a;
  }

  /** A required, non-empty string. */
  name(name: string): string {
    const a = this.required(name);
    if (a.value === '') this.failAttr(a, 'must not be empty');
    return a.value;
  }

  optString(name: string): string | null {
    const a = this.attr(name);
    if (!a) return null;
    if (a.value === '') this.failAttr(a, 'must not be empty');
    return a.value;
  }

  number(a: XmlAttribute, range: NumberRange = {}): number {
    const v = parseSdfNumber(a.value);
    if (v === undefined) {
      // Well-formed but too large deserves its own words.
      if (/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(a.value.replace(/_/g, ''))) {
        this.failAttr(a, `${a.value} ${range.tooLarge ?? 'is too large: numbers here stay below 2^53'}`);
      }
      this.failAttr(a, `bad number ${quote(a.value)} (expected decimal or 0x hex below 2^53)`);
    }
    const { min, max } = range;
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
      const want =
        max === undefined ? `at least ${min}` : min === undefined ? `at most ${max}` : `between ${min} and ${max}`;
      this.failAttr(a, `${a.value} is out of range (must be ${want})`);
    }
    return v;
  }

  reqNumber(name: string, range?: NumberRange): number {
    return this.number(this.required(name), range);
  }

  optNumber(name: string, fallback: number, range?: NumberRange): number {
    const a = this.attr(name);
    return a ? this.number(a, range) : fallback;
  }

  bool(name: string, fallback: boolean): boolean {
    const a = this.attr(name);
    if (!a) return fallback;
    if (a.value === 'true') return true;
    if (a.value === 'false') return false;
    this.failAttr(a, `must be "true" or "false", not ${quote(a.value)}`);
  }
}
