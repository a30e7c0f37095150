/**
 * readSystemImage on damaged images: each defect is a one-line ImageError naming the file.
 * Damaged images are assembled with writeElf from hand-made sections, independent of the packer.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeElf, type ElfExtraSection } from '../../emulator/elf/elf-writer.js';
import { ImageError, readSystemImage, writeSystemImage } from '../../emulator/kernel/image.js';
import { parseSystem } from '../../emulator/kernel/sdf/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HELLO_DIR = join(ROOT, 'examples', 'hello');
const SYSTEM_TEXT = readFileSync(join(HELLO_DIR, 'hello.system'), 'utf8');
const HELLO_ELF = new Uint8Array(readFileSync(join(HELLO_DIR, 'build', 'hello.elf')));
const enc = new TextEncoder();

function systemSection(name: string, text: string): Uint8Array {
  const n = enc.encode(name);
  const t = enc.encode(text);
  const out = new Uint8Array(8 + n.length + t.length);
  out.set(enc.encode('STSY'));
  new DataView(out.buffer).setUint32(4, n.length, true);
  out.set(n, 8);
  out.set(t, 8 + n.length);
  return out;
}

const goodMeta = { format: 'seltrace-system-image', version: 1, system: 'hello.system', pds: [{ name: 'hello', section: '.seltrace.pd.0', programImage: 'build/hello.elf', size: HELLO_ELF.length }] };

function image(parts: { meta?: unknown; system?: Uint8Array | null; pd?: Uint8Array | null; rawMeta?: Uint8Array }): Uint8Array {
  const sections: ElfExtraSection[] = [];
  if (parts.meta !== null) sections.push({ name: '.seltrace.meta', data: parts.rawMeta ?? enc.encode(JSON.stringify(parts.meta ?? goodMeta)) });
  if (parts.system !== null) sections.push({ name: '.seltrace.system', data: parts.system ?? systemSection('hello.system', SYSTEM_TEXT) });
  if (parts.pd !== null) sections.push({ name: '.seltrace.pd.0', data: parts.pd ?? HELLO_ELF });
  const code = Uint8Array.of(0x73, 0x00, 0x50, 0x10, 0x6f, 0xf0, 0xdf, 0xff);
  return writeElf({ entry: 0x80000000, segments: [{ vaddr: 0x80000000, paddr: 0x80000000, data: code, memsz: 8, flags: 5 }], sections });
}

function refused(bytes: Uint8Array): string {
  try {
    readSystemImage(bytes, 'img.elf');
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    expect(msg.startsWith('img.elf: ')).toBe(true);
    return msg;
  }
  throw new Error('readSystemImage accepted a damaged image');
}

describe('readSystemImage', () => {
  it('accepts the hand-made image (the fixtures below differ from it in one way each)', () => {
    const img = readSystemImage(image({}), 'img.elf');
    expect(img.desc.pds[0]!.name).toBe('hello');
    expect(img.programs.get('hello')!.length).toBe(HELLO_ELF.length);
    expect(img.systemText).toBe(SYSTEM_TEXT);
  });

  it('matches what writeSystemImage produces', () => {
    const desc = parseSystem(SYSTEM_TEXT, 'hello.system');
    const bytes = writeSystemImage({ systemFileName: 'hello.system', systemText: SYSTEM_TEXT, desc, programs: [HELLO_ELF] });
    expect(Buffer.from(bytes).equals(Buffer.from(image({})))).toBe(true);
  });

  it('plain ELF without a manifest', () => {
    expect(refused(HELLO_ELF)).toMatch(/not a seltrace system image \(no \.seltrace\.meta section\).*seltrace pack/);
  });

  it('not an ELF at all', () => {
    expect(refused(enc.encode('hello'))).toContain('not a seltrace system image: ');
  });

  it('truncated image', () => {
    const whole = image({});
    expect(refused(whole.subarray(0, whole.length - 100))).toContain('truncated');
  });

  it('unknown version', () => {
    expect(refused(image({ meta: { ...goodMeta, version: 2 } }))).toContain('unsupported system image version 2 (this seltrace reads version 1)');
  });

  it('foreign manifest format', () => {
    expect(refused(image({ meta: { ...goodMeta, format: 'other' } }))).toContain('format is "other"');
  });

  it('manifest that is not JSON', () => {
    expect(refused(image({ rawMeta: enc.encode('{oops') }))).toContain('.seltrace.meta is not valid JSON');
  });

  it('malformed manifest entry', () => {
    expect(refused(image({ meta: { ...goodMeta, pds: [{ name: 'hello' }] } }))).toContain('entry pds[0] is malformed');
  });

  it('missing .system section', () => {
    expect(refused(image({ system: null }))).toContain('no .seltrace.system section');
  });

  it('.system section without its header', () => {
    expect(refused(image({ system: enc.encode(SYSTEM_TEXT) }))).toContain('.seltrace.system has no STSY header');
  });

  it('embedded .system that no longer parses', () => {
    const msg = refused(image({ system: systemSection('hello.system', SYSTEM_TEXT.replace('priority="100"', 'priority="nine"')) }));
    expect(msg).toMatch(/its embedded hello\.system:\d+:\d+: /);
  });

  it('missing PD section', () => {
    expect(refused(image({ pd: null }))).toContain('no .seltrace.pd.0 section (the program of protection domain "hello")');
  });

  it('PD section that is not a valid ELF', () => {
    const bad = HELLO_ELF.slice();
    bad[18] = 0x3e; // e_machine = x86-64
    expect(refused(image({ pd: bad }))).toMatch(/program of protection domain "hello" \(\.seltrace\.pd\.0\): build\/hello\.elf: machine is/);
  });

  it('manifest and .system disagree on the PDs', () => {
    expect(refused(image({ meta: { ...goodMeta, pds: [{ ...goodMeta.pds[0], name: 'other' }] } }))).toContain('manifest entry 0 is "other"');
    expect(refused(image({ meta: { ...goodMeta, pds: [] } }))).toContain('lists 0 programs but hello.system has 1');
  });
});
