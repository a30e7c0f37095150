/**
 * A small, strict XML parser for `.system` files. It supports exactly what SDF files use:
 * elements, attributes ('…' or "…"), self-closing tags, comments, the `<?xml …?>` declaration and
 * the five predefined entities plus numeric character references. DOCTYPE, CDATA and processing
 * instructions are rejected with a clear error rather than half-supported.
 *
 * It is iterative (explicit element stack), so hostile nesting depth cannot overflow the JS stack.
 * Every element, attribute and text node records its line and column for error messages.
 */
import { SdfError, type SourcePos } from './errors.js';

export interface XmlAttribute {
  readonly name: string;
  /** Decoded value (entities resolved, literal tabs/newlines normalized to spaces per XML). */
  readonly value: string;
  /** Position of the attribute name. */
  readonly pos: SourcePos;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  /** Position of the opening `<`. */
  readonly pos: SourcePos;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
}

export interface XmlText {
  readonly kind: 'text';
  /** Decoded text. */
  readonly text: string;
  /** Position of the first non-whitespace character (or of the start, if all whitespace). */
  readonly pos: SourcePos;
}

export type XmlNode = XmlElement | XmlText;

export function getAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  return el.attributes.find((a) => a.name === name);
}

/** Parse a whole document and return its root element. Throws SdfError on malformed input. */
export function parseXml(text: string, fileName: string): XmlElement {
  return new XmlParser(text, fileName).parse();
}

interface OpenElement {
  readonly kind: 'element';
  readonly name: string;
  readonly pos: SourcePos;
  readonly attributes: XmlAttribute[];
  readonly children: XmlNode[];
  readonly start: number;
}

const NAME_RE = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_.:\-\u00B7\u00C0-\uFFFF]*/y;
// After \r normalization: control characters other than tab/newline, and the two non-characters.
const BAD_CHAR_RE = /[\x00-\x08\x0B-\x1F\uFFFE\uFFFF]/;
// A Map, not an object literal: names like "constructor" must not resolve through the prototype.
const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"],
]);

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n';
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

class XmlParser {
  private readonly src: string;
  private readonly lineStarts: number[] = [0];
  private i = 0;

  constructor(text: string, private readonly file: string) {
    // XML end-of-line handling: \r\n and lone \r become \n. Line/col of everything is unchanged.
    this.src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    for (let k = 0; k < this.src.length; k++) if (this.src.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  private pos(at: number): SourcePos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: at - this.lineStarts[lo]! + 1 };
  }

  private fail(at: number, message: string): never {
    const p = this.pos(at);
    throw new SdfError(this.file, p.line, p.col, message);
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  private skipWs(): boolean {
    const from = this.i;
    while (isWs(this.src[this.i])) this.i++;
    return this.i > from;
  }

  private readName(): string | undefined {
    NAME_RE.lastIndex = this.i;
    const m = NAME_RE.exec(this.src);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  parse(): XmlElement {
    const bad = BAD_CHAR_RE.exec(this.src);
    if (bad) {
      const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      this.fail(bad.index, `invalid character U+${code} in XML`);
    }
    if (/^<\?xml[ \t\n?]/.test(this.src)) this.parseDeclaration();

    const src = this.src;
    const stack: OpenElement[] = [];
    let root: XmlElement | undefined;
    while (this.i < src.length) {
      if (src[this.i] !== '<') {
        const start = this.i;
        const lt = src.indexOf('<', start);
        const end = lt < 0 ? src.length : lt;
        const raw = src.slice(start, end);
        const firstInk = raw.search(/[^ \t\n]/);
        const parent = stack[stack.length - 1];
        if (!parent) {
          if (firstInk >= 0) {
            this.fail(start + firstInk, root ? 'unexpected content after the root element' : 'text before the root element');
          }
        } else {
          const text = this.decode(raw, start, false);
          parent.children.push({ kind: 'text', text, pos: this.pos(start + Math.max(firstInk, 0)) });
        }
        this.i = end;
        continue;
      }
      if (this.startsWith('<!--')) this.parseComment();
      else if (this.startsWith('<![CDATA[')) this.fail(this.i, 'CDATA sections are not supported');
      else if (this.startsWith('<!')) this.fail(this.i, 'DOCTYPE and other <! declarations are not supported');
      else if (this.startsWith('<?')) {
        if (/^<\?xml[ \t\n?]/i.test(src.slice(this.i, this.i + 6))) {
          this.fail(this.i, 'the XML declaration is only allowed at the very start of the document');
        }
        this.fail(this.i, 'processing instructions are not supported');
      } else if (this.startsWith('</')) {
        const el = this.parseCloseTag(stack);
        if (stack.length === 0) root = el;
      } else {
        if (root) this.fail(this.i, 'unexpected content after the root element (only one root element is allowed)');
        const { el, selfClosing } = this.parseOpenTag();
        stack[stack.length - 1]?.children.push(el);
        if (!selfClosing) stack.push(el);
        else if (stack.length === 0) root = el;
      }
    }
    const open = stack[stack.length - 1];
    if (open) this.fail(open.start, `element <${open.name}> is never closed`);
    if (!root) this.fail(src.length, 'no root element');
    return root;
  }

  private parseDeclaration(): void {
    const end = this.src.indexOf('?>');
    if (end < 0) this.fail(0, 'the XML declaration is never closed (missing ?>)');
    const body = this.src.slice(5, end);
    const re = /[ \t\n]+([A-Za-z]+)[ \t\n]*=[ \t\n]*("[^"]*"|'[^']*')/y;
    const seen: string[] = [];
    let k = 0;
    for (;;) {
      re.lastIndex = k;
      const m = re.exec(body);
      if (!m) break;
      if (!['version', 'encoding', 'standalone'].includes(m[1]!) || seen.includes(m[1]!)) {
        this.fail(5 + k + m[0].indexOf(m[1]!), `unexpected ${m[1]} in the XML declaration`);
      }
      seen.push(m[1]!);
      k = re.lastIndex;
    }
    if (body.slice(k).trim() !== '') this.fail(5 + k, 'malformed XML declaration');
    if (seen[0] !== 'version') this.fail(0, 'the XML declaration must start with version="1.0"');
    this.i = end + 2;
  }

  private parseComment(): void {
    const start = this.i;
    const end = this.src.indexOf('-->', start + 4);
    if (end < 0) this.fail(start, 'comment is never closed (missing -->)');
    const body = this.src.slice(start + 4, end);
    const dashes = body.indexOf('--');
    if (dashes >= 0) this.fail(start + 4 + dashes, "'--' is not allowed inside a comment");
    if (body.endsWith('-')) this.fail(end - 1, "a comment must not end with '--->'");
    this.i = end + 3;
  }

  private parseCloseTag(stack: OpenElement[]): XmlElement {
    const start = this.i;
    this.i += 2;
    const name = this.readName();
    if (name === undefined) this.fail(this.i, "expected an element name after '</'");
    this.skipWs();
    if (this.src[this.i] !== '>') this.fail(this.i, `expected '>' to end the closing tag </${name}>`);
    this.i++;
    const open = stack.pop();
    if (!open) this.fail(start, `unexpected closing tag </${name}>`);
    if (open.name !== name) {
      this.fail(start, `mismatched closing tag </${name}>: expected </${open.name}> (opened at ${open.pos.line}:${open.pos.col})`);
    }
    return open;
  }

  private parseOpenTag(): { el: OpenElement; selfClosing: boolean } {
    const start = this.i;
    this.i++;
    const name = this.readName();
    if (name === undefined) this.fail(this.i, "expected an element name after '<'");
    const el: OpenElement = { kind: 'element', name, pos: this.pos(start), attributes: [], children: [], start };
    for (;;) {
      const hadWs = this.skipWs();
      if (this.i >= this.src.length) this.fail(start, `tag <${name}> is never closed (missing '>')`);
      if (this.src[this.i] === '>') {
        this.i++;
        return { el, selfClosing: false };
      }
      if (this.startsWith('/>')) {
        this.i += 2;
        return { el, selfClosing: true };
      }
      if (!hadWs) this.fail(this.i, `expected whitespace, '>' or '/>' in tag <${name}>`);
      el.attributes.push(this.parseAttribute(el));
    }
  }

  private parseAttribute(el: OpenElement): XmlAttribute {
    const at = this.i;
    const name = this.readName();
    if (name === undefined) this.fail(this.i, `expected an attribute name, '>' or '/>' in tag <${el.name}>`);
    if (el.attributes.some((a) => a.name === name)) this.fail(at, `duplicate attribute ${name} in <${el.name}>`);
    this.skipWs();
    if (this.src[this.i] !== '=') this.fail(this.i, `attribute ${name}: expected '=' after the attribute name`);
    this.i++;
    this.skipWs();
    const q = this.src[this.i];
    if (q !== '"' && q !== "'") this.fail(this.i, `attribute ${name}: value must be quoted with ' or "`);
    const valueStart = this.i + 1;
    const end = this.src.indexOf(q, valueStart);
    if (end < 0) this.fail(this.i, `attribute ${name}: unterminated quoted value`);
    const raw = this.src.slice(valueStart, end);
    const lt = raw.indexOf('<');
    if (lt >= 0) this.fail(valueStart + lt, `attribute ${name}: '<' is not allowed in a value (missing closing quote?)`);
    this.i = end + 1;
    return { name, value: this.decode(raw, valueStart, true), pos: this.pos(at) };
  }

  /** Resolve entity and character references; `offset` is raw's index in src (for errors). */
  private decode(raw: string, offset: number, isAttribute: boolean): string {
    const plain = (s: string): string => (isAttribute ? s.replace(/[\t\n]/g, ' ') : s);
    if (!raw.includes('&')) return plain(raw);
    let out = '';
    let k = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', k)) {
      out += plain(raw.slice(k, amp));
      const semi = raw.indexOf(';', amp);
      const ref = semi < 0 ? '' : raw.slice(amp + 1, semi);
      if (semi < 0 || !/^(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*)$/.test(ref)) {
        this.fail(offset + amp, "malformed entity reference (write a literal '&' as &amp;)");
      }
      if (ref.startsWith('#')) {
        const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!isXmlChar(cp)) this.fail(offset + amp, `character reference &${ref}; is not a valid XML character`);
        out += String.fromCodePoint(cp);
      } else {
        const rep = PREDEFINED.get(ref);
        if (rep === undefined) this.fail(offset + amp, `unknown entity &${ref};`);
        out += rep;
      }
      k = semi + 1;
    }
    return out + plain(raw.slice(k));
  }
}
