/**
 * Every rejected input gives an ElfError with a one-line message naming the file.
 * Bad files are real fixtures (rv32.elf, x86_64.elf, prog-rel.elf) or prog.elf
 * with the header field named in each case patched. prog.elf's program headers:
 * 0 = PT_RISCV_ATTRIBUTES, 1 = text PT_LOAD (RX, 0x80000000), 2 = data PT_LOAD
 * (RW, 0x80001000, memsz 0x1850).
 */
import { describe, expect, it } from 'vitest';
import { ElfError, parseElf } from '../../emulator/elf/elf-reader.js';
import {
  E_EHSIZE,
  E_ENTRY,
  E_IDENT_CLASS,
  E_IDENT_DATA,
  E_IDENT_VERSION,
  E_MACHINE,
  E_PHENTSIZE,
  E_PHOFF,
  E_SHENTSIZE,
  E_SHOFF,
  E_SHSTRNDX,
  E_TYPE,
  E_VERSION,
  fixture,
  P_FILESZ,
  P_MEMSZ,
  P_OFFSET,
  P_PADDR,
  P_VADDR,
  patchU16,
  patchU32,
  patchU64,
  patchU8,
  phdrAt,
  SH_ENTSIZE,
  SH_LINK,
  SH_NAME,
  shdrAt,
} from './elf-test-util.js';

function parseError(buf: Uint8Array, name = 'bad.elf'): ElfError {
  try {
    parseElf(buf, name);
  } catch (e) {
    if (e instanceof ElfError) return e;
    throw new Error(`expected ElfError, got ${String(e)}`);
  }
  throw new Error('expected ElfError, but the file was accepted');
}

function expectElfError(buf: Uint8Array, fragment: string): void {
  const err = parseError(buf);
  expect(err.message).toContain(fragment);
  expect(err.message.startsWith('bad.elf: ')).toBe(true);
  expect(err.message).not.toContain('\n');
  expect(err.name).toBe('ElfError');
}

const prog = (): Uint8Array => fixture('prog.elf');
const DATA_SEG = 2;
const TEXT_SEG = 1;

describe('identification', () => {
  it('bad magic', () => {
    expectElfError(Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), 'not an ELF file (starts with 4d 5a 90 00, expected 7f 45 4c 46)');
    expectElfError(patchU8(prog(), 1, 0x58), 'not an ELF file');
  });
  it('32-bit RISC-V ELF (real rv32 build)', () => {
    expectElfError(fixture('rv32.elf'), '32-bit ELF (ELFCLASS32); seltrace needs a 64-bit RISC-V ELF');
  });
  it('invalid class byte', () => {
    expectElfError(patchU8(prog(), E_IDENT_CLASS, 7), 'invalid ELF class 7');
  });
  it('big endian', () => {
    expectElfError(patchU8(prog(), E_IDENT_DATA, 2), 'big-endian ELF (ELFDATA2MSB)');
    expectElfError(patchU8(prog(), E_IDENT_DATA, 0), 'invalid ELF data encoding 0');
  });
  it('versions', () => {
    expectElfError(patchU8(prog(), E_IDENT_VERSION, 0), 'unsupported ELF version 0 in e_ident');
    expectElfError(patchU32(prog(), E_VERSION, 2), 'unsupported e_version 2');
  });
  it('wrong machine, named (real x86-64 build)', () => {
    expectElfError(fixture('x86_64.elf'), 'machine is x86-64 (62); seltrace needs RISC-V (243)');
    expectElfError(patchU16(prog(), E_MACHINE, 183), 'machine is AArch64 (183)');
    expectElfError(patchU16(prog(), E_MACHINE, 0x1234), 'machine is machine 4660');
  });
  it('object types other than ET_EXEC', () => {
    expectElfError(fixture('prog-rel.elf'), 'relocatable object (ET_REL)');
    // ET_DYN (static-PIE firmware) loads unrelocated at its program headers' addresses, like QEMU.
    expect(parseElf(patchU16(prog(), E_TYPE, 3)).entry).toBe(parseElf(prog()).entry);
    expectElfError(patchU16(prog(), E_TYPE, 4), 'core dump (ET_CORE)');
    expectElfError(patchU16(prog(), E_TYPE, 0xfe00), 'unknown ELF type 65024');
  });
  it('header entry sizes', () => {
    expectElfError(patchU16(prog(), E_EHSIZE, 52), 'e_ehsize is 52, expected 64');
    expectElfError(patchU16(prog(), E_PHENTSIZE, 32), 'e_phentsize is 32, expected 56');
    expectElfError(patchU16(prog(), E_SHENTSIZE, 40), 'e_shentsize is 40, expected 64');
  });
});

describe('header tables and truncation', () => {
  it('program header table past the end of the file', () => {
    const buf = prog();
    expectElfError(patchU64(buf, E_PHOFF, BigInt(buf.length - 8)), `truncated at offset ${buf.length}: program header table (3 entries)`);
  });
  it('section header table past the end of the file', () => {
    const buf = prog();
    expectElfError(patchU64(buf, E_SHOFF, BigInt(buf.length - 100)), `truncated at offset ${buf.length}: section header`);
  });
  it('offsets beyond 2^64 arithmetic still give a clean error', () => {
    expectElfError(patchU64(prog(), E_PHOFF, 0xfffffffffffffff0n), 'program header table');
    expectElfError(patchU64(prog(), E_SHOFF, 0xfffffffffffffff0n), 'section header 0');
  });
  it('e_shstrndx out of range or not a string table', () => {
    expectElfError(patchU16(prog(), E_SHSTRNDX, 99), 'e_shstrndx 99 is not a section');
    expectElfError(patchU16(prog(), E_SHSTRNDX, 1), 'e_shstrndx 1 names section of type 1');
  });
  it('an empty file', () => {
    expectElfError(new Uint8Array(0), 'truncated at offset 0: ELF magic spans 0x0..0x4');
  });
  it('extended numbering: e_shnum = 0 and e_shstrndx = SHN_XINDEX defer to section 0', () => {
    const buf = prog();
    const want = parseElf(buf);
    patchU16(buf, 60, 0); // e_shnum
    patchU64(buf, shdrAt(buf, 0) + 32, BigInt(want.sections.length)); // section 0 sh_size
    patchU16(buf, E_SHSTRNDX, 0xffff);
    patchU32(buf, shdrAt(buf, 0) + SH_LINK, want.sections.length - 1); // section 0 sh_link
    const got = parseElf(buf);
    expect(got.sections.slice(1)).toEqual(want.sections.slice(1));
    expect(got.symbols).toEqual(want.symbols);
    patchU64(buf, shdrAt(buf, 0) + 32, 1000n);
    expectElfError(buf, 'section header table (1000 entries)');
  });
  it('every strict prefix of a valid file is "truncated at offset <length>"', () => {
    const full = prog();
    for (let len = 0; len < full.length; len++) {
      const err = parseError(full.slice(0, len));
      if (!err.message.startsWith(`bad.elf: truncated at offset ${len}: `)) {
        throw new Error(`prefix of ${len} bytes: ${err.message}`);
      }
    }
  });
});

describe('PT_LOAD segment checks', () => {
  it('filesz > memsz', () => {
    const buf = prog();
    expectElfError(patchU64(buf, phdrAt(buf, DATA_SEG) + P_FILESZ, 0x2000n), 'segment 2 (PT_LOAD): p_filesz 0x2000 exceeds p_memsz 0x1850');
  });
  it('file range outside the file', () => {
    const buf = prog();
    patchU64(buf, phdrAt(buf, DATA_SEG) + P_OFFSET, BigInt(buf.length - 0x10));
    expectElfError(buf, `truncated at offset ${buf.length}: segment 2 (PT_LOAD) file range`);
  });
  it('two segments overlapping in physical memory', () => {
    const buf = prog();
    patchU64(buf, phdrAt(buf, DATA_SEG) + P_PADDR, 0x80000040n); // text covers 0x80000000..0x80000064
    expectElfError(buf, 'PT_LOAD segments 1 and 2 overlap in physical memory: paddr 0x80000000..0x80000064 and 0x80000040..');
  });
  it('touching segments do not overlap', () => {
    const buf = prog();
    patchU64(buf, phdrAt(buf, DATA_SEG) + P_PADDR, 0x80000064n);
    expect(parseElf(buf).segments[1]!.paddr).toBe(0x80000064);
  });
  it('overlap only in vaddr is allowed (paddr is what is loaded)', () => {
    const buf = prog();
    patchU64(buf, phdrAt(buf, DATA_SEG) + P_VADDR, 0x80000040n);
    patchU64(buf, E_ENTRY, 0x80000000n);
    expect(parseElf(buf).segments[1]!.vaddr).toBe(0x80000040);
  });
  it('address range wrapping past 2^64', () => {
    const buf = prog();
    patchU64(buf, phdrAt(buf, DATA_SEG) + P_VADDR, 0xfffffffffffff000n);
    expectElfError(buf, 'segment 2 (PT_LOAD): vaddr 0xfffffffffffff000 + memsz 0x1850 wraps past 2^64');
    const buf2 = prog();
    patchU64(buf2, phdrAt(buf2, DATA_SEG) + P_PADDR, 0xffffffffffffffffn);
    expectElfError(buf2, 'paddr 0xffffffffffffffff + memsz 0x1850 wraps past 2^64');
  });
  it('addresses at or beyond 2^53', () => {
    const buf = prog();
    patchU64(buf, phdrAt(buf, DATA_SEG) + P_PADDR, 1n << 60n);
    expectElfError(buf, 'segment 2 (PT_LOAD): paddr range 0x1000000000000000..0x1000000000001850 reaches beyond 2^53');
    const buf2 = prog();
    patchU64(buf2, phdrAt(buf2, DATA_SEG) + P_MEMSZ, 1n << 53n);
    expectElfError(buf2, 'reaches beyond 2^53');
  });
  it('entry point outside every PT_LOAD segment', () => {
    expectElfError(patchU64(prog(), E_ENTRY, 0x1000n), 'entry point 0x1000 is outside every PT_LOAD segment');
    expectElfError(patchU64(prog(), E_ENTRY, 0x80000064n), 'entry point 0x80000064 is outside'); // one past text
    expectElfError(patchU64(prog(), E_ENTRY, 0xffffffff80000000n), 'entry point 0xffffffff80000000 is outside');
  });
  it('entry point in a non-executable segment', () => {
    expectElfError(patchU64(prog(), E_ENTRY, 0x80001000n), 'entry point 0x80001000 is in segment 2 (flags RW-), which is not executable');
  });
  it('entry point with no PT_LOAD at all', () => {
    const buf = prog();
    for (const i of [TEXT_SEG, DATA_SEG]) patchU32(buf, phdrAt(buf, i), 6); // p_type = PT_PHDR
    expectElfError(buf, 'there are no PT_LOAD segments: nothing to load');
  });
});

describe('sections and symbols', () => {
  const sections = parseElf(fixture('prog.elf')).sections;
  const symtab = sections.findIndex((s) => s.name === '.symtab');
  const strtab = sections.findIndex((s) => s.name === '.strtab');

  it('section name offset outside .shstrtab', () => {
    const buf = prog();
    expectElfError(patchU32(buf, shdrAt(buf, 1) + SH_NAME, 0x10000), 'section 1: name offset 0x');
  });
  it('.symtab with a bad entry size or string table link', () => {
    const buf = prog();
    expectElfError(patchU64(buf, shdrAt(buf, symtab) + SH_ENTSIZE, 16n), `section ${symtab} (.symtab): sh_entsize is 16, expected 24`);
    const buf2 = prog();
    expectElfError(patchU32(buf2, shdrAt(buf2, symtab) + SH_LINK, 1), `section ${symtab} (.symtab): sh_link 1 is not a string table`);
  });
  it('symbol name offset outside .strtab', () => {
    const buf = prog();
    const symAt = sections[symtab]!.offset + 24 * 20; // symbol 20 (add3)
    expectElfError(patchU32(buf, symAt, sections[strtab]!.size + 5), 'symbol 20: name offset');
  });
  it('a string table without its final NUL', () => {
    const buf = prog();
    const s = sections[strtab]!;
    buf[s.offset + s.size - 1] = 0x41; // last name loses its terminator
    expectElfError(buf, 'is not NUL-terminated within its string table');
  });
  it('symbols at the top of the address space are kept in canonical signed form', () => {
    const buf = prog();
    const symAt = sections[symtab]!.offset + 24 * 20; // add3
    patchU64(buf, symAt + 8, 0xffffffff80000028n);
    expect(parseElf(buf).symbols.find((s) => s.name === 'add3')?.value).toBe(-0x7fffffd8);
  });
  it('symbols with values no double holds (more than 53 significant bits) are skipped, the rest kept', () => {
    const buf = prog();
    const before = parseElf(buf).symbols;
    const symAt = sections[symtab]!.offset + 24 * 20; // add3
    patchU64(buf, symAt + 8, 0x7fffffff80000028n);
    const after = parseElf(buf).symbols;
    expect(after.length).toBe(before.length - 1);
    expect(after.find((s) => s.name === 'add3')).toBeUndefined();
    expect(after.find((s) => s.name === 'helper')).toEqual(before.find((s) => s.name === 'helper'));
  });
});

describe('robustness', () => {
  it('random byte corruption gives ElfError or a parse, never another exception', () => {
    // Deterministic LCG so a failure reproduces; corrupts the headers and tables, where parsing decisions live.
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const base = prog();
    const shoff = Number(new DataView(base.buffer).getBigUint64(E_SHOFF, true));
    const hot = [...Array(64 + 3 * 56).keys(), ...Array.from({ length: base.length - shoff }, (_, i) => shoff + i)];
    let rejected = 0;
    for (let round = 0; round < 3000; round++) {
      const buf = base.slice();
      const flips = 1 + (next() % 4);
      for (let k = 0; k < flips; k++) buf[hot[next() % hot.length]!] = next() & 0xff;
      try {
        parseElf(buf, 'fuzz.elf');
      } catch (e) {
        if (!(e instanceof ElfError)) throw new Error(`round ${round}: non-ElfError ${String(e)}`);
        expect(e.message.startsWith('fuzz.elf: ')).toBe(true);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });
});
