/**
 * The ELF64 little-endian layout both the reader and the writer use: field
 * offsets, sizes and constants are declared once here so the two cannot drift.
 * Also holds ElfError and the load-layout rules (no paddr overlap, entry in an
 * executable segment) that the reader enforces and the writer refuses to break.
 */
import { addrHex0x } from '../addr.js';

/** Any problem with an ELF file, always "<file>: <problem>" on one line. */
export class ElfError extends Error {
  override readonly name = 'ElfError';
  constructor(
    readonly fileName: string,
    readonly problem: string,
  ) {
    super(`${fileName}: ${problem}`);
  }
}

export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const EM_RISCV = 243;
/** e_flags bit: the code uses compressed (C extension) instructions. */
export const EF_RISCV_RVC = 0x1;

export const PT_LOAD = 1;
/** e_phnum value meaning "the real count is in section 0's sh_info". */
export const PN_XNUM = 0xffff;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
/** First OS-specific section type; the writer accepts PROGBITS, NOTE and anything from here up. */
export const SHT_LOOS = 0x60000000;
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
/** In e_shstrndx: the real index is in section 0's sh_link. */
export const SHN_XINDEX = 0xffff;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

/** Largest integer a JS number holds exactly; addresses and sizes must stay below it. */
export const MAX_EXACT = 2 ** 53;

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;

/** Byte offsets of Elf64_Ehdr fields. */
export const EHDR = {
  ident: 0,
  class: 4,
  data: 5,
  identVersion: 6,
  type: 16,
  machine: 18,
  version: 20,
  entry: 24,
  phoff: 32,
  shoff: 40,
  flags: 48,
  ehsize: 52,
  phentsize: 54,
  phnum: 56,
  shentsize: 58,
  shnum: 60,
  shstrndx: 62,
} as const;

/** Byte offsets of Elf64_Phdr fields. */
export const PHDR = {
  type: 0,
  flags: 4,
  offset: 8,
  vaddr: 16,
  paddr: 24,
  filesz: 32,
  memsz: 40,
  align: 48,
} as const;

/** Byte offsets of Elf64_Shdr fields. */
export const SHDR = {
  name: 0,
  type: 4,
  flags: 8,
  addr: 16,
  offset: 24,
  size: 32,
  link: 40,
  info: 44,
  addralign: 48,
  entsize: 56,
} as const;

/** Byte offsets of Elf64_Sym fields. */
export const SYM = {
  name: 0,
  info: 4,
  other: 5,
  shndx: 6,
  value: 8,
  size: 16,
} as const;

export type SymbolType = 'notype' | 'object' | 'func' | 'section' | 'file' | 'other';
export type SymbolBind = 'local' | 'global' | 'weak' | 'other';

const SYMBOL_TYPES: readonly SymbolType[] = ['notype', 'object', 'func', 'section', 'file'];
const SYMBOL_BINDS: readonly SymbolBind[] = ['local', 'global', 'weak'];

export function symbolTypeName(stt: number): SymbolType {
  return SYMBOL_TYPES[stt] ?? 'other';
}
export function symbolBindName(stb: number): SymbolBind {
  return SYMBOL_BINDS[stb] ?? 'other';
}
/** STT_* number of a type name; -1 for 'other', which has no single number. */
export function symbolTypeNumber(type: SymbolType): number {
  return SYMBOL_TYPES.indexOf(type);
}
export function symbolBindNumber(bind: SymbolBind): number {
  return SYMBOL_BINDS.indexOf(bind);
}

const MACHINE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'no machine'],
  [2, 'SPARC'],
  [3, 'Intel 80386'],
  [8, 'MIPS'],
  [20, 'PowerPC'],
  [21, 'PowerPC64'],
  [22, 'IBM S/390'],
  [40, 'ARM'],
  [43, 'SPARC V9'],
  [50, 'IA-64'],
  [62, 'x86-64'],
  [183, 'AArch64'],
  [243, 'RISC-V'],
  [247, 'BPF'],
  [258, 'LoongArch'],
]);

/** "x86-64 (62)", or "machine 1234" for numbers we have no name for. */
export function machineName(em: number): string {
  const name = MACHINE_NAMES.get(em);
  return name === undefined ? `machine ${em}` : `${name} (${em})`;
}

/** 0x… hex; a negative number is an address in canonical signed form (emulator/addr.ts). */
export function hex(n: number | bigint): string {
  return typeof n === 'number' && n < 0 ? addrHex0x(n) : `0x${n.toString(16)}`;
}

/** readelf-style "RWX" with '-' for absent permissions. */
export function segmentFlagsName(flags: number): string {
  return `${flags & PF_R ? 'R' : '-'}${flags & PF_W ? 'W' : '-'}${flags & PF_X ? 'X' : '-'}`;
}

/** What the layout rules need to know about one PT_LOAD segment. */
export interface LoadExtent {
  /** Index used in messages (program header index for a file, array index for the writer). */
  readonly index: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly memsz: number;
  readonly flags: number;
}

/**
 * No two non-empty segments may share physical memory: the loader copies each
 * to its paddr, so an overlap means one silently overwrites the other.
 */
export function checkNoPaddrOverlap(fileName: string, loads: readonly LoadExtent[], what: string): void {
  const sorted = loads.filter((s) => s.memsz > 0).sort((a, b) => a.paddr - b.paddr || a.index - b.index);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.paddr < a.paddr + a.memsz) {
      const [first, second] = a.index < b.index ? [a, b] : [b, a];
      throw new ElfError(
        fileName,
        `${what} ${first.index} and ${second.index} overlap in physical memory: ` +
          `paddr ${hex(first.paddr)}..${hex(first.paddr + first.memsz)} and ` +
          `${hex(second.paddr)}..${hex(second.paddr + second.memsz)}`,
      );
    }
  }
}

/** The entry point must be code we load: inside an executable segment's vaddr range. */
export function checkEntry(fileName: string, entry: number | bigint, loads: readonly LoadExtent[], what: string): void {
  const e = Number(entry);
  let containing: LoadExtent | undefined;
  if (typeof entry === 'number' || BigInt(e) === entry) {
    for (const s of loads) {
      if (e >= s.vaddr && e < s.vaddr + s.memsz) {
        if (s.flags & PF_X) return;
        containing ??= s;
      }
    }
  }
  if (containing !== undefined) {
    throw new ElfError(
      fileName,
      `entry point ${hex(entry)} is in ${what} ${containing.index} (flags ${segmentFlagsName(containing.flags)}), ` +
        `which is not executable`,
    );
  }
  throw new ElfError(
    fileName,
    loads.length === 0
      ? `there are no PT_LOAD segments: nothing to load (entry point ${hex(entry)})`
      : `entry point ${hex(entry)} is outside every PT_LOAD segment`,
  );
}
