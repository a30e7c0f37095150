import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseElf, type ElfSymbol } from '../../emulator/elf/elf-reader.js';
import { SymbolTable } from '../../emulator/elf/symbols.js';
import { FIXTURES, fixture, HAVE_OBJDUMP, OBJDUMP, runTool } from './elf-test-util.js';

const NEEDS_OBJDUMP = HAVE_OBJDUMP ? '' : ' [SKIPPED: riscv64-unknown-elf-objdump not on PATH]';

function table(name: string): SymbolTable {
  return SymbolTable.fromImage(parseElf(fixture(name), name));
}

function sym(name: string, value: number, extra: Partial<ElfSymbol> = {}): ElfSymbol {
  return { name, value, size: 0, type: 'notype', bind: 'global', shndx: 1, ...extra };
}

describe('SymbolTable on prog.elf', () => {
  const t = table('prog.elf');

  it('lookup by name', () => {
    expect(t.lookup('_start')).toBe(0x80000000);
    expect(t.lookup('tohost')).toBe(0x80001000);
    expect(t.lookup('fromhost')).toBe(0x80001040);
    expect(t.lookup('helper')).toBe(0x8000002e); // local symbols are found too
    expect(t.lookup('no_such_symbol')).toBeUndefined();
  });

  it('symbolize: exact, inside, before the first symbol', () => {
    expect(t.symbolize(0x80000000)).toEqual({ name: '_start', offset: 0 });
    expect(t.symbolize(0x8000002a)).toEqual({ name: 'add3', offset: 2 });
    expect(t.symbolize(0x80001048 + 4)).toEqual({ name: 'counter', offset: 4 });
    expect(t.symbolize(0x7fffffff)).toBeUndefined();
    expect(t.symbolize(0)).toBeUndefined();
    expect(t.symbolize(Number.NaN)).toBeUndefined();
  });

  it('ignores .L labels, $x/$d mapping symbols, section and file symbols', () => {
    // .Lspin is at 0x80000026 and .Lcount at 0x80000038: both inside real functions.
    expect(t.symbolize(0x80000026)).toEqual({ name: '_start', offset: 0x26 });
    expect(t.symbolize(0x80000038)).toEqual({ name: 'helper', offset: 0x0a });
    const names = t.entries().map((s) => s.name);
    expect(names.some((n) => n.startsWith('.L') || n.startsWith('$'))).toBe(false);
    expect(t.entries().some((s) => s.type === 'section' || s.type === 'file')).toBe(false);
    expect(names).toContain('reset');
  });

  it('prefers the global of two symbols at one address (_start over local reset)', () => {
    expect(t.symbolize(0x80000004)).toEqual({ name: '_start', offset: 4 });
  });

  it('entries() is sorted by address, the reported name first at each address', () => {
    const e = t.entries();
    for (let i = 1; i < e.length; i++) expect(e[i]!.value).toBeGreaterThanOrEqual(e[i - 1]!.value);
    for (const s of e) expect(t.symbolize(s.value)?.name).toBe(e.find((x) => x.value === s.value)!.name);
  });
});

describe('SymbolTable rules on hand-made tables', () => {
  it('lookup prefers a global over an earlier local of the same name, else the first', () => {
    const t = new SymbolTable([
      sym('x', 1, { bind: 'local' }),
      sym('x', 2, { bind: 'global' }),
      sym('x', 3, { bind: 'global' }),
      sym('y', 4, { bind: 'local' }),
      sym('y', 5, { bind: 'local' }),
      sym('z', 0, { shndx: 0 }), // undefined: not a definition
    ]);
    expect(t.lookup('x')).toBe(2);
    expect(t.lookup('y')).toBe(4);
    expect(t.lookup('z')).toBeUndefined();
  });

  it('identical candidates at one address: first in table wins', () => {
    expect(new SymbolTable([sym('a', 8, { size: 4 }), sym('a', 8, { size: 4 })]).entries().length).toBe(2);
    const t = new SymbolTable([sym('first', 8), sym('first', 8)]);
    expect(t.symbolize(9)).toEqual({ name: 'first', offset: 1 });
  });

  it('undefined, absolute and common symbols do not symbolize addresses', () => {
    const t = new SymbolTable([sym('undef', 0x100, { shndx: 0 }), sym('abs', 0x100, { shndx: 0xfff1 }), sym('com', 0x100, { shndx: 0xfff2 })]);
    expect(t.symbolize(0x100)).toBeUndefined();
    expect(t.lookup('abs')).toBe(0x100);
  });

  it('binary search over many symbols agrees with a linear scan', () => {
    const syms: ElfSymbol[] = [];
    for (let i = 0; i < 5000; i++) syms.push(sym(`f${i}`, 0x80000000 + ((i * 7919) % 5000) * 16, { type: 'func', size: 16 }));
    const t = new SymbolTable(syms);
    const sorted = [...syms].sort((a, b) => a.value - b.value);
    for (let addr = 0x80000000 - 3; addr < 0x80000000 + 5000 * 16 + 40; addr += 5) {
      let best: ElfSymbol | undefined;
      for (const s of sorted) if (s.value <= addr) best = s;
      expect(t.symbolize(addr)).toEqual(best && { name: best.name, offset: addr - best.value });
    }
  });
});

/** objdump -d labels ("80000000 <_start>:") and operand annotations ("80000028 <add3>", "<x+0x4>"). */
function objdumpNames(path: string): { addr: number; name: string; offset: number }[] {
  const r = runTool(OBJDUMP, ['-d', path]);
  if (r === undefined || r.status !== 0) throw new Error(`objdump failed: ${r?.stderr}`);
  const out: { addr: number; name: string; offset: number }[] = [];
  for (const line of r.stdout.split('\n')) {
    const label = /^([0-9a-f]+) <([^>]+)>:$/.exec(line);
    if (label) {
      out.push({ addr: parseInt(label[1]!, 16), name: label[2]!, offset: 0 });
      continue;
    }
    for (const m of line.matchAll(/\b([0-9a-f]+) <([^>+]+)(?:\+0x([0-9a-f]+))?>/g)) {
      out.push({ addr: parseInt(m[1]!, 16), name: m[2]!, offset: m[3] ? parseInt(m[3], 16) : 0 });
    }
  }
  return out.filter((n) => !n.name.startsWith('.L')); // objdump shows kept .L labels; seltrace skips them by design
}

describe(`symbolize() names what objdump -d prints${NEEDS_OBJDUMP}`, () => {
  for (const name of ['ties.elf', 'prog.elf', 'prog-lma.elf']) {
    it.skipIf(!HAVE_OBJDUMP)(name, () => {
      const t = table(name);
      const seen = objdumpNames(join(FIXTURES, name));
      expect(seen.length).toBeGreaterThan(5);
      for (const n of seen) expect({ addr: n.addr.toString(16), ...t.symbolize(n.addr) }).toEqual({ addr: n.addr.toString(16), name: n.name, offset: n.offset });
    });
  }

  it('ties.elf covers every tie-break rule (fixed expectations, no objdump needed)', () => {
    const t = table('ties.elf');
    const at = (name: string): string | undefined => t.symbolize(t.lookup(name)!)?.name;
    expect(at('l1_func')).toBe('l1_func'); // function beats global notype
    expect(at('g2_zeta')).toBe('g2_alpha'); // name order, not table order
    expect(at('l3_obj')).toBe('l3_obj'); // object beats global notype
    expect(at('g4_small')).toBe('g4_big'); // larger size first
    expect(at('g5_weak')).toBe('g5_global'); // global beats weak
    expect(at('.g6dot')).toBe('g6_plain'); // leading '.' last
    expect(at('l7_local')).toBe('g7_global'); // global beats local
    expect(at('g8_obj')).toBe('g8_func'); // function beats object
    expect(at('l9_func')).toBe('g9_func');
    expect(at('l10_obj')).toBe('g10_obj');
    expect(at('l11_func')).toBe('g11_func'); // binding outranks size
  });
});
