/**
 * GDB Remote Serial Protocol framing, with no I/O: `$data#cs` packets, the one-byte
 * acknowledgements, the out-of-band interrupt byte (0x03), `}` escaping, and hex helpers.
 * The connection (serve.ts) feeds bytes in and writes what `frame` returns.
 */

/** What the byte stream from gdb contains, in order. */
export type Incoming =
  | { kind: 'packet'; data: string }
  /** A packet whose checksum did not match (to be answered with `-` in ack mode). */
  | { kind: 'bad-checksum'; data: string }
  | { kind: 'interrupt' }
  | { kind: 'ack' }
  | { kind: 'nack' };

/** Longest packet accepted; anything longer is dropped as garbage (gdb never sends more than PacketSize). */
export const MAX_PACKET = 0x4000;

const enum St { Idle, Data, Escape, Sum1, Sum2 }

/** Incremental parser of the bytes gdb sends. */
export class PacketReader {
  private st = St.Idle;
  private data: number[] = [];
  private sum = 0;
  private given = 0;

  /** Feed bytes; returns everything completed by them. */
  push(bytes: Uint8Array): Incoming[] {
    const out: Incoming[] = [];
    for (const b of bytes) {
      switch (this.st) {
        case St.Idle:
          if (b === 0x24 /* $ */) { this.st = St.Data; this.data = []; this.sum = 0; }
          else if (b === 0x03) out.push({ kind: 'interrupt' });
          else if (b === 0x2b /* + */) out.push({ kind: 'ack' });
          else if (b === 0x2d /* - */) out.push({ kind: 'nack' });
          // Anything else between packets is line noise: ignored.
          break;
        case St.Data:
          if (b === 0x23 /* # */) { this.st = St.Sum1; break; }
          if (b === 0x24) { this.data = []; this.sum = 0; break; } // a new start restarts the packet
          this.sum = (this.sum + b) & 0xff;
          if (b === 0x7d /* } */) { this.st = St.Escape; break; }
          this.add(b);
          break;
        case St.Escape:
          this.sum = (this.sum + b) & 0xff;
          this.add(b ^ 0x20);
          this.st = St.Data;
          break;
        case St.Sum1: {
          const v = hexDigit(b);
          if (v < 0) { out.push({ kind: 'bad-checksum', data: this.text() }); this.st = St.Idle; break; }
          this.given = v << 4;
          this.st = St.Sum2;
          break;
        }
        case St.Sum2: {
          const v = hexDigit(b);
          const data = this.text();
          this.st = St.Idle;
          if (v < 0 || (this.given | v) !== this.sum || this.data.length > MAX_PACKET) out.push({ kind: 'bad-checksum', data });
          else out.push({ kind: 'packet', data });
          break;
        }
      }
    }
    return out;
  }

  private add(b: number): void {
    // Keep at most one byte past the limit, enough to know the packet was too long.
    if (this.data.length <= MAX_PACKET) this.data.push(b);
  }

  private text(): string { return Buffer.from(this.data).toString('latin1'); }
}

function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/** Modulo-256 sum of the bytes as sent. */
export function checksum(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = (c + s.charCodeAt(i)) & 0xff;
  return c;
}

/** `$data#cs`, escaping the bytes the protocol reserves (`$ # } *`). */
export function frame(data: string): string {
  let esc = '';
  for (let i = 0; i < data.length; i++) {
    const ch = data[i];
    esc += ch === '$' || ch === '#' || ch === '}' || ch === '*' ? '}' + String.fromCharCode(ch.charCodeAt(0) ^ 0x20) : ch;
  }
  return `$${esc}#${checksum(esc).toString(16).padStart(2, '0')}`;
}

/** Latin-1 text as hex (qRcmd output, qThreadExtraInfo). */
export function toHex(s: string): string { return Buffer.from(s, 'latin1').toString('hex'); }

/** Hex to latin-1 text, or null if not an even-length hex string. */
export function fromHex(h: string): string | null {
  return /^(?:[0-9a-fA-F]{2})*$/.test(h) ? Buffer.from(h, 'hex').toString('latin1') : null;
}

/** Bytes as hex. */
export function bytesHex(b: Uint8Array): string { return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'); }

/**
 * An address as gdb writes it (unsigned 64-bit hex) to the emulator's number: addresses at or
 * above 2^63 become negative (sign-extended Sv39 virtual addresses). Null if not hex or too long.
 */
export function parseAddr(h: string): number | null {
  if (!/^[0-9a-fA-F]{1,16}$/.test(h)) return null;
  const v = BigInt(`0x${h}`);
  return Number(v >= 1n << 63n ? v - (1n << 64n) : v);
}

/** A small hex number (lengths, kinds, register numbers, thread ids); null if malformed. */
export function parseHexInt(h: string): number | null {
  if (!/^[0-9a-fA-F]{1,8}$/.test(h)) return null;
  return parseInt(h, 16);
}

/** An emulator address back to gdb's unsigned 64-bit hex. */
export function addrHex(a: number): string {
  return (a < 0 ? (1n << 64n) + BigInt(a) : BigInt(a)).toString(16);
}

/** A 64-bit register value held as (lo, hi) int32 words, little-endian hex as `g`/`p` send it. */
export function regHex(lo: number, hi: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += ((lo >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  for (let i = 0; i < 4; i++) s += ((hi >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  return s;
}

/** A register value as a double-precision number (pc) in `g` format. */
export function numRegHex(v: number): string {
  const u = v < 0 ? (1n << 64n) + BigInt(v) : BigInt(v);
  return regHex(Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0);
}
