import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSection, parseElf, sectionData } from '../../emulator/elf/elf-reader.js';
import { FIXTURES, fixture, HAVE_READELF, readelfFlagBits, readelfView } from './elf-test-util.js';

const NEEDS_READELF = HAVE_READELF ? '' : ' [SKIPPED: riscv64-unknown-elf-readelf not on PATH]';

describe('parseElf on valid RV64 executables', () => {
  it('reads the header, segments and symbols of prog.elf', () => {
    const buf = fixture('prog.elf');
    const img = parseElf(buf, 'prog.elf');
    expect(img.entry).toBe(0x80000000);
    expect(img.flags & 1).toBe(1); // RVC: built with -march=rv64imac
    expect(img.segments.map((s) => [s.vaddr, s.paddr, s.flags])).toEqual([
      [0x80000000, 0x80000000, 5],
      [0x80001000, 0x80001000, 6],
    ]);
    // .bss makes the data segment's memsz larger than its file bytes.
    const data = img.segments[1]!;
    expect(data.memsz).toBeGreaterThan(data.data.length);
    // counter = 0x1122334455667788 at .data; find it through the symbol and segment.
    const counter = img.symbols.find((s) => s.name === 'counter')!;
    expect(counter).toMatchObject({ type: 'object', bind: 'global', size: 8 });
    const at = counter.value - data.vaddr;
    expect(new DataView(data.data.buffer, data.data.byteOffset).getBigUint64(at, true)).toBe(0x1122334455667788n);
    expect(img.symbols.find((s) => s.name === 'weak_fn')).toMatchObject({ type: 'func', bind: 'weak', size: 10 });
    expect(img.symbols.find((s) => s.name === 'helper')).toMatchObject({ type: 'func', bind: 'local' });
    expect(img.symbols.find((s) => s.name === 'prog.S')).toMatchObject({ type: 'file', bind: 'local' });
    // Section symbols have no name of their own; they take the section's.
    expect(img.symbols.find((s) => s.type === 'section' && s.value === 0x80001000)?.name).toBe('.tohost');
  });

  it('segment data are views into the input, not copies', () => {
    const buf = fixture('prog.elf');
    const img = parseElf(buf);
    const text = img.segments[0]!;
    expect(text.data.buffer).toBe(buf.buffer);
    // First instruction of _start: auipc sp, 0x3 (00003117).
    expect(Array.from(text.data.subarray(0, 4))).toEqual([0x17, 0x31, 0x00, 0x00]);
  });

  it('keeps paddr and vaddr apart (prog-lma.elf loads .data at one address and runs it at another)', () => {
    const img = parseElf(fixture('prog-lma.elf'), 'prog-lma.elf');
    expect(img.segments[1]).toMatchObject({ vaddr: 0x80100000, paddr: 0x80001000 });
    expect(img.symbols.find((s) => s.name === 'tohost')?.value).toBe(0x80100000);
  });

  it('accepts an empty PT_LOAD (ties.elf has a zero-size data segment at 0)', () => {
    const img = parseElf(fixture('ties.elf'), 'ties.elf');
    expect(img.segments.map((s) => s.memsz)).toEqual([0x20, 0]);
  });

  it('findSection and sectionData', () => {
    const buf = fixture('prog.elf');
    const img = parseElf(buf);
    const rodata = findSection(img, '.rodata')!;
    expect(new TextDecoder().decode(sectionData(buf, rodata))).toBe('hello, seltrace\0');
    expect(sectionData(buf, findSection(img, '.bss')!).length).toBe(0);
    expect(findSection(img, '.nope')).toBeUndefined();
    expect(img.sections[0]).toMatchObject({ name: '', type: 0 });
    expect(() => sectionData(buf.subarray(0, 100), rodata, 'cut.elf')).toThrow(/^cut\.elf: truncated at offset 100: section \.rodata/);
  });

  it('accepts a Uint8Array that is a window into a larger buffer', () => {
    const inner = fixture('prog.elf');
    const outer = new Uint8Array(inner.length + 37);
    outer.set(inner, 13);
    const img = parseElf(outer.subarray(13, 13 + inner.length));
    expect(img.entry).toBe(0x80000000);
    expect(img.symbols.length).toBe(parseElf(inner).symbols.length);
  });
});

describe(`parseElf agrees with riscv64-unknown-elf-readelf${NEEDS_READELF}`, () => {
  for (const name of ['prog.elf', 'prog-lma.elf', 'ties.elf']) {
    it.skipIf(!HAVE_READELF)(name, () => {
      const path = join(FIXTURES, name);
      const ref = readelfView(path);
      const img = parseElf(fixture(name), name);

      expect(img.entry).toBe(ref.entry);
      expect(img.flags).toBe(ref.flags);
      expect(ref.loads.length).toBeGreaterThan(0);
      expect(
        img.segments.map((s) => ({ vaddr: s.vaddr, paddr: s.paddr, filesz: s.data.length, memsz: s.memsz, flags: s.flags })),
      ).toEqual(ref.loads.map((l) => ({ vaddr: l.vaddr, paddr: l.paddr, filesz: l.filesz, memsz: l.memsz, flags: readelfFlagBits(l.flags) })));
      expect(img.segments.map((s) => s.data.byteOffset)).toEqual(ref.loads.map((l) => l.offset));

      expect(img.sections.map((s) => ({ name: s.name, addr: s.addr, offset: s.offset, size: s.size }))).toEqual(
        ref.sections.map((s) => ({ name: s.name, addr: s.addr, offset: s.offset, size: s.size })),
      );

      // readelf lists the null symbol 0; parseElf leaves it out.
      expect(ref.symbols[0]?.num).toBe(0);
      const refSyms = ref.symbols.slice(1);
      expect(refSyms.length).toBeGreaterThan(10);
      const ndx = (n: number): string => (n === 0 ? 'UND' : n === 0xfff1 ? 'ABS' : String(n));
      expect(
        img.symbols.map((s) => ({
          value: s.value,
          size: s.size,
          type: s.type.toUpperCase(),
          bind: s.bind.toUpperCase(),
          ndx: ndx(s.shndx),
          name: s.name,
        })),
      ).toEqual(refSyms.map((s) => ({ value: s.value, size: s.size, type: s.type, bind: s.bind, ndx: s.ndx, name: s.name })));
    });
  }
});
