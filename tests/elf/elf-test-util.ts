/**
 * Shared helpers for the ELF tests: fixture loading, byte patching (with the
 * ELF64 field offsets spelled out here, independently of the code under test),
 * and running binutils when it is installed.
 */
import { requireTool } from '../helpers/tools.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'elf', 'bin');

/** A fresh, patchable copy of a committed fixture. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

// ELF64 header / program header / section header field offsets (System V gABI).
export const E_IDENT_CLASS = 4;
export const E_IDENT_DATA = 5;
export const E_IDENT_VERSION = 6;
export const E_TYPE = 16;
export const E_MACHINE = 18;
export const E_VERSION = 20;
export const E_ENTRY = 24;
export const E_PHOFF = 32;
export const E_SHOFF = 40;
export const E_EHSIZE = 52;
export const E_PHENTSIZE = 54;
export const E_SHENTSIZE = 58;
export const E_SHSTRNDX = 62;
export const PHDR_SIZE = 56;
export const P_OFFSET = 8;
export const P_VADDR = 16;
export const P_PADDR = 24;
export const P_FILESZ = 32;
export const P_MEMSZ = 40;
export const SHDR_SIZE = 64;
export const SH_NAME = 0;
export const SH_LINK = 40;
export const SH_ENTSIZE = 56;

export function readU64(buf: Uint8Array, at: number): bigint {
  return new DataView(buf.buffer, buf.byteOffset).getBigUint64(at, true);
}
export function patchU8(buf: Uint8Array, at: number, v: number): Uint8Array {
  buf[at] = v;
  return buf;
}
export function patchU16(buf: Uint8Array, at: number, v: number): Uint8Array {
  new DataView(buf.buffer, buf.byteOffset).setUint16(at, v, true);
  return buf;
}
export function patchU32(buf: Uint8Array, at: number, v: number): Uint8Array {
  new DataView(buf.buffer, buf.byteOffset).setUint32(at, v, true);
  return buf;
}
export function patchU64(buf: Uint8Array, at: number, v: bigint): Uint8Array {
  new DataView(buf.buffer, buf.byteOffset).setBigUint64(at, v, true);
  return buf;
}

/** Offset of program header `i` in this file. */
export function phdrAt(buf: Uint8Array, i: number): number {
  return Number(readU64(buf, E_PHOFF)) + i * PHDR_SIZE;
}
/** Offset of section header `i` in this file. */
export function shdrAt(buf: Uint8Array, i: number): number {
  return Number(readU64(buf, E_SHOFF)) + i * SHDR_SIZE;
}

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a tool; undefined when it is not installed. */
export function runTool(tool: string, args: readonly string[]): ToolResult | undefined {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error !== undefined) return undefined;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const READELF = 'riscv64-unknown-elf-readelf';
export const OBJDUMP = 'riscv64-unknown-elf-objdump';
export const HAVE_READELF = requireTool(READELF, runTool(READELF, ['--version']) !== undefined);
export const HAVE_OBJDUMP = requireTool(OBJDUMP, runTool(OBJDUMP, ['--version']) !== undefined);

export interface ReadelfLoad {
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: string;
}
export interface ReadelfSection {
  index: number;
  name: string;
  type: string;
  addr: number;
  offset: number;
  size: number;
}
export interface ReadelfSymbol {
  num: number;
  value: number;
  size: number;
  type: string;
  bind: string;
  ndx: string;
  name: string;
}
export interface ReadelfView {
  entry: number;
  flags: number;
  loads: ReadelfLoad[];
  sections: ReadelfSection[];
  symbols: ReadelfSymbol[];
}

const h = (s: string): number => parseInt(s, 16);

/** readelf --unicode=escape writes non-ASCII name characters as \uXXXX. */
const unescape = (s: string): string => s.replace(/\\u([0-9a-f]{4})/g, (_, cp: string) => String.fromCodePoint(parseInt(cp, 16)));

/** What `readelf -W -h -l -S -s` says about a file, parsed from its text output. */
export function readelfView(path: string): ReadelfView {
  const r = runTool(READELF, ['-W', '--unicode=escape', '-h', '-l', '-S', '-s', path]);
  if (r === undefined || r.status !== 0) throw new Error(`readelf failed on ${path}: ${r?.stderr ?? 'not installed'}`);
  const view: ReadelfView = { entry: -1, flags: -1, loads: [], sections: [], symbols: [] };
  for (const line of r.stdout.split('\n')) {
    let m = /^\s*Entry point address:\s+0x([0-9a-f]+)/.exec(line);
    if (m) view.entry = h(m[1]!);
    m = /^\s*Flags:\s+0x([0-9a-f]+)/.exec(line);
    if (m) view.flags = h(m[1]!);
    m = /^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s(.{3})\s/.exec(line);
    if (m) {
      view.loads.push({ offset: h(m[1]!), vaddr: h(m[2]!), paddr: h(m[3]!), filesz: h(m[4]!), memsz: h(m[5]!), flags: m[6]! });
    }
    m = /^\s*\[\s*(\d+)\]\s+(.*?)\s*(\S+)\s+([0-9a-f]{16})\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+[A-Za-z]*\s+\d+\s+\d+\s+\d+$/.exec(line);
    if (m) {
      view.sections.push({ index: Number(m[1]), name: unescape(m[2]!), type: m[3]!, addr: h(m[4]!), offset: h(m[5]!), size: h(m[6]!) });
    }
    m = /^\s*(\d+): ([0-9a-f]{16})\s+(\d+|0x[0-9a-f]+)\s+(\w+)\s+(\w+)\s+\w+\s+(\w+) ?(.*)$/.exec(line);
    if (m) {
      view.symbols.push({
        num: Number(m[1]),
        value: h(m[2]!),
        size: Number(m[3]),
        type: m[4]!,
        bind: m[5]!,
        ndx: m[6]!,
        name: unescape(m[7]!),
      });
    }
  }
  return view;
}

/** readelf's flag column ("R E", "RW ") as PF_* bits. */
export function readelfFlagBits(flags: string): number {
  return (flags[0] === 'R' ? 4 : 0) | (flags[1] === 'W' ? 2 : 0) | (flags[2] === 'E' ? 1 : 0);
}
