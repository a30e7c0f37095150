/**
 * ELF64 RISC-V ET_EXEC writer, used by `seltrace pack` to build a system image
 * that carries loadable segments plus non-alloc payload sections (the .system
 * XML, every PD's ELF). Output is accepted by parseElf and by binutils readelf
 * without warnings; the layout is a pure function of the spec.
 *
 * File layout: ELF header, program headers, segment data (each at an offset
 * congruent to its vaddr mod 4 KiB, so p_align can be a page), extra sections,
 * .symtab, .strtab, .shstrtab, section header table.
 */
import type { ElfSection } from './elf-reader.js';
import {
  checkEntry,
  checkNoPaddrOverlap,
  EF_RISCV_RVC,
  EHDR,
  EHDR_SIZE,
  ELF_MAGIC,
  ELFCLASS64,
  ELFDATA2LSB,
  ElfError,
  EM_RISCV,
  ET_EXEC,
  EV_CURRENT,
  hex,
  type LoadExtent,
  MAX_EXACT,
  PF_W,
  PF_X,
  PHDR,
  PHDR_SIZE,
  PT_LOAD,
  SHDR,
  SHDR_SIZE,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHT_NOBITS,
  SHT_NOTE,
  SHT_PROGBITS,
  SHT_LOOS,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_LOCAL,
  SYM,
  SYM_SIZE,
  symbolBindNumber,
  symbolTypeNumber,
  type SymbolBind,
  type SymbolType,
} from './elf-format.js';

export interface ElfWriteSegment {
  vaddr: number;
  paddr: number;
  /** The file-backed bytes; memsz - data.length trailing bytes are zero-filled (.bss). */
  data: Uint8Array;
  memsz: number;
  /** PF_X=1 PF_W=2 PF_R=4 */
  flags: number;
}

/** A non-alloc section: carried in the file, never loaded. */
export interface ElfExtraSection {
  name: string;
  data: Uint8Array;
  /** SHT_PROGBITS (default), SHT_NOTE, or an OS/processor/user type (≥ 0x60000000). */
  type?: number;
}

export interface ElfWriteSymbol {
  name: string;
  value: number;
  size: number;
  type: Exclude<SymbolType, 'other'>;
  bind: Exclude<SymbolBind, 'other'>;
}

export interface ElfWriteSpec {
  entry: number;
  segments: readonly ElfWriteSegment[];
  sections?: readonly ElfExtraSection[];
  /** Written locals first (ELF requires it), otherwise in the given order. */
  symbols?: readonly ElfWriteSymbol[];
  /** e_flags; default EF_RISCV_RVC with the soft-float ABI, what an rv64imac lp64 build has. */
  flags?: number;
}

const PAGE = 0x1000;
const WHO = 'writeElf';
const encoder = new TextEncoder();

/** One section header to emit (the reader's ElfSection plus its bytes); index 0 (SHT_NULL) is implicit. */
interface PlannedSection extends ElfSection {
  /** Bytes to copy to `offset`, if any. */
  bytes?: Uint8Array;
}

/** A string table under construction: offset 0 is the empty name. */
class StringTable {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  size = 1;
  add(s: string): number {
    if (s === '') return 0;
    const bytes = encoder.encode(s);
    const at = this.size;
    this.parts.push(bytes, new Uint8Array(1));
    this.size += bytes.length + 1;
    return at;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function fail(problem: string): never {
  throw new ElfError(WHO, problem);
}

function checkNumber(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) fail(`${what} ${value} is not an integer in 0..2^53`);
}

function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

export function writeElf(spec: ElfWriteSpec): Uint8Array {
  const flags = spec.flags ?? EF_RISCV_RVC;
  checkNumber(spec.entry, 'entry');
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) fail(`e_flags ${flags} is not a 32-bit value`);
  const extents = checkSegments(spec.segments);
  checkNoPaddrOverlap(WHO, extents, 'segments');
  checkEntry(WHO, spec.entry, extents, 'segment');

  const shstr = new StringTable();
  const planned: PlannedSection[] = [];
  const usedNames = new Set<string>();
  const plan = (s: Omit<PlannedSection, 'link' | 'info' | 'entsize'> & Partial<PlannedSection>): number => {
    if (usedNames.has(s.name)) fail(`section name '${s.name}' is used twice`);
    usedNames.add(s.name);
    planned.push({ link: 0, info: 0, entsize: 0, ...s });
    return planned.length; // section index (0 is the null section)
  };

  // Segment data, with an alloc section over each so objdump/gdb can see the code.
  let cursor = EHDR_SIZE + spec.segments.length * PHDR_SIZE;
  const segOffsets: number[] = [];
  const kindCount = new Map<string, number>();
  const sectionName = (base: string): string => {
    const n = kindCount.get(base) ?? 0;
    kindCount.set(base, n + 1);
    return n === 0 ? base : `${base}.${n}`;
  };
  for (const seg of spec.segments) {
    cursor += (((seg.vaddr - cursor) % PAGE) + PAGE) % PAGE;
    segOffsets.push(cursor);
    const shf = SHF_ALLOC | (seg.flags & PF_W ? SHF_WRITE : 0) | (seg.flags & PF_X ? SHF_EXECINSTR : 0);
    if (seg.data.length > 0) {
      const base = seg.flags & PF_X ? '.text' : seg.flags & PF_W ? '.data' : '.rodata';
      plan({ name: sectionName(base), type: SHT_PROGBITS, flags: shf, addr: seg.vaddr, offset: cursor, size: seg.data.length, addralign: 1, bytes: seg.data });
    }
    if (seg.memsz > seg.data.length) {
      plan({ name: sectionName('.bss'), type: SHT_NOBITS, flags: shf, addr: seg.vaddr + seg.data.length, offset: cursor + seg.data.length, size: seg.memsz - seg.data.length, addralign: 1 });
    }
    cursor += seg.data.length;
  }
  const allocCount = planned.length;

  for (const [i, sec] of (spec.sections ?? []).entries()) {
    const type = sec.type ?? SHT_PROGBITS;
    if (sec.name === '' || sec.name.includes('\0')) fail(`sections[${i}]: name ${JSON.stringify(sec.name)} must be non-empty and contain no NUL`);
    if (!(type === SHT_PROGBITS || type === SHT_NOTE || (Number.isInteger(type) && type >= SHT_LOOS && type <= 0xffffffff))) {
      fail(`sections[${i}] (${sec.name}): type ${type} is not SHT_PROGBITS (1), SHT_NOTE (7) or ≥ 0x60000000`);
    }
    cursor = alignUp(cursor, 8);
    plan({ name: sec.name, type, flags: 0, addr: 0, offset: cursor, size: sec.data.length, addralign: 8, bytes: sec.data });
    cursor += sec.data.length;
  }

  if (spec.symbols !== undefined) {
    const { symtab, strtab, firstGlobal } = buildSymbols(spec.symbols, planned.slice(0, allocCount));
    cursor = alignUp(cursor, 8);
    const symtabIndex = plan({ name: '.symtab', type: SHT_SYMTAB, flags: 0, addr: 0, offset: cursor, size: symtab.length, addralign: 8, entsize: SYM_SIZE, info: firstGlobal, bytes: symtab });
    cursor += symtab.length;
    planned[symtabIndex - 1]!.link = symtabIndex + 1;
    plan({ name: '.strtab', type: SHT_STRTAB, flags: 0, addr: 0, offset: cursor, size: strtab.length, addralign: 1, bytes: strtab });
    cursor += strtab.length;
  }

  // .shstrtab must hold its own name, so names are interned before its size is known.
  const nameOffsets = planned.map((s) => shstr.add(s.name));
  const shstrName = shstr.add('.shstrtab');
  const shstrBytes = shstr.bytes();
  plan({ name: '.shstrtab', type: SHT_STRTAB, flags: 0, addr: 0, offset: cursor, size: shstrBytes.length, addralign: 1, bytes: shstrBytes });
  nameOffsets.push(shstrName);
  cursor += shstrBytes.length;

  const shoff = alignUp(cursor, 8);
  const shnum = planned.length + 1;
  const out = new Uint8Array(shoff + shnum * SHDR_SIZE);
  const view = new DataView(out.buffer);
  const u64 = (at: number, v: number): void => {
    view.setUint32(at, v >>> 0, true);
    view.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
  };

  out.set(ELF_MAGIC, EHDR.ident);
  out[EHDR.class] = ELFCLASS64;
  out[EHDR.data] = ELFDATA2LSB;
  out[EHDR.identVersion] = EV_CURRENT;
  view.setUint16(EHDR.type, ET_EXEC, true);
  view.setUint16(EHDR.machine, EM_RISCV, true);
  view.setUint32(EHDR.version, EV_CURRENT, true);
  u64(EHDR.entry, spec.entry);
  u64(EHDR.phoff, spec.segments.length > 0 ? EHDR_SIZE : 0);
  u64(EHDR.shoff, shoff);
  view.setUint32(EHDR.flags, flags, true);
  view.setUint16(EHDR.ehsize, EHDR_SIZE, true);
  view.setUint16(EHDR.phentsize, PHDR_SIZE, true);
  view.setUint16(EHDR.phnum, spec.segments.length, true);
  view.setUint16(EHDR.shentsize, SHDR_SIZE, true);
  view.setUint16(EHDR.shnum, shnum, true);
  view.setUint16(EHDR.shstrndx, shnum - 1, true);

  spec.segments.forEach((seg, i) => {
    const at = EHDR_SIZE + i * PHDR_SIZE;
    view.setUint32(at + PHDR.type, PT_LOAD, true);
    view.setUint32(at + PHDR.flags, seg.flags, true);
    u64(at + PHDR.offset, segOffsets[i]!);
    u64(at + PHDR.vaddr, seg.vaddr);
    u64(at + PHDR.paddr, seg.paddr);
    u64(at + PHDR.filesz, seg.data.length);
    u64(at + PHDR.memsz, seg.memsz);
    u64(at + PHDR.align, PAGE);
  });

  planned.forEach((s, i) => {
    if (s.bytes !== undefined) out.set(s.bytes, s.offset);
    const at = shoff + (i + 1) * SHDR_SIZE;
    view.setUint32(at + SHDR.name, nameOffsets[i]!, true);
    view.setUint32(at + SHDR.type, s.type, true);
    u64(at + SHDR.flags, s.flags);
    u64(at + SHDR.addr, s.addr);
    u64(at + SHDR.offset, s.offset);
    u64(at + SHDR.size, s.size);
    view.setUint32(at + SHDR.link, s.link, true);
    view.setUint32(at + SHDR.info, s.info, true);
    u64(at + SHDR.addralign, s.addralign);
    u64(at + SHDR.entsize, s.entsize);
  });
  return out;
}

function checkSegments(segments: readonly ElfWriteSegment[]): LoadExtent[] {
  if (segments.length >= 0xffff) fail(`${segments.length} segments is more than an ELF header can count (65534)`);
  return segments.map((seg, i) => {
    const what = `segments[${i}]`;
    checkNumber(seg.vaddr, `${what}: vaddr`);
    checkNumber(seg.paddr, `${what}: paddr`);
    checkNumber(seg.memsz, `${what}: memsz`);
    if (!Number.isInteger(seg.flags) || seg.flags < 0 || seg.flags > 0xffffffff) fail(`${what}: flags ${seg.flags} is not a 32-bit value`);
    if (seg.data.length > seg.memsz) fail(`${what}: data (${hex(seg.data.length)} bytes) is larger than memsz ${hex(seg.memsz)}`);
    if (seg.vaddr + seg.memsz > MAX_EXACT || seg.paddr + seg.memsz > MAX_EXACT) {
      fail(`${what}: vaddr/paddr + memsz reaches beyond 2^53`);
    }
    return { index: i, vaddr: seg.vaddr, paddr: seg.paddr, memsz: seg.memsz, flags: seg.flags };
  });
}

/**
 * Each symbol is attached to the alloc section holding its value (or ending
 * exactly at it, like `_end`); others, and file symbols, are absolute.
 */
function buildSymbols(
  symbols: readonly ElfWriteSymbol[],
  allocSections: readonly PlannedSection[],
): { symtab: Uint8Array; strtab: Uint8Array; firstGlobal: number } {
  const strings = new StringTable();
  const ordered = [...symbols.filter((s) => s.bind === 'local'), ...symbols.filter((s) => s.bind !== 'local')];
  const symtab = new Uint8Array((ordered.length + 1) * SYM_SIZE);
  const view = new DataView(symtab.buffer);
  const sectionOf = (value: number): number => {
    const inside = allocSections.findIndex((s) => value >= s.addr && value < s.addr + s.size);
    if (inside >= 0) return inside + 1;
    const atEnd = allocSections.findIndex((s) => value === s.addr + s.size);
    return atEnd >= 0 ? atEnd + 1 : SHN_ABS;
  };
  ordered.forEach((s, i) => {
    const what = `symbol '${s.name}'`;
    checkNumber(s.value, `${what}: value`);
    checkNumber(s.size, `${what}: size`);
    if (s.name.includes('\0')) fail(`${what}: name contains NUL`);
    const type = symbolTypeNumber(s.type);
    const bind = symbolBindNumber(s.bind);
    if (type < 0 || bind < 0) fail(`${what}: type '${s.type}' / bind '${s.bind}' cannot be written`);
    const at = (i + 1) * SYM_SIZE;
    view.setUint32(at + SYM.name, strings.add(s.name), true);
    view.setUint8(at + SYM.info, (bind << 4) | type);
    view.setUint16(at + SYM.shndx, s.type === 'file' ? SHN_ABS : sectionOf(s.value), true);
    view.setUint32(at + SYM.value, s.value >>> 0, true);
    view.setUint32(at + SYM.value + 4, Math.floor(s.value / 2 ** 32), true);
    view.setUint32(at + SYM.size, s.size >>> 0, true);
    view.setUint32(at + SYM.size + 4, Math.floor(s.size / 2 ** 32), true);
  });
  const locals = ordered.findIndex((s) => symbolBindNumber(s.bind) !== STB_LOCAL);
  return { symtab, strtab: strings.bytes(), firstGlobal: (locals < 0 ? ordered.length : locals) + 1 };
}
