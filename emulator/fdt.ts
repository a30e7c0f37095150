/**
 * A minimal flattened-device-tree (DTB, version 17) writer: the format firmware such as
 * OpenSBI and Linux read with libfdt. Nodes are written in the order given, properties
 * too, so the blob is a pure function of its input (byte-identical boots).
 * Layout as dtc writes it: header, memory reservation map (empty), structure block, strings.
 */

/** A property value: u32 cells, a string, a string list, raw bytes, or empty (a flag). */
export type FdtValue = number[] | string | string[] | Uint8Array | null;

export interface FdtNode {
  readonly name: string;
  readonly props: readonly (readonly [string, FdtValue])[];
  readonly children: readonly FdtNode[];
}

const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_END = 9;
const HEADER_SIZE = 40;
const enc = new TextEncoder();

class Bytes {
  private buf = new Uint8Array(4096);
  n = 0;
  private grow(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k)); b.set(this.buf); this.buf = b;
  }
  u32(v: number): void { this.grow(4); new DataView(this.buf.buffer).setUint32(this.n, v >>> 0, false); this.n += 4; }
  raw(b: Uint8Array): void { this.grow(b.length); this.buf.set(b, this.n); this.n += b.length; }
  align4(): void { while (this.n % 4 !== 0) this.raw(new Uint8Array(1)); }
  bytes(): Uint8Array { return this.buf.slice(0, this.n); }
}

function valueBytes(v: FdtValue): Uint8Array {
  if (v === null) return new Uint8Array(0);
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return enc.encode(`${v}\0`);
  if (v.length > 0 && typeof v[0] === 'string') return enc.encode((v as string[]).map((s) => `${s}\0`).join(''));
  const cells = v as number[];
  const out = new Uint8Array(cells.length * 4);
  const dv = new DataView(out.buffer);
  cells.forEach((c, i) => dv.setUint32(i * 4, c >>> 0, false));
  return out;
}

/** Serialize a tree (the root node's name must be ''). */
export function fdtBlob(root: FdtNode, bootCpuid = 0): Uint8Array {
  const st = new Bytes();
  const strings = new Bytes();
  const strOff = new Map<string, number>();
  const nameOff = (s: string): number => {
    let o = strOff.get(s);
    if (o === undefined) { o = strings.n; strOff.set(s, o); strings.raw(enc.encode(`${s}\0`)); }
    return o;
  };
  const node = (nd: FdtNode): void => {
    st.u32(FDT_BEGIN_NODE); st.raw(enc.encode(`${nd.name}\0`)); st.align4();
    for (const [name, v] of nd.props) {
      const b = valueBytes(v);
      st.u32(FDT_PROP); st.u32(b.length); st.u32(nameOff(name)); st.raw(b); st.align4();
    }
    for (const c of nd.children) node(c);
    st.u32(FDT_END_NODE);
  };
  node(root);
  st.u32(FDT_END);
  const structBytes = st.bytes(), stringBytes = strings.bytes();
  const rsvOff = HEADER_SIZE;
  const rsvSize = 16; // one all-zero terminating entry
  const structOff = rsvOff + rsvSize;
  const stringsOff = structOff + structBytes.length;
  const total = stringsOff + stringBytes.length;
  const out = new Uint8Array((total + 7) & ~7);
  const dv = new DataView(out.buffer);
  const hdr = [FDT_MAGIC, out.length, structOff, stringsOff, rsvOff, 17, 16, bootCpuid, stringBytes.length, structBytes.length];
  hdr.forEach((v, i) => dv.setUint32(i * 4, v >>> 0, false));
  out.set(structBytes, structOff);
  out.set(stringBytes, stringsOff);
  return out;
}

/** Parse a blob back into a tree (for tests and `seltrace` diagnostics); throws on malformed input. */
export function fdtParse(b: Uint8Array): FdtNode {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < HEADER_SIZE || dv.getUint32(0) !== FDT_MAGIC) throw new Error('not a flattened device tree (bad magic)');
  const structOff = dv.getUint32(8), stringsOff = dv.getUint32(12);
  const dec = new TextDecoder();
  const cstr = (at: number): [string, number] => { const e = b.indexOf(0, at); if (e < 0) throw new Error('unterminated string'); return [dec.decode(b.subarray(at, e)), e + 1]; };
  let p = structOff;
  const next = (): number => { const v = dv.getUint32(p); p += 4; return v; };
  const parseNode = (): FdtNode => {
    const [name, e] = cstr(p); p = (e + 3) & ~3;
    const props: [string, FdtValue][] = [];
    const children: FdtNode[] = [];
    for (;;) {
      const tok = next();
      if (tok === FDT_PROP) {
        const len = next(), no = next();
        props.push([cstr(stringsOff + no)[0], b.slice(p, p + len)]);
        p = (p + len + 3) & ~3;
      } else if (tok === FDT_BEGIN_NODE) children.push(parseNode());
      else if (tok === FDT_END_NODE) return { name, props, children };
      else if (tok !== 4) throw new Error(`bad FDT token ${tok} at ${p - 4}`);
    }
  };
  if (next() !== FDT_BEGIN_NODE) throw new Error('FDT structure does not start with a node');
  return parseNode();
}
