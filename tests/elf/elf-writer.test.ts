import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ElfError, findSection, parseElf, sectionData, type ElfImage } from '../../emulator/elf/elf-reader.js';
import { writeElf, type ElfWriteSpec, type ElfWriteSymbol } from '../../emulator/elf/elf-writer.js';
import { fixture, HAVE_READELF, READELF, readelfFlagBits, readelfView, runTool } from './elf-test-util.js';

const NEEDS_READELF = HAVE_READELF ? '' : ' [SKIPPED: riscv64-unknown-elf-readelf not on PATH]';
const tmp = mkdtempSync(join(tmpdir(), 'seltrace-elf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** prog.elf's loadable content and symbols, as a writer spec. */
function specFromProg(): { spec: ElfWriteSpec; img: ElfImage } {
  const img = parseElf(fixture('prog.elf'), 'prog.elf');
  const symbols: ElfWriteSymbol[] = [];
  for (const s of img.symbols) {
    if (s.type !== 'other' && s.bind !== 'other') symbols.push({ name: s.name, value: s.value, size: s.size, type: s.type, bind: s.bind });
  }
  return { img, spec: { entry: img.entry, flags: img.flags, segments: img.segments, symbols } };
}

/** Several shapes the packer may produce: bss-only, empty, unaligned, paddr != vaddr, no symbols. */
const SHAPES: Record<string, ElfWriteSpec> = {
  minimal: { entry: 0x80000000, segments: [{ vaddr: 0x80000000, paddr: 0x80000000, data: bytes(16, 1), memsz: 16, flags: 5 }] },
  mixed: {
    entry: 0x80000102,
    flags: 0x5,
    segments: [
      { vaddr: 0x80000100, paddr: 0x80000100, data: bytes(0x37, 2), memsz: 0x37, flags: 5 },
      { vaddr: 0x80010123, paddr: 0x90000000, data: bytes(9, 3), memsz: 0x2000, flags: 6 },
      { vaddr: 0x80020000, paddr: 0x80020000, data: new Uint8Array(0), memsz: 0x10000, flags: 6 },
      { vaddr: 0, paddr: 0, data: new Uint8Array(0), memsz: 0, flags: 4 },
      { vaddr: 0x80031000, paddr: 0x80031000, data: bytes(40, 4), memsz: 40, flags: 4 },
      { vaddr: 0x80040000, paddr: 0x80040000, data: bytes(8, 5), memsz: 8, flags: 7 },
    ],
    sections: [
      { name: '.seltrace.system', data: text('<system><protection_domain name="a"/></system>') },
      { name: '.seltrace.empty', data: new Uint8Array(0) },
      { name: '.seltrace.custom', data: bytes(5, 6), type: 0x80000001 },
    ],
    symbols: [
      { name: 'main', value: 0x80000102, size: 0x20, type: 'func', bind: 'global' },
      { name: 'file.c', value: 0, size: 0, type: 'file', bind: 'local' },
      { name: 'bss_end', value: 0x80020000 + 0x10000, size: 0, type: 'notype', bind: 'global' },
      { name: 'weakling', value: 0x80010123, size: 4, type: 'object', bind: 'weak' },
      { name: 'CONST', value: 0x1234, size: 0, type: 'notype', bind: 'local' },
      { name: 'ünïcode', value: 0x80040000, size: 8, type: 'func', bind: 'local' },
    ],
  },
  noSymbolsNoSections: {
    entry: 0x10000,
    segments: [{ vaddr: 0x10000, paddr: 0x10000, data: bytes(3, 7), memsz: 3, flags: 1 }],
  },
  emptySymbolList: {
    entry: 0x80000000,
    segments: [{ vaddr: 0x80000000, paddr: 0x80000000, data: bytes(4, 8), memsz: 4, flags: 5 }],
    symbols: [],
  },
};

function roundTrip(spec: ElfWriteSpec): ElfImage {
  return parseElf(writeElf(spec), 'written.elf');
}

describe('writeElf → parseElf round trip', () => {
  it('prog.elf content survives write → parse', () => {
    const { spec, img } = specFromProg();
    const back = roundTrip(spec);
    expect(back.entry).toBe(img.entry);
    expect(back.flags).toBe(img.flags);
    expect(back.segments.map((s) => ({ ...s, data: Array.from(s.data) }))).toEqual(img.segments.map((s) => ({ ...s, data: Array.from(s.data) })));
    const strip = ({ name, value, size, type, bind }: ElfImage['symbols'][number]) => ({ name, value, size, type, bind });
    expect(back.symbols.map(strip)).toEqual(img.symbols.map(strip)); // prog.elf already lists locals first
  });

  for (const [shape, spec] of Object.entries(SHAPES)) {
    it(`shape '${shape}'`, () => {
      const buf = writeElf(spec);
      const img = parseElf(buf, shape);
      expect(img.entry).toBe(spec.entry);
      expect(img.flags).toBe(spec.flags ?? 1);
      expect(img.segments.map((s) => ({ vaddr: s.vaddr, paddr: s.paddr, memsz: s.memsz, flags: s.flags, data: Array.from(s.data) }))).toEqual(
        spec.segments.map((s) => ({ vaddr: s.vaddr, paddr: s.paddr, memsz: s.memsz, flags: s.flags, data: Array.from(s.data) })),
      );
      for (const sec of spec.sections ?? []) {
        const found = findSection(img, sec.name);
        expect(found, sec.name).toBeDefined();
        expect(found!.type).toBe(sec.type ?? 1);
        expect(found!.flags).toBe(0); // non-alloc: never loaded
        expect(Array.from(sectionData(buf, found!))).toEqual(Array.from(sec.data));
      }
      const want = [...(spec.symbols ?? [])].sort((a, b) => Number(a.bind !== 'local') - Number(b.bind !== 'local'));
      expect(img.symbols.map(({ name, value, size, type, bind }) => ({ name, value, size, type, bind }))).toEqual(want);
      expect(findSection(img, '.symtab') !== undefined).toBe(spec.symbols !== undefined);
    });
  }

  it('alloc sections cover the segments; symbols point into them', () => {
    const img = roundTrip(SHAPES.mixed!);
    const alloc = img.sections.filter((s) => s.flags & 2).map((s) => [s.name, s.type, s.addr, s.size]);
    expect(alloc).toEqual([
      ['.text', 1, 0x80000100, 0x37],
      ['.data', 1, 0x80010123, 9],
      ['.bss', 8, 0x80010123 + 9, 0x2000 - 9],
      ['.bss.1', 8, 0x80020000, 0x10000],
      ['.rodata', 1, 0x80031000, 40],
      ['.text.1', 1, 0x80040000, 8],
    ]);
    const byName = new Map(img.symbols.map((s) => [s.name, s]));
    expect(img.sections[byName.get('main')!.shndx]!.name).toBe('.text');
    expect(img.sections[byName.get('weakling')!.shndx]!.name).toBe('.data');
    expect(img.sections[byName.get('bss_end')!.shndx]!.name).toBe('.bss.1'); // one past the end, like _end
    expect(byName.get('CONST')!.shndx).toBe(0xfff1);
    expect(byName.get('file.c')!.shndx).toBe(0xfff1);
  });

  it('segment file offsets are congruent to vaddr modulo the 4 KiB page', () => {
    const buf = writeElf(SHAPES.mixed!);
    for (const s of parseElf(buf).segments) if (s.data.length > 0) expect(s.data.byteOffset % 0x1000).toBe(s.vaddr % 0x1000);
  });

  it('an embedded PD ELF is recovered byte for byte and parses', () => {
    const pd = fixture('prog.elf');
    const buf = writeElf({ ...SHAPES.minimal!, sections: [{ name: '.seltrace.pd.hello', data: pd }] });
    const inner = sectionData(buf, findSection(parseElf(buf), '.seltrace.pd.hello')!);
    expect(inner.byteOffset % 8).toBe(0);
    expect(Buffer.from(inner).equals(Buffer.from(pd))).toBe(true);
    expect(parseElf(inner, 'hello.elf').entry).toBe(0x80000000);
  });

  it('is deterministic and does not alias its inputs', () => {
    const a = writeElf(SHAPES.mixed!);
    const b = writeElf(SHAPES.mixed!);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a.buffer).not.toBe(SHAPES.mixed!.segments[0]!.data.buffer);
  });

  it('a 1 MiB image with 20k symbols: written, parsed without copying segment data', () => {
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i += 4096) big[i] = i >>> 12;
    const symbols: ElfWriteSymbol[] = [];
    for (let i = 0; i < 20000; i++) symbols.push({ name: `fn_${i}`, value: 0x80000000 + i * 52, size: 52, type: 'func', bind: i % 3 ? 'global' : 'local' });
    const buf = writeElf({ entry: 0x80000000, segments: [{ vaddr: 0x80000000, paddr: 0x80000000, data: big, memsz: big.length, flags: 5 }], symbols });
    expect(buf.length).toBeGreaterThan(1 << 20);
    const img = parseElf(buf);
    expect(img.segments[0]!.data.buffer).toBe(buf.buffer);
    expect(img.segments[0]!.data[4096 * 7]).toBe(7);
    expect(img.symbols.length).toBe(20000);
    expect(img.symbols.find((s) => s.name === 'fn_19999')?.value).toBe(0x80000000 + 19999 * 52);
  });
});

describe('writeElf refuses specs that would make a bad image', () => {
  const seg = (vaddr: number, memsz: number, flags = 5, paddr = vaddr) => ({ vaddr, paddr, data: new Uint8Array(0), memsz, flags });
  const cases: [string, ElfWriteSpec, string][] = [
    ['paddr overlap', { entry: 0x1000, segments: [seg(0x1000, 0x100), seg(0x5000, 0x100, 6, 0x10ff)] }, 'writeElf: segments 0 and 1 overlap in physical memory'],
    ['entry outside', { entry: 0x2000, segments: [seg(0x1000, 0x100)] }, 'writeElf: entry point 0x2000 is outside every PT_LOAD segment'],
    ['entry in data', { entry: 0x1000, segments: [seg(0x1000, 0x100, 6)] }, 'writeElf: entry point 0x1000 is in segment 0 (flags RW-), which is not executable'],
    ['no segments', { entry: 0, segments: [] }, 'there are no PT_LOAD segments: nothing to load'],
    ['data > memsz', { entry: 0x1000, segments: [{ ...seg(0x1000, 2), data: new Uint8Array(3) }] }, 'segments[0]: data (0x3 bytes) is larger than memsz 0x2'],
    ['negative vaddr', { entry: 0x1000, segments: [seg(-4, 0x100)] }, 'segments[0]: vaddr -4 is not an integer'],
    ['fractional memsz', { entry: 0x1000, segments: [seg(0x1000, 1.5)] }, 'segments[0]: memsz 1.5'],
    ['beyond 2^53', { entry: 0x1000, segments: [seg(2 ** 53 - 8, 0x100)] }, 'reaches beyond 2^53'],
    ['bad entry', { entry: -1, segments: [seg(0x1000, 0x100)] }, 'writeElf: entry -1 is not an integer'],
    ['bad e_flags', { entry: 0x1000, flags: 2 ** 32, segments: [seg(0x1000, 0x100)] }, 'e_flags 4294967296'],
    ['duplicate section', { entry: 0x1000, segments: [{ ...seg(0x1000, 4), data: new Uint8Array(4) }], sections: [{ name: '.text', data: new Uint8Array(1) }] }, "section name '.text' is used twice"],
    ['empty section name', { entry: 0x1000, segments: [seg(0x1000, 4)], sections: [{ name: '', data: new Uint8Array(1) }] }, 'sections[0]: name "" must be non-empty'],
    ['NOBITS extra section', { entry: 0x1000, segments: [seg(0x1000, 4)], sections: [{ name: '.x', data: new Uint8Array(1), type: 8 }] }, 'sections[0] (.x): type 8 is not'],
    ['symbol value', { entry: 0x1000, segments: [seg(0x1000, 4)], symbols: [{ name: 's', value: 2 ** 53, size: 0, type: 'func', bind: 'global' }] }, "symbol 's': value 9007199254740992"],
  ];
  for (const [label, spec, message] of cases) {
    it(label, () => {
      expect(() => writeElf(spec)).toThrow(ElfError);
      expect(() => writeElf(spec)).toThrow(message);
    });
  }
  it("symbol type 'other' cannot be written", () => {
    const spec = { entry: 0x1000, segments: [seg(0x1000, 4)], symbols: [{ name: 's', value: 0, size: 0, type: 'other', bind: 'global' }] } as unknown as ElfWriteSpec;
    expect(() => writeElf(spec)).toThrow("symbol 's': type 'other' / bind 'global' cannot be written");
  });
});

describe(`riscv64-unknown-elf-readelf accepts written files without warnings${NEEDS_READELF}`, () => {
  const all: [string, () => ElfWriteSpec][] = [['prog.elf rewritten', () => ({ ...specFromProg().spec, sections: [{ name: '.seltrace.system', data: text('<system/>') }] })]];
  for (const [name, spec] of Object.entries(SHAPES)) all.push([name, () => spec]);
  for (const [name, make] of all) {
    it.skipIf(!HAVE_READELF)(name, () => {
      const spec = make();
      const path = join(tmp, `${name.replace(/\W+/g, '_')}.elf`);
      writeFileSync(path, writeElf(spec));
      const r = runTool(READELF, ['-a', '-W', path])!;
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toMatch(/warning|error|corrupt/i);

      const ref = readelfView(path);
      expect(ref.entry).toBe(spec.entry);
      expect(ref.loads.map((l) => [l.vaddr, l.paddr, l.filesz, l.memsz, readelfFlagBits(l.flags)])).toEqual(
        spec.segments.map((s) => [s.vaddr, s.paddr, s.data.length, s.memsz, s.flags & 7]),
      );
      expect(ref.symbols.slice(1).map((s) => s.name).sort()).toEqual((spec.symbols ?? []).map((s) => s.name).sort());
      for (const sec of spec.sections ?? []) expect(ref.sections.map((s) => s.name)).toContain(sec.name);
    });
  }
});
