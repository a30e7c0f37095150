/**
 * ELF64 RISC-V executable reader. Validates everything a loader relies on and
 * reports the first problem as a one-line ElfError naming the file. Segment data
 * are views into the input buffer (no copy); only header fields and names are
 * decoded, so a large image costs no per-byte work.
 */
import {
  checkEntry,
  checkNoPaddrOverlap,
  EHDR,
  EHDR_SIZE,
  ELF_MAGIC,
  ELFCLASS32,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ElfError,
  EM_RISCV,
  ET_CORE,
  ET_DYN,
  ET_EXEC,
  ET_REL,
  EV_CURRENT,
  hex,
  machineName,
  MAX_EXACT,
  PHDR,
  PHDR_SIZE,
  PN_XNUM,
  PT_LOAD,
  SHDR,
  SHDR_SIZE,
  SHN_LORESERVE,
  SHN_XINDEX,
  SHT_NOBITS,
  SHT_NULL,
  SHT_STRTAB,
  SHT_SYMTAB,
  STT_SECTION,
  SYM,
  SYM_SIZE,
  symbolBindName,
  symbolTypeName,
  type LoadExtent,
  type SymbolBind,
  type SymbolType,
} from './elf-format.js';
import { addrFromU64 } from '../addr.js';

export { ElfError } from './elf-format.js';
export type { SymbolBind, SymbolType } from './elf-format.js';

/** One PT_LOAD segment. */
export interface ElfSegment {
  vaddr: number;
  paddr: number;
  memsz: number;
  /** The p_filesz bytes from the file: a view into the parsed buffer, not a copy. */
  data: Uint8Array;
  /** PF_X=1 PF_W=2 PF_R=4 */
  flags: number;
}

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

export interface ElfSymbol {
  /** For section symbols without a name of their own, the section's name (as readelf and nm show). */
  name: string;
  value: number;
  size: number;
  type: SymbolType;
  bind: SymbolBind;
  shndx: number;
}

export interface ElfImage {
  entry: number;
  /** PT_LOAD segments in program-header order. */
  segments: ElfSegment[];
  /** All section headers, index 0 (SHT_NULL) included, so sections[sym.shndx] works. */
  sections: ElfSection[];
  /** .symtab entries in table order, without the null entry 0 and without any whose value or size is ≥ 2^53. */
  symbols: ElfSymbol[];
  /** e_flags, e.g. EF_RISCV_RVC (bit 0) and the float ABI (bits 1-2). */
  flags: number;
}

const decoder = new TextDecoder('utf-8');

/** Bounds-checked little-endian field access; every read past the end is a "truncated" ElfError. */
class ByteReader {
  private readonly view: DataView;
  readonly size: number;

  constructor(
    readonly buf: Uint8Array,
    readonly fileName: string,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.size = buf.byteLength;
  }

  fail(problem: string): never {
    throw new ElfError(this.fileName, problem);
  }

  /** `what` spans [offset, offset+length); it must lie inside the file. Works for bigint extents too. */
  need(offset: number | bigint, length: number | bigint, what: string): void {
    const end = BigInt(offset) + BigInt(length);
    if (end > BigInt(this.size)) {
      this.fail(
        `truncated at offset ${this.size}: ${what} spans ${hex(offset)}..${hex(end)} ` +
          `but the file is only ${this.size} bytes`,
      );
    }
  }

  u8(off: number): number {
    return this.view.getUint8(off);
  }
  u16(off: number): number {
    return this.view.getUint16(off, true);
  }
  u32(off: number): number {
    return this.view.getUint32(off, true);
  }
  u64big(off: number): bigint {
    return this.view.getBigUint64(off, true);
  }
  /**
   * A 64-bit virtual address in canonical signed form (see emulator/addr.ts): the top of the
   * address space (0xffffffff80000000) is negative; values no double holds exactly are refused.
   */
  addr(off: number, what: string): number {
    const a = addrFromU64(this.u64big(off));
    if (a === null) this.fail(`${what} ${hex(this.u64big(off))} is not an address seltrace can represent (more than 53 significant bits)`);
    return a;
  }
  /** A 64-bit offset or size; values a double cannot hold exactly are refused. */
  u64(off: number, what: string): number {
    const lo = this.view.getUint32(off, true);
    const hi = this.view.getUint32(off + 4, true);
    if (hi >= MAX_EXACT / 2 ** 32) {
      this.fail(`${what} ${hex(this.u64big(off))} is at or beyond 2^53, which seltrace cannot represent`);
    }
    return hi * 2 ** 32 + lo;
  }

  /** NUL-terminated string at `start`, which must end before `limit` (the end of its string table). */
  cstring(start: number, limit: number, what: string): string {
    if (start >= limit) this.fail(`${what}: name offset ${hex(start)} is past the end of its string table`);
    const end = this.buf.indexOf(0, start);
    if (end < 0 || end >= limit) this.fail(`${what}: name at ${hex(start)} is not NUL-terminated within its string table`);
    return decoder.decode(this.buf.subarray(start, end));
  }
}

/**
 * `loadable: false` reads an ELF only for its sections and symbols (what `objdump -d` looks at):
 * a relocatable object is accepted and the program headers are neither read nor checked (no
 * segments, entry or overlap rules), so `seltrace disasm` takes every file objdump disassembles.
 */
export interface ParseElfOptions { loadable?: boolean }

export function parseElf(buf: Uint8Array, fileName = 'image', opts: ParseElfOptions = {}): ElfImage {
  const loadable = opts.loadable ?? true;
  const r = new ByteReader(buf, fileName);
  checkIdent(r);
  r.need(0, EHDR_SIZE, 'ELF header');
  checkHeader(r, loadable);

  const rawSections = readSectionHeaders(r);
  const segments = loadable ? readSegments(r, rawSections) : [];
  const sections = nameSections(r, rawSections);
  const symbols = readSymbols(r, sections);
  return { entry: r.addr(EHDR.entry, 'e_entry'), segments, sections, symbols, flags: r.u32(EHDR.flags) };
}

/** Whether `b` starts with the ELF magic (what to parse as an ELF; everything else is raw bytes). */
export function hasElfMagic(b: Uint8Array): boolean {
  return b.length >= ELF_MAGIC.length && ELF_MAGIC.every((m, i) => b[i] === m);
}

function checkIdent(r: ByteReader): void {
  for (let i = 0; i < ELF_MAGIC.length; i++) {
    if (i >= r.size) r.need(0, ELF_MAGIC.length, 'ELF magic');
    if (r.u8(i) !== ELF_MAGIC[i]) {
      const found = Array.from(r.buf.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
      r.fail(`not an ELF file (starts with ${found}, expected 7f 45 4c 46)`);
    }
  }
  r.need(0, 16, 'e_ident');
  const cls = r.u8(EHDR.class);
  if (cls === ELFCLASS32) r.fail('32-bit ELF (ELFCLASS32); seltrace needs a 64-bit RISC-V ELF');
  if (cls !== ELFCLASS64) r.fail(`invalid ELF class ${cls} in e_ident (expected 2, ELFCLASS64)`);
  const data = r.u8(EHDR.data);
  if (data === ELFDATA2MSB) r.fail('big-endian ELF (ELFDATA2MSB); seltrace needs a little-endian RISC-V ELF');
  if (data !== ELFDATA2LSB) r.fail(`invalid ELF data encoding ${data} in e_ident (expected 1, little endian)`);
  const version = r.u8(EHDR.identVersion);
  if (version !== EV_CURRENT) r.fail(`unsupported ELF version ${version} in e_ident (expected 1)`);
}

function checkHeader(r: ByteReader, loadable: boolean): void {
  const machine = r.u16(EHDR.machine);
  if (machine !== EM_RISCV) r.fail(`machine is ${machineName(machine)}; seltrace needs RISC-V (243)`);
  const version = r.u32(EHDR.version);
  if (version !== EV_CURRENT) r.fail(`unsupported e_version ${version} (expected 1)`);
  const type = r.u16(EHDR.type);
  if (type === ET_REL && loadable) r.fail('relocatable object (ET_REL), not an executable: link it first');
  if (type === ET_CORE) r.fail('core dump (ET_CORE), not an executable');
  // ET_DYN (static-PIE firmware such as OpenSBI) loads at its program headers' addresses
  // unrelocated, as QEMU's -kernel does; such images relocate themselves.
  if (type !== ET_EXEC && type !== ET_DYN && type !== ET_REL) r.fail(`unknown ELF type ${type} (expected 2, ET_EXEC, or 3, ET_DYN)`);
  const ehsize = r.u16(EHDR.ehsize);
  if (ehsize !== EHDR_SIZE) r.fail(`e_ehsize is ${ehsize}, expected ${EHDR_SIZE} for ELF64`);
}

interface RawSection {
  index: number;
  nameOffset: number;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

/** Section 0 carries the real counts when e_shnum / e_phnum / e_shstrndx overflow 16 bits. */
function readSectionHeaders(r: ByteReader): RawSection[] {
  const shoff = r.u64big(EHDR.shoff);
  let shnum = r.u16(EHDR.shnum);
  if (shoff === 0n) {
    if (shnum !== 0) r.fail(`e_shnum is ${shnum} but e_shoff is 0 (no section header table)`);
    return [];
  }
  const shentsize = r.u16(EHDR.shentsize);
  if (shentsize !== SHDR_SIZE) r.fail(`e_shentsize is ${shentsize}, expected ${SHDR_SIZE} for ELF64`);
  r.need(shoff, SHDR_SIZE, 'section header 0');
  const base = Number(shoff);
  if (shnum === 0) shnum = r.u64(base + SHDR.size, 'section count (sh_size of section 0)');
  r.need(shoff, BigInt(shnum) * BigInt(SHDR_SIZE), `section header table (${shnum} entries)`);

  const out: RawSection[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = base + i * SHDR_SIZE;
    const what = `section ${i}`;
    const s: RawSection = {
      index: i,
      nameOffset: r.u32(at + SHDR.name),
      type: r.u32(at + SHDR.type),
      // Flags are a bit set, not a quantity: keep the low 53 bits' worth without refusing.
      flags: r.u32(at + SHDR.flags) + (r.u32(at + SHDR.flags + 4) & 0x1fffff) * 2 ** 32,
      addr: r.addr(at + SHDR.addr, `${what} sh_addr`),
      offset: r.u64(at + SHDR.offset, `${what} sh_offset`),
      size: r.u64(at + SHDR.size, `${what} sh_size`),
      link: r.u32(at + SHDR.link),
      info: r.u32(at + SHDR.info),
      addralign: r.u64(at + SHDR.addralign, `${what} sh_addralign`),
      entsize: r.u64(at + SHDR.entsize, `${what} sh_entsize`),
    };
    // Empty sections may carry any offset (linkers often point them at end of file).
    if (i > 0 && s.size > 0 && s.type !== SHT_NOBITS && s.type !== SHT_NULL) {
      r.need(s.offset, s.size, `${what} data`);
    }
    out.push(s);
  }
  return out;
}

function readSegments(r: ByteReader, sections: readonly RawSection[]): ElfSegment[] {
  const phoff = r.u64big(EHDR.phoff);
  let phnum = r.u16(EHDR.phnum);
  if (phnum === PN_XNUM && sections.length > 0) phnum = sections[0]!.info;
  if (phnum === 0) return checkLayout(r, [], []);
  const phentsize = r.u16(EHDR.phentsize);
  if (phentsize !== PHDR_SIZE) r.fail(`e_phentsize is ${phentsize}, expected ${PHDR_SIZE} for ELF64`);
  r.need(phoff, BigInt(phnum) * BigInt(PHDR_SIZE), `program header table (${phnum} entries)`);
  const base = Number(phoff);

  const segments: ElfSegment[] = [];
  const extents: LoadExtent[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = base + i * PHDR_SIZE;
    const type = r.u32(at + PHDR.type);
    const offset = r.u64big(at + PHDR.offset);
    const filesz = r.u64big(at + PHDR.filesz);
    const what = type === PT_LOAD ? `segment ${i} (PT_LOAD)` : `segment ${i}`;
    if (type !== PT_LOAD) {
      if (filesz > 0n) r.need(offset, filesz, `${what} file range`);
      continue;
    }
    const vaddr = r.u64big(at + PHDR.vaddr);
    const paddr = r.u64big(at + PHDR.paddr);
    const memsz = r.u64big(at + PHDR.memsz);
    const flags = r.u32(at + PHDR.flags);
    if (filesz > memsz) r.fail(`${what}: p_filesz ${hex(filesz)} exceeds p_memsz ${hex(memsz)}`);
    r.need(offset, filesz, `${what} file range`);
    for (const [name, addr] of [['vaddr', vaddr], ['paddr', paddr]] as const) {
      if (addr + memsz > 1n << 64n) {
        r.fail(`${what}: ${name} ${hex(addr)} + memsz ${hex(memsz)} wraps past 2^64`);
      }
    }
    // Physical addresses are plain unsigned; virtual ones may sit at the top of the address
    // space (canonical signed form, emulator/addr.ts).
    if (paddr + memsz > BigInt(MAX_EXACT)) {
      r.fail(`${what}: paddr range ${hex(paddr)}..${hex(paddr + memsz)} reaches beyond 2^53, which seltrace cannot represent`);
    }
    const v = addrFromU64(vaddr);
    if (v === null || v + Number(memsz) > MAX_EXACT) {
      r.fail(`${what}: vaddr range ${hex(vaddr)}..${hex(vaddr + memsz)} is not an address range seltrace can represent (more than 53 significant bits)`);
    }
    const start = Number(offset);
    const seg: ElfSegment = {
      vaddr: v,
      paddr: Number(paddr),
      memsz: Number(memsz),
      data: r.buf.subarray(start, start + Number(filesz)),
      flags,
    };
    segments.push(seg);
    extents.push({ index: i, vaddr: seg.vaddr, paddr: seg.paddr, memsz: seg.memsz, flags });
  }
  return checkLayout(r, segments, extents);
}

function checkLayout(r: ByteReader, segments: ElfSegment[], extents: readonly LoadExtent[]): ElfSegment[] {
  checkNoPaddrOverlap(r.fileName, extents, 'PT_LOAD segments');
  const entry = r.u64big(EHDR.entry);
  checkEntry(r.fileName, addrFromU64(entry) ?? entry, extents, 'segment');
  return segments;
}

function nameSections(r: ByteReader, raw: readonly RawSection[]): ElfSection[] {
  if (raw.length === 0) return [];
  let shstrndx = r.u16(EHDR.shstrndx);
  if (shstrndx === SHN_XINDEX) shstrndx = raw[0]!.link;
  let names: RawSection | undefined;
  if (shstrndx !== 0) {
    names = raw[shstrndx];
    if (names === undefined) r.fail(`e_shstrndx ${shstrndx} is not a section (there are ${raw.length})`);
    if (names.type !== SHT_STRTAB) r.fail(`e_shstrndx ${shstrndx} names section of type ${names.type}, not a string table (SHT_STRTAB)`);
  }
  return raw.map((s) => ({
    name:
      names === undefined || (s.index === 0 && s.nameOffset === 0)
        ? ''
        : r.cstring(names.offset + s.nameOffset, names.offset + names.size, `section ${s.index}`),
    type: s.type,
    flags: s.flags,
    addr: s.addr,
    offset: s.offset,
    size: s.size,
    link: s.link,
    info: s.info,
    addralign: s.addralign,
    entsize: s.entsize,
  }));
}

function readSymbols(r: ByteReader, sections: readonly ElfSection[]): ElfSymbol[] {
  const symtabIndex = sections.findIndex((s) => s.type === SHT_SYMTAB);
  if (symtabIndex < 0) return [];
  const symtab = sections[symtabIndex]!;
  const what = `section ${symtabIndex} (${symtab.name})`;
  if (symtab.entsize !== SYM_SIZE) r.fail(`${what}: sh_entsize is ${symtab.entsize}, expected ${SYM_SIZE}`);
  if (symtab.size % SYM_SIZE !== 0) r.fail(`${what}: size ${hex(symtab.size)} is not a multiple of ${SYM_SIZE}`);
  const strtab = sections[symtab.link];
  if (strtab === undefined || symtab.link === 0 || strtab.type !== SHT_STRTAB) {
    r.fail(`${what}: sh_link ${symtab.link} is not a string table section`);
  }
  const strEnd = strtab.offset + strtab.size;

  const out: ElfSymbol[] = [];
  const count = symtab.size / SYM_SIZE;
  for (let i = 1; i < count; i++) {
    const at = symtab.offset + i * SYM_SIZE;
    // Values may be any 64 bits (e.g. absolute constants); addresses are kept in canonical
    // signed form (emulator/addr.ts), values no double holds exactly are dropped, not fatal.
    const value = addrFromU64(r.u64big(at + SYM.value));
    if (value === null || r.u32(at + SYM.size + 4) >= 0x200000) continue;
    const info = r.u8(at + SYM.info);
    const shndx = r.u16(at + SYM.shndx);
    const nameOffset = r.u32(at + SYM.name);
    let name = nameOffset === 0 ? '' : r.cstring(strtab.offset + nameOffset, strEnd, `symbol ${i}`);
    if (name === '' && (info & 0xf) === STT_SECTION && shndx < SHN_LORESERVE) name = sections[shndx]?.name ?? '';
    out.push({
      name,
      value,
      size: r.u32(at + SYM.size) + r.u32(at + SYM.size + 4) * 2 ** 32,
      type: symbolTypeName(info & 0xf),
      bind: symbolBindName(info >> 4),
      shndx,
    });
  }
  return out;
}

/** First section with this name. */
export function findSection(img: ElfImage, name: string): ElfSection | undefined {
  return img.sections.find((s) => s.name === name);
}

/** A section's bytes as a view into `buf` (empty for SHT_NOBITS / SHT_NULL, which occupy no file space). */
export function sectionData(buf: Uint8Array, section: ElfSection, fileName = 'image'): Uint8Array {
  if (section.type === SHT_NOBITS || section.type === SHT_NULL) return buf.subarray(0, 0);
  if (section.offset + section.size > buf.byteLength) {
    throw new ElfError(
      fileName,
      `truncated at offset ${buf.byteLength}: section ${section.name || '(unnamed)'} spans ` +
        `${hex(section.offset)}..${hex(section.offset + section.size)} but the file is only ${buf.byteLength} bytes`,
    );
  }
  return buf.subarray(section.offset, section.offset + section.size);
}
