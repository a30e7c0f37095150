/**
 * What objdump reads from `.riscv.attributes` and `$xrv...` mapping symbols: the ISA string
 * (which extensions it will decode; instructions of other extensions print as `.4byte`) and the
 * privileged spec version (which CSR names it knows).
 */
import type { PrivSpec } from '../cpu/csr-names.js';
import { Op, type InsnRow } from '../cpu/isa.js';
import { findSection, sectionData, type ElfImage } from '../elf/elf-reader.js';

export interface RiscvAttributes {
  /** Tag_RISCV_arch, e.g. `rv64i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0_zmmul1p0`. */
  arch: string | null;
  /** Tag_RISCV_priv_spec[_minor/_revision]; null when absent or unknown (objdump then uses the newest). */
  priv: PrivSpec | null;
}

const TAG_ARCH = 5;
const TAG_PRIV_MAJOR = 8;
const TAG_PRIV_MINOR = 10;
const TAG_PRIV_REVISION = 12;
const KNOWN_SPECS: readonly PrivSpec[] = ['1.9.1', '1.10', '1.11', '1.12'];

/** Parse the file-level attributes of `.riscv.attributes`; null if the image has no such section. */
export function readRiscvAttributes(bytes: Uint8Array, img: ElfImage): RiscvAttributes | null {
  const sec = findSection(img, '.riscv.attributes');
  if (sec === undefined) return null;
  const d = sectionData(bytes, sec);
  const nums = new Map<number, number>();
  let arch: string | null = null;
  let p = 1; // after the format version 'A'
  const u32 = (at: number): number => ((d[at] ?? 0) | ((d[at + 1] ?? 0) << 8) | ((d[at + 2] ?? 0) << 16) | ((d[at + 3] ?? 0) << 24)) >>> 0;
  const uleb = (): number => {
    let v = 0, shift = 0, b: number;
    do {
      b = d[p++] ?? 0;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80 && p < d.length);
    return v;
  };
  const ntbs = (): string => {
    const end = d.indexOf(0, p);
    const s = new TextDecoder().decode(d.subarray(p, end < 0 ? d.length : end));
    p = end < 0 ? d.length : end + 1;
    return s;
  };
  // Subsections: length, vendor name, then (tag, length, attributes...) groups; each step
  // moves forward, so a corrupt length ends the walk instead of looping.
  while (d[0] === 0x41 && p + 4 <= d.length) {
    const len = u32(p);
    if (len < 4) break;
    const secEnd = Math.min(p + len, d.length);
    p += 4;
    const vendor = ntbs();
    while (p + 5 <= secEnd) {
      const start = p;
      const tag = uleb();
      const subLen = u32(p);
      p += 4;
      if (subLen < p - start) break;
      const subEnd = Math.min(start + subLen, secEnd);
      // File-level attributes only; odd tags hold strings, even ones numbers.
      while (tag === 1 && vendor === 'riscv' && p < subEnd) {
        const t = uleb();
        if (t % 2 === 1) {
          const str = ntbs();
          if (t === TAG_ARCH) arch = str;
        } else nums.set(t, uleb());
      }
      p = subEnd;
    }
    p = secEnd;
  }
  const [maj, min, rev] = [TAG_PRIV_MAJOR, TAG_PRIV_MINOR, TAG_PRIV_REVISION].map((t) => nums.get(t) ?? 0);
  const name = rev ? `${maj}.${min}.${rev}` : `${maj}.${min}`;
  const priv = KNOWN_SPECS.find((s) => s === name) ?? null;
  return { arch, priv };
}

/** Extension names in an ISA string, with the implications objdump applies (g, m → zmmul). */
export function archExtensions(arch: string): Set<string> {
  const exts = new Set<string>();
  const body = arch.toLowerCase().replace(/^rv(32|64|128)/, '');
  for (const tok of body.split('_')) {
    if (tok === '') continue;
    if (/^[zsx][a-z]/.test(tok)) {
      exts.add(tok.replace(/\d+(p\d+)?$/, ''));
      continue;
    }
    for (const m of tok.matchAll(/([a-z])(\d+(p\d+)?)?/g)) exts.add(m[1]!);
  }
  if (exts.has('g')) for (const e of ['i', 'm', 'a', 'f', 'd', 'zicsr', 'zifencei']) exts.add(e);
  if (exts.has('m')) exts.add('zmmul');
  return exts;
}

const MUL_OPS = new Set<Op>([Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.MULW]);

/** Whether objdump decodes `row` when the ISA string has `exts` (null: everything). */
export function rowSupported(row: InsnRow, exts: ReadonlySet<string> | null): boolean {
  if (exts === null) return true;
  switch (row.ext) {
    case 'I': case 'Priv': return true;
    case 'M': return exts.has(MUL_OPS.has(row.op) ? 'zmmul' : 'm');
    case 'A': return exts.has('a');
    case 'F': return exts.has('f');
    case 'D': return exts.has('d');
    case 'C': return exts.has('c') && (row.alsoNeeds === undefined || exts.has(row.alsoNeeds.toLowerCase()));
    case 'Zicsr': return exts.has('zicsr');
    case 'Zifencei': return exts.has('zifencei');
  }
}
