/**
 * The full text of `riscv64-unknown-elf-objdump -d -M no-aliases <file>` (binutils 2.40) for an
 * ELF that parseElf accepts: header, one block per executable section, a label per symbol
 * range, `...` for zero runs, object symbols dumped as bytes, data ($d) as .word/.short/.byte.
 * Mirrors objdump's disassemble_section / disassemble_bytes so the layout matches line for line.
 */
import { addrHex, addrToU64 } from '../addr.js';
import { SHF_EXECINSTR, SHT_NOBITS, SHT_REL, SHT_RELA } from '../elf/elf-format.js';
import { parseElf, sectionData, type ElfSection } from '../elf/elf-reader.js';
import { InsnPrinter } from './insn-printer.js';
import { objdumpSymbols, sanitizeName, SectionSymbols, symbolIsValid, type ObjSym } from './objdump-symbols.js';
import { archExtensions, readRiscvAttributes, type RiscvAttributes } from './riscv-attrs.js';
import { RiscvTarget, type Window } from './riscv-target.js';

/** objdump starts printing `...` after this many zero bytes (DEFAULT_SKIP_ZEROES). */
const SKIP_ZEROES = 8;
/** ... or after fewer than this many at the end of a range (DEFAULT_SKIP_ZEROES_AT_END). */
const SKIP_ZEROES_AT_END = 3;

const isPrint = (b: number): boolean => b >= 0x20 && b < 0x7f;
const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

class Disassembly {
  private readonly out: string[] = [];
  private current: SectionSymbols | null = null;
  private readonly target: RiscvTarget;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    private readonly syms: readonly ObjSym[],
    attrs: RiscvAttributes | null,
  ) {
    // riscv_init_disasm_info: the last __global_pointer$ in the table enables gp-relative comments.
    const gp = syms.filter((s) => s.name === '__global_pointer$').pop();
    const printer = new InsnPrinter((a) => this.current!.printAddress(a), gp?.value ?? null);
    // riscv_get_disassembler: ISA and privileged spec from the attributes, else rv64gc / newest.
    printer.exts = archExtensions(attrs?.arch ?? 'rv64gc');
    printer.priv = attrs?.priv ?? '1.12';
    this.target = new RiscvTarget(printer);
  }

  private relocatable = false;

  run(sections: readonly ElfSection[]): string {
    this.relocatable = sections.some((s) => s.type === SHT_RELA || s.type === SHT_REL);
    this.out.push(`\n${this.fileName}:     file format elf64-littleriscv\n\n`);
    sections.forEach((s, index) => {
      if (index === 0 || (s.flags & SHF_EXECINSTR) === 0 || s.type === SHT_NOBITS || s.size === 0) return;
      this.section(s, index);
    });
    return this.out.join('');
  }

  /** disassemble_section: split the section at symbols, label each range, dump it. */
  private section(s: ElfSection, index: number): void {
    const data = sectionData(this.bytes, s, this.fileName);
    const ss = new SectionSymbols(this.syms, { index, name: s.name, vma: s.addr, size: s.size, relocatable: this.relocatable });
    this.current = ss;
    const sorted = ss.sorted;
    const stopOffset = data.length;
    this.out.push(`\nDisassembly of section ${sanitizeName(s.name)}:\n`);
    let place = ss.find(addrToU64(s.addr), true);
    let sym = place < 0 ? null : sorted[place]!;
    let addrOffset = 0;
    while (addrOffset < stopOffset) {
      const addr = s.addr + addrOffset;
      const symtabPos = sym !== null && sym.value <= addr ? place : -1;
      this.out.push(`\n${ss.withSym(addrToU64(addr), sym === null ? -1 : place, true)}:\n`);

      let next: number; // index of the symbol that ends this range, or -1
      if (sym !== null && sym.value > addr) next = place;
      else if (sym === null) next = -1;
      else {
        const from = sym;
        const validNext = (c: ObjSym): boolean => c.secName === s.name && c.value > from.value && symbolIsValid(c);
        while (place < sorted.length && !validNext(sorted[place]!)) place++;
        next = place < sorted.length ? place : -1;
      }
      let nextStop = sym !== null && sym.value > addr ? sym.value - s.addr : next < 0 ? stopOffset : sorted[next]!.value - s.addr;
      if (nextStop > stopOffset || nextStop <= addrOffset) nextStop = stopOffset;

      // Symbols marked as objects are dumped as bytes, everything else is disassembled.
      const insns =
        sym === null || sym.sec !== index || sym.value > addr ||
        (!sym.object && !sym.name.includes('gnu_compiled') && !sym.name.includes('gcc2_compiled')) || sym.func;
      const w: Window = { data, vma: s.addr, stopVma: s.addr + nextStop, stopOffset: nextStop, symtabPos, syms: ss };
      this.bytesRange(w, insns, addrOffset, nextStop);
      addrOffset = nextStop;
      sym = next < 0 ? null : sorted[next]!;
      if (next >= 0) place = next;
    }
  }

  /** disassemble_bytes over [start, stop) of the section in `w`. */
  private bytesRange(w: Window, insns: boolean, start: number, stop: number): void {
    const { data, vma } = w;
    const out = this.out;
    let octetsPerLine = insns ? 4 : 16;
    // Leading zeros of the section's end address are dropped in groups of 4, keeping one.
    const endDigits = addrHex(vma + data.length).padStart(16, '0');
    let skip = endDigits.length - endDigits.replace(/^0+/, '').length;
    if (skip === 16 && vma !== 0) skip = 0;
    if (skip !== 0) skip = (skip - 1) & -4;
    const addrText = (a: number): string => {
      const full = addrHex(a).padStart(16, '0').slice(skip);
      const trimmed = full.replace(/^0+/, '');
      return (trimmed === '' ? '0' : trimmed).padStart(full.length, ' ');
    };

    let addrOffset = start;
    while (addrOffset < stop) {
      let octets = 0;
      while (addrOffset + octets < stop && data[addrOffset + octets] === 0) octets++;
      if (octets >= SKIP_ZEROES || (addrOffset + octets === stop && octets < SKIP_ZEROES_AT_END)) {
        if (addrOffset + octets !== stop) octets &= ~3;
        out.push('\t...\n');
        addrOffset += octets;
        continue;
      }
      const prefix = `${addrText(vma + addrOffset)}:\t`;
      let text: string;
      if (insns) {
        this.target.bytesPerLine = 0;
        this.target.bytesPerChunk = 0;
        const r = this.target.print(w, vma + addrOffset);
        if (this.target.bytesPerLine !== 0) octetsPerLine = this.target.bytesPerLine;
        octets = r.size;
        text = r.text;
      } else {
        octets = Math.min(octetsPerLine, stop - addrOffset);
        text = Array.from(data.subarray(addrOffset, addrOffset + octets), (b) => (isPrint(b) ? String.fromCharCode(b) : '.')).join('');
      }

      const bpc = this.target.bytesPerChunk || 1;
      const chunks = (from: number, to: number): string => {
        let t = '';
        for (let j = from; j < to; j += bpc) {
          if (j + bpc <= stop) for (let k = bpc - 1; k >= 0; k--) t += hex2(data[j + k]!);
          t += ' ';
        }
        return t;
      };
      let pb = Math.min(octets, octetsPerLine);
      let line = prefix + chunks(addrOffset, addrOffset + pb);
      for (let p = pb; p < octetsPerLine; p += bpc) line += '  '.repeat(bpc) + ' ';
      line += (insns ? '\t' : '    ') + text;
      while (pb < octets) {
        const j = addrOffset + pb;
        pb = Math.min(pb + octetsPerLine, octets);
        line += `\n${addrText(vma + j)}:\t${chunks(j, addrOffset + pb)}`;
      }
      out.push(line + '\n');
      addrOffset += octets;
    }
  }
}

/**
 * objdump -d -M no-aliases output for `bytes`; throws ElfError for files parseElf refuses even
 * unloaded (objdump reads sections only: objects, and images seltrace could not boot, disassemble).
 */
export function disassembleElf(bytes: Uint8Array, fileName: string): string {
  const img = parseElf(bytes, fileName, { loadable: false });
  return new Disassembly(bytes, fileName, objdumpSymbols(img), readRiscvAttributes(bytes, img)).run(img.sections);
}
