/**
 * objdump's RISC-V target hook (print_insn_riscv in binutils 2.40): decides from the mapping
 * symbols ($x / $d) whether the bytes at an address are code or data, how many bytes make one
 * item, and prints it. Keeps the same cross-call state libopcodes keeps, because objdump's
 * output depends on it (last mapping symbol, the chunk size the byte dump inherits, lui/auipc
 * pairing).
 */
import type { InsnPrinter } from './insn-printer.js';
import { isMappingSymbol, type SectionSymbols } from './objdump-symbols.js';
import { archExtensions } from './riscv-attrs.js';

/** What one call printed and how many bytes it consumed. */
export interface TargetResult {
  size: number;
  text: string;
}

/**
 * On a read past the range, print_insn_riscv returns the errno (EIO) and objdump, taking it for
 * a length, dumps that many bytes next to the error message.
 */
const EIO = 5;

export interface Window {
  data: Uint8Array;
  vma: number;
  /** objdump's stop_vma: reads must end at or before it (the next symbol). */
  stopVma: number;
  /** objdump's stop_offset for this range, used to tell ranges apart. */
  stopOffset: number;
  /** Index in `syms.sorted` of the symbol labelling this range, or -1. */
  symtabPos: number;
  syms: SectionSymbols;
}

const enum MapState { INSN, DATA }

/** Length of the item whose first halfword is `h` (riscv_insn_length). */
export function insnLength(h: number): number {
  if ((h & 3) !== 3) return 2;
  if ((h & 0x1f) !== 0x1f) return 4;
  if ((h & 0x3f) === 0x1f) return 6;
  if ((h & 0x7f) === 0x3f) return 8;
  if ((h & 0x7f) === 0x7f && (h & 0x7000) !== 0x7000) return 10 + ((h >>> 11) & 0xe);
  return 2;
}

const hex = (v: number, w = 0): string => v.toString(16).padStart(w, '0');

export class RiscvTarget {
  /** disassemble_info.bytes_per_chunk / bytes_per_line: set per call, read by the byte dump. */
  bytesPerChunk = 0;
  bytesPerLine = 0;
  private lastMapSymbol = -1;
  private lastStopOffset = -1;

  constructor(readonly printer: InsnPrinter) {}

  /**
   * riscv_get_map_state: the state symbol n sets, if it is a mapping symbol of this section.
   * Like objdump, merely looking at a `$xrv...` symbol switches the decoded extensions.
   */
  private mapState(w: Window, n: number): MapState | null {
    const s = w.syms.sorted[n]!;
    if (s.sec !== w.syms.section.index || !isMappingSymbol(s.name)) return null;
    if (s.name.startsWith('$xrv')) this.printer.exts = archExtensions(s.name.slice(2));
    return s.name === '$d' ? MapState.DATA : MapState.INSN;
  }

  private searchMappingSymbol(w: Window, memaddr: number): MapState {
    let mstate = MapState.INSN; // the section is code
    const syms = w.syms.sorted;
    if (syms.length === 0) return mstate;
    if (memaddr <= 0) this.lastMapSymbol = -1;
    const fromLast = this.lastMapSymbol >= 0 && w.stopOffset === this.lastStopOffset;
    let symbol = -1;
    let n = w.symtabPos + 1;
    if (fromLast && n >= this.lastMapSymbol) n = this.lastMapSymbol;
    for (; n < syms.length; n++) {
      if (syms[n]!.value > memaddr) break;
      const m = this.mapState(w, n);
      if (m !== null) {
        mstate = m;
        symbol = n; // keep going: the last of several at one address wins
      }
    }
    if (symbol < 0) {
      n = w.symtabPos;
      if (fromLast && n >= this.lastMapSymbol) n = this.lastMapSymbol;
      for (; n >= 0; n--) {
        if (syms[n]!.value < w.syms.section.vma) break;
        const m = this.mapState(w, n);
        if (m !== null) {
          mstate = m;
          symbol = n;
          break;
        }
      }
    }
    this.lastMapSymbol = symbol;
    this.lastStopOffset = w.stopOffset;
    return mstate;
  }

  /** riscv_data_length: up to 4 bytes, cut at the next mapping symbol or the section end. */
  private dataLength(w: Window, memaddr: number): number {
    let length = 4;
    let found = false;
    const syms = w.syms.sorted;
    if (syms.length !== 0 && this.lastMapSymbol >= 0) {
      for (let n = this.lastMapSymbol + 1; n < syms.length; n++) {
        const addr = syms[n]!.value;
        if (addr > memaddr && this.mapState(w, n) !== null) {
          length = Math.min(length, addr - memaddr);
          found = true;
          break;
        }
      }
    }
    if (!found) length = Math.min(length, w.vma + w.data.length - memaddr);
    return length === 3 ? 2 : length;
  }

  /** buffer_read_memory's bounds check. */
  private readable(w: Window, memaddr: number, len: number): boolean {
    const off = memaddr - w.vma;
    return off >= 0 && off + len <= w.data.length && memaddr < w.stopVma && memaddr + len <= w.stopVma;
  }

  private outOfBounds(memaddr: number): TargetResult {
    return { size: EIO, text: `Address 0x${hex(memaddr)} is out of bounds.\n` };
  }

  /** print_insn_riscv for the item at `memaddr`. */
  print(w: Window, memaddr: number): TargetResult {
    const mstate = this.searchMappingSymbol(w, memaddr);
    const off = memaddr - w.vma;
    if (mstate === MapState.DATA) {
      const size = this.dataLength(w, memaddr);
      this.bytesPerChunk = size;
      if (!this.readable(w, memaddr, size)) return this.outOfBounds(memaddr);
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = v * 256 + w.data[off + i]!;
      this.bytesPerLine = size === 1 ? 6 : 8;
      const text = size === 1 ? `.byte\t0x${hex(v, 2)}` : size === 2 ? `.short\t0x${hex(v, 4)}` : `.word\t0x${hex(v, 8)}`;
      return { size, text };
    }
    if (!this.readable(w, memaddr, 2)) return this.outOfBounds(memaddr);
    const size = insnLength(w.data[off]! | (w.data[off + 1]! << 8));
    if (!this.readable(w, memaddr, size)) return this.outOfBounds(memaddr);
    this.bytesPerChunk = size % 4 === 0 ? 4 : 2;
    this.bytesPerLine = 8;
    const bytes = w.data.subarray(off, off + size);
    // A halfword with low bits 11 but an unsupported length pattern is a 2-byte item.
    if (size === 2 && (bytes[0]! & 3) === 3) return { size, text: `.2byte\t0x${hex(bytes[0]! | (bytes[1]! << 8))}` };
    if (size <= 4) {
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = (v << 8) | bytes[i]!;
      return { size, text: this.printer.print(v, memaddr).text };
    }
    // No 48-bit or longer instructions exist in RV64IMAC: objdump dumps them as data.
    if (size === 8) {
      let v = 0n;
      for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
      return { size, text: `.8byte\t0x${v.toString(16)}` };
    }
    return { size, text: `.byte\t${Array.from(bytes, (b) => `0x${hex(b, 2)}`).join(', ')}` };
  }
}
