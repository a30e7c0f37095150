/**
 * A minimal WebAssembly binary writer for the region translator (wasm-region.ts): a growable
 * byte buffer with LEB128 and constant encoders, the opcodes it uses (core spec 1.0 §5.4 plus
 * the sign-extension ops), and the module wrapper (one function importing one memory).
 */

/** Value types. */
export const T = { i32: 0x7f, i64: 0x7e, f64: 0x7c, void: 0x40 } as const;

/** Opcodes (named after the spec's mnemonics). */
export const W = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, brTable: 0x0e, return: 0x0f,
  drop: 0x1a, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i64Load: 0x29, f64Load: 0x2b,
  i64Load8S: 0x30, i64Load8U: 0x31, i64Load16S: 0x32, i64Load16U: 0x33, i64Load32S: 0x34, i64Load32U: 0x35,
  i32Store: 0x36, i64Store: 0x37, f64Store: 0x39, i64Store8: 0x3c, i64Store16: 0x3d, i64Store32: 0x3e,
  i32Const: 0x41, i64Const: 0x42, f64Const: 0x44,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32GtU: 0x4b, i32GeU: 0x4f,
  i64Eqz: 0x50, i64Eq: 0x51, i64Ne: 0x52, i64LtS: 0x53, i64LtU: 0x54, i64GtS: 0x55, i64GtU: 0x56, i64GeS: 0x59, i64GeU: 0x5a,
  f64Eq: 0x61, f64Ne: 0x62, f64Lt: 0x63,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32DivS: 0x6d, i32DivU: 0x6e, i32RemS: 0x6f, i32RemU: 0x70,
  i32And: 0x71, i32Or: 0x72, i32Xor: 0x73, i32Shl: 0x74, i32ShrS: 0x75, i32ShrU: 0x76,
  i64Add: 0x7c, i64Sub: 0x7d, i64Mul: 0x7e, i64DivS: 0x7f, i64DivU: 0x80, i64RemS: 0x81, i64RemU: 0x82,
  i64And: 0x83, i64Or: 0x84, i64Xor: 0x85, i64Shl: 0x86, i64ShrS: 0x87, i64ShrU: 0x88,
  i32WrapI64: 0xa7, i32TruncF64S: 0xaa, i64ExtendI32S: 0xac, i64ExtendI32U: 0xad,
  f64ConvertI32S: 0xb7, f64ConvertI64S: 0xb9, i64Extend32S: 0xc4,
} as const;

/** A growable byte buffer with the encoders a function body needs. */
export class Bytes {
  buf = new Uint8Array(4096);
  len = 0;
  byte(b: number): void {
    if (this.len === this.buf.length) { const nb = new Uint8Array(this.buf.length * 2); nb.set(this.buf); this.buf = nb; }
    this.buf[this.len++] = b;
  }
  op(...bs: number[]): void { for (const b of bs) this.byte(b); }
  /** Unsigned LEB128 (n < 2^53). */
  u(n: number): void {
    do { let b = n % 128; n = Math.floor(n / 128); if (n !== 0) b |= 0x80; this.byte(b); } while (n !== 0);
  }
  /** Signed LEB128 of an exact integer n (|n| < 2^53). */
  s(n: number): void {
    for (;;) {
      const b = ((n % 128) + 128) % 128;
      n = Math.floor(n / 128);
      const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return;
    }
  }
  i32c(n: number): void { this.byte(W.i32Const); this.s(n | 0); }
  /** i64.const of an exact integer (|n| < 2^53). */
  i64c(n: number): void { this.byte(W.i64Const); this.s(n); }
  f64c(v: number): void {
    this.byte(W.f64Const);
    const b = new Uint8Array(new Float64Array([v]).buffer);
    for (let i = 0; i < 8; i++) this.byte(b[i]);
  }
  get(i: number): void { this.byte(W.localGet); this.u(i); }
  set(i: number): void { this.byte(W.localSet); this.u(i); }
  tee(i: number): void { this.byte(W.localTee); this.u(i); }
  /** A memory access: opcode, alignment (log2 of the natural size), constant offset. */
  mem(op: number, align: number, offset: number): void { this.byte(op); this.u(align); this.u(offset); }
  bytes(): Uint8Array { return this.buf.subarray(0, this.len); }
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do { let b = n % 128; n = Math.floor(n / 128); if (n !== 0) b |= 0x80; out.push(b); } while (n !== 0);
  return out;
}
const str = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const section = (id: number, body: number[] | Uint8Array): number[] => [id, ...uleb(body.length), ...body];

/**
 * A module with one function `f` of type (params) → (results), importing memory `e.m` of at
 * least `minPages` pages (`shared`: a shared memory of exactly that many: its maximum must be
 * declared); `locals` are (count, type) runs after the params, `body` the function's
 * instructions without the final `end`.
 */
export function wasmModule(params: number[], results: number[], locals: [number, number][], body: Uint8Array, minPages: number, shared = false): Uint8Array<ArrayBuffer> {
  const type = [1, 0x60, ...uleb(params.length), ...params, ...uleb(results.length), ...results];
  const limits = shared ? [0x03, ...uleb(minPages), ...uleb(minPages)] : [0x00, ...uleb(minPages)];
  const imp = [1, ...str('e'), ...str('m'), 0x02, ...limits];
  const fn = [1, 0];
  const exp = [1, ...str('f'), 0x00, 0];
  const localDecl = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t])];
  const fsize = localDecl.length + body.length + 1;
  const head = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, type), ...section(2, imp), ...section(3, fn), ...section(7, exp),
    10, ...uleb(uleb(1).length + uleb(fsize).length + fsize), 1, ...uleb(fsize), ...localDecl,
  ];
  const out = new Uint8Array(head.length + body.length + 1);
  out.set(head); out.set(body, head.length); out[out.length - 1] = W.end;
  return out;
}
