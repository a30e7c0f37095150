/**
 * objdump's view of the symbol table while it disassembles one section: which symbols it keeps,
 * how it orders them (compare_symbols, which prefers the section being disassembled), which one
 * names an address (find_symbol_for_address) and how `addr <sym+0xoff>` is written.
 *
 * This differs from SymbolTable.symbolize on purpose: objdump keeps absolute symbols, rejects
 * RISC-V mapping symbols only at lookup time, and its choice depends on the current section.
 */
import { addrLtU, addrToU64 } from '../addr.js';
import { SHN_COMMON, SHN_LORESERVE, SHN_UNDEF } from '../elf/elf-format.js';
import type { ElfImage } from '../elf/elf-reader.js';

/** One symbol as objdump's BFD layer sees it. */
export interface ObjSym {
  name: string;
  value: number;
  size: number;
  /** Section header index, or -1 for absolute (and other reserved) indices. */
  sec: number;
  secName: string;
  func: boolean;
  object: boolean;
  local: boolean;
  global: boolean;
}

export interface ObjSection {
  index: number;
  name: string;
  vma: number;
  size: number;
  /**
   * BFD's HAS_RELOC (the file has relocation sections: an object file): an address inside this
   * section is named only by this section's symbols, since every section of an object starts at 0.
   */
  relocatable: boolean;
}

/** RISC-V mapping symbols ($x, $d, $xrv64i2p1_...) and gas's fake label never name an address. */
export function isMappingSymbol(name: string): boolean {
  return name === '$d' || name === '$x' || name.startsWith('$xrv');
}
/** riscv_symbol_is_valid: whether a symbol may label or name an address. */
export const symbolIsValid = (s: ObjSym): boolean => s.name !== '.L0 ' && !isMappingSymbol(s.name);

/** objdump's remove_useless_symbols over .symtab: no unnamed, section, file, undefined or common symbols. */
export function objdumpSymbols(img: ElfImage): ObjSym[] {
  const out: ObjSym[] = [];
  for (const s of img.symbols) {
    if (s.name === '' || s.type === 'section' || s.type === 'file') continue;
    if (s.shndx === SHN_UNDEF || s.shndx === SHN_COMMON) continue;
    const inSection = s.shndx < SHN_LORESERVE && s.shndx < img.sections.length;
    out.push({
      name: s.name,
      value: s.value,
      size: s.size,
      sec: inSection ? s.shndx : -1,
      secName: inSection ? img.sections[s.shndx]!.name : '*ABS*', // BFD puts other reserved indices there too
      func: s.type === 'func',
      object: s.type === 'object',
      local: s.bind === 'local',
      global: s.bind === 'global',
    });
  }
  return out;
}

const isFileName = (n: string): boolean => n.length > 2 && n[n.length - 2] === '.' && (n.endsWith('o') || n.endsWith('a'));
const compiledMarker = (n: string): boolean => n.includes('gnu_compiled') || n.includes('gcc2_compiled');

/** compare_symbols with compare_section = `secName`. */
function compare(a: ObjSym, b: ObjSym, secName: string): number {
  if (a.value !== b.value) return addrLtU(a.value, b.value) ? -1 : 1;
  const as = a.secName === secName, bs = b.secName === secName;
  if (as !== bs) return as ? -1 : 1;
  const ac = compiledMarker(a.name), bc = compiledMarker(b.name);
  if (ac !== bc) return ac ? 1 : -1;
  const af = isFileName(a.name), bf = isFileName(b.name);
  if (af !== bf) return af ? 1 : -1;
  if (a.func !== b.func) return a.func ? -1 : 1;
  if (a.object !== b.object) return a.object ? -1 : 1;
  if (a.local !== b.local) return a.local ? 1 : -1;
  if (a.global !== b.global) return a.global ? -1 : 1;
  if (a.size !== b.size) return a.size > b.size ? -1 : 1;
  const ad = a.name.startsWith('.'), bd = b.name.startsWith('.');
  if (ad !== bd) return ad ? 1 : -1;
  // strcmp: byte order, which for these names is UTF-16 code unit order.
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

const hex = (v: bigint | number): string => v.toString(16);

/**
 * objdump's sanitize_string: a control character in a symbol or section name is printed as `^`
 * and the character 0x40 above it (gas names the local labels of `1:` `.L1^B1`, with a 0x02).
 */
export const sanitizeName = (n: string): string => n.replace(/[\x00-\x1f]/g, (c) => '^' + String.fromCharCode(c.charCodeAt(0) + 0x40));

/** The symbols sorted for one section, with objdump's lookups over them. */
export class SectionSymbols {
  readonly sorted: ObjSym[];

  constructor(
    syms: readonly ObjSym[],
    readonly section: ObjSection,
  ) {
    this.sorted = [...syms].sort((a, b) => compare(a, b, section.name));
  }

  private ok(i: number, wantSection: boolean): boolean {
    const s = this.sorted[i]!;
    if (wantSection && s.sec !== this.section.index) return false;
    return symbolIsValid(s);
  }

  /** find_symbol_for_address: index into `sorted`, or -1. `requireSec` is objdump's aux->require_sec. */
  find(vma: bigint, requireSec: boolean): number {
    const sec = this.section;
    const within = vma >= addrToU64(sec.vma) && vma < addrToU64(sec.vma) + BigInt(sec.size);
    const wantSec = requireSec || (sec.relocatable && within);
    const syms = this.sorted;
    const n = syms.length;
    if (n < 1) return -1;
    // Symbol values are addresses in canonical signed form (emulator/addr.ts); so is v.
    const v = Number(BigInt.asIntN(64, vma));
    let min = 0;
    let max = n;
    while (min + 1 < max) {
      const mid = Math.floor((max + min) / 2);
      const sv = syms[mid]!.value;
      if (addrLtU(v, sv)) max = mid;
      else if (addrLtU(sv, v)) min = mid;
      else {
        min = mid;
        break;
      }
    }
    let place = min;
    while (place > 0 && syms[place]!.value === syms[place - 1]!.value) place--;
    // Prefer a symbol of the current section among those at the same value.
    for (min = place; min < max && syms[min]!.value === syms[place]!.value; min++) {
      if (this.ok(min, true)) return min;
    }
    if (!this.ok(place, wantSec)) {
      let newplace = n;
      for (let i = min - 1; i >= 0; i--) {
        if (!this.ok(i, wantSec)) continue;
        if (newplace === n) newplace = i;
        if (syms[i]!.value !== syms[newplace]!.value) break;
        newplace = i;
      }
      if (newplace !== n) place = newplace;
      else {
        for (let i = place + 1; i < n; i++) {
          if (this.ok(i, wantSec)) {
            place = i;
            break;
          }
        }
      }
      if (!this.ok(place, wantSec)) return -1;
    }
    return place;
  }

  /** objdump_print_addr_with_sym: `addr <sym+0xoff>`; the address in full when `pad`. */
  withSym(vma: bigint, i: number, pad: boolean): string {
    const a = pad ? hex(vma).padStart(16, '0') : hex(vma);
    const s = i < 0 ? null : this.sorted[i]!;
    const name = sanitizeName(s === null ? this.section.name : s.name);
    const base = addrToU64(s === null ? this.section.vma : s.value);
    const off = vma > base ? `+0x${hex(vma - base)}` : vma < base ? `-0x${hex(base - vma)}` : '';
    return `${a} <${name}${off}>`;
  }

  /** objdump_print_address: how a branch target or `# addr` comment is written. */
  printAddress(vma: bigint): string {
    if (this.sorted.length < 1) return `0x${hex(vma)}`;
    return this.withSym(vma, this.find(vma, false), false);
  }
}
