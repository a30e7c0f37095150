/**
 * Address <-> name lookups over an ELF symbol table, for disassembly, traces
 * and the debugger. symbolize() is a binary search over addresses fixed at
 * construction; each address keeps the one name objdump -d would print there.
 */
import { SHN_ABS, SHN_COMMON, SHN_UNDEF } from './elf-format.js';
import type { ElfImage, ElfSymbol } from './elf-reader.js';

export interface SymbolLocation {
  name: string;
  /** addr - symbol value, ≥ 0. */
  offset: number;
}

/**
 * Only symbols that name a place in the loaded image can explain an address:
 * defined in a real section (not undefined, absolute or common), of type
 * func/object/notype, and not assembler artefacts — `.L` local labels or the
 * `$x`/`$d` mapping symbols binutils 2.40 emits.
 */
function locatesCode(s: ElfSymbol): boolean {
  if (s.type !== 'func' && s.type !== 'object' && s.type !== 'notype') return false;
  if (s.shndx === SHN_UNDEF || s.shndx === SHN_ABS || s.shndx === SHN_COMMON) return false;
  if (s.name === '' || s.name.startsWith('.L')) return false;
  return !(s.bind === 'local' && s.name.startsWith('$'));
}

const TYPE_RANK = { func: 0, object: 1, notype: 2, section: 3, file: 3, other: 3 } as const;
const BIND_RANK = { global: 0, weak: 1, other: 1, local: 2 } as const;

/**
 * Preference among symbols at the same address, matching objdump 2.40's label
 * choice (checked against bin/ties.elf): functions, then objects; global, then
 * weak, then local; larger size; names not starting with '.'; name order; and
 * finally table order so the result never depends on the sort.
 */
function preferred(a: ElfSymbol, ai: number, b: ElfSymbol, bi: number): number {
  return (
    TYPE_RANK[a.type] - TYPE_RANK[b.type] ||
    BIND_RANK[a.bind] - BIND_RANK[b.bind] ||
    b.size - a.size ||
    Number(a.name.startsWith('.')) - Number(b.name.startsWith('.')) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    ai - bi
  );
}

export class SymbolTable {
  private readonly byName = new Map<string, ElfSymbol>();
  private readonly sorted: readonly ElfSymbol[];
  /** Distinct symbol addresses, ascending; names[i] is the preferred name at addrs[i]. */
  private readonly addrs: Float64Array;
  private readonly names: readonly string[];

  constructor(symbols: readonly ElfSymbol[]) {
    for (const s of symbols) {
      if (s.shndx === SHN_UNDEF || s.name === '') continue;
      const seen = this.byName.get(s.name);
      if (seen === undefined || (seen.bind === 'local' && s.bind !== 'local')) this.byName.set(s.name, s);
    }

    const idx: number[] = [];
    symbols.forEach((s, i) => {
      if (locatesCode(s)) idx.push(i);
    });
    idx.sort((i, j) => symbols[i]!.value - symbols[j]!.value || preferred(symbols[i]!, i, symbols[j]!, j));
    this.sorted = idx.map((i) => symbols[i]!);

    const addrs: number[] = [];
    const names: string[] = [];
    for (const s of this.sorted) {
      if (addrs.length > 0 && addrs[addrs.length - 1] === s.value) continue;
      addrs.push(s.value);
      names.push(s.name);
    }
    this.addrs = Float64Array.from(addrs);
    this.names = names;
  }

  static fromImage(img: ElfImage): SymbolTable {
    return new SymbolTable(img.symbols);
  }

  /** Value of the first global or weak symbol with this name, else of the first local one. */
  lookup(name: string): number | undefined {
    return this.byName.get(name)?.value;
  }

  /** Nearest symbol at or before addr, as objdump would write `<name+offset>`. */
  symbolize(addr: number): SymbolLocation | undefined {
    const a = this.addrs;
    if (!(addr >= (a[0] ?? Infinity))) return undefined;
    let lo = 0;
    let hi = a.length; // invariant: a[lo] <= addr < a[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! <= addr) lo = mid;
      else hi = mid;
    }
    return { name: this.names[lo]!, offset: addr - a[lo]! };
  }

  /**
   * The symbols symbolize() chooses from, by ascending address; at one address
   * the name symbolize() reports comes first.
   */
  entries(): readonly ElfSymbol[] {
    return this.sorted;
  }
}
