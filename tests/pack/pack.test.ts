/**
 * `seltrace pack`: .system + PD ELFs → one image → readSystemImage gives them back; every bad
 * input is one clear stderr line and exit code 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packCommand, packSystem } from '../../src/commands/pack.js';
import { isSystemImage, readSystemImage, META_SECTION, SYSTEM_SECTION } from '../../emulator/kernel/image.js';
import { parseElf, findSection } from '../../emulator/elf/elf-reader.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const ELF_FIXTURES = join(ROOT, 'tests', 'fixtures', 'elf', 'bin');
const HELLO_ELF = join(EXAMPLES, 'hello', 'build', 'hello.elf');
const CSD = join(EXAMPLES, 'client-server-driver');

let dir: string;
let stderr: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'seltrace-pack-'));
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A one-PD system in the temp dir whose program is `program` (copied) or absent. */
function onePdSystem(program: string | null, extra = ''): string {
  const sys = join(dir, 'one.system');
  writeFileSync(sys, `<system>\n  <protection_domain name="solo" priority="10">\n    <program_image path="bin/solo.elf" />\n${extra}  </protection_domain>\n</system>\n`);
  if (program !== null) {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    copyFileSync(program, join(dir, 'bin', 'solo.elf'));
  }
  return sys;
}

/** Runs packCommand expecting failure: exit 2, nothing written, exactly one stderr line. */
function packFails(sys: string): string {
  const out = join(dir, 'out.elf');
  const code = packCommand(sys, { output: out });
  expect(code).toBe(2);
  expect(() => readFileSync(out)).toThrow();
  const text = stderr.join('');
  expect(text.endsWith('\n')).toBe(true);
  expect(text.trimEnd().split('\n')).toHaveLength(1);
  expect(text).toMatch(/^seltrace: /);
  return text.trimEnd();
}

describe('pack round trip', () => {
  it('packs a three-PD system and reads back the .system text and every program byte for byte', () => {
    const sysPath = join(CSD, 'client-server-driver.system');
    const out = join(dir, 'image.elf');
    expect(packCommand(sysPath, { output: out })).toBe(0);
    expect(stderr.join('')).toBe('');
    const bytes = new Uint8Array(readFileSync(out));
    expect(isSystemImage(bytes)).toBe(true);

    const img = readSystemImage(bytes, 'image.elf');
    expect(img.systemText).toBe(readFileSync(sysPath, 'utf8'));
    expect(img.desc.fileName).toBe('client-server-driver.system');
    expect(img.desc.pds.map((p) => p.name)).toEqual(['driver', 'server', 'client']);
    expect([...img.programs.keys()]).toEqual(['driver', 'server', 'client']);
    for (const name of ['driver', 'server', 'client']) {
      const original = new Uint8Array(readFileSync(join(CSD, 'build', `${name}.elf`)));
      expect(Buffer.from(img.programs.get(name)!).equals(Buffer.from(original))).toBe(true);
    }
    expect(img.manifest.pds.map((p) => p.section)).toEqual(['.seltrace.pd.0', '.seltrace.pd.1', '.seltrace.pd.2']);
  });

  it('is deterministic and the image parses as an ordinary RV64 ELF with one tiny executable segment', () => {
    const a = packSystem(join(CSD, 'client-server-driver.system')).image;
    const b = packSystem(join(CSD, 'client-server-driver.system')).image;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const elf = parseElf(a, 'image.elf');
    expect(elf.segments).toHaveLength(1);
    expect(elf.segments[0]!.memsz).toBeLessThanOrEqual(16);
    expect(findSection(elf, META_SECTION)).toBeDefined();
    expect(findSection(elf, SYSTEM_SECTION)).toBeDefined();
  });

  it('gives the loader copies, so patching a program leaves the image untouched', () => {
    const image = packSystem(join(EXAMPLES, 'hello', 'hello.system')).image;
    const before = Buffer.from(image);
    const img = readSystemImage(image, 'image.elf');
    img.programs.get('hello')!.fill(0);
    expect(Buffer.from(image).equals(before)).toBe(true);
  });

  it('isSystemImage is false for a plain PD ELF, a non-ELF and an empty buffer', () => {
    expect(isSystemImage(new Uint8Array(readFileSync(HELLO_ELF)))).toBe(false);
    expect(isSystemImage(new TextEncoder().encode('<system/>'))).toBe(false);
    expect(isSystemImage(new Uint8Array(0))).toBe(false);
  });
});

describe('pack refuses bad input with one line', () => {
  it('missing program image: names the PD, the path as written and where it looked', () => {
    const sys = onePdSystem(null);
    const msg = packFails(sys);
    expect(msg).toContain('protection_domain "solo"');
    expect(msg).toContain('"bin/solo.elf"');
    expect(msg).toContain(join(dir, 'bin', 'solo.elf'));
    expect(msg).toContain('no such file');
    expect(msg).toContain(`${sys}:2:3:`);
  });

  it('program image that is not an ELF', () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some text, not a program\n');
    const msg = packFails(onePdSystem(text));
    expect(msg).toContain('protection_domain "solo"');
    expect(msg).toContain('not an ELF file');
  });

  it('x86-64 program image', () => {
    const msg = packFails(onePdSystem(join(ELF_FIXTURES, 'x86_64.elf')));
    expect(msg).toContain('protection_domain "solo"');
    expect(msg).toMatch(/machine is .*x86.*RISC-V/i);
  });

  it('32-bit RISC-V program image', () => {
    const msg = packFails(onePdSystem(join(ELF_FIXTURES, 'rv32.elf')));
    expect(msg).toContain('32-bit');
  });

  it('unlinked object as program image', () => {
    const msg = packFails(onePdSystem(join(ELF_FIXTURES, 'prog-rel.elf')));
    expect(msg).toContain('relocatable object');
  });

  it('malformed .system: file:line:col from the SDF parser', () => {
    const sys = join(dir, 'bad.system');
    writeFileSync(sys, '<system>\n  <protection_domain name="x" priority="999">\n    <program_image path="x.elf"/>\n  </protection_domain>\n</system>\n');
    const msg = packFails(sys);
    expect(msg).toMatch(new RegExp(`^seltrace: ${sys.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: .*priority`));
  });

  it('XML that does not parse', () => {
    const sys = join(dir, 'broken.system');
    writeFileSync(sys, '<system>\n  <protection_domain name="x"\n');
    expect(packFails(sys)).toContain(`${sys}:`);
  });

  it('missing .system file', () => {
    const msg = packFails(join(dir, 'nope.system'));
    expect(msg).toBe(`seltrace: cannot read ${join(dir, 'nope.system')}: no such file`);
  });

  it('a map that overlaps the program segments', () => {
    const sys = onePdSystem(HELLO_ELF, '    <map mr="buf" vaddr="0x201000" perms="rw" />\n');
    writeFileSync(sys, readFileSync(sys, 'utf8').replace('<system>', '<system>\n  <memory_region name="buf" size="0x1000" />'));
    const msg = packFails(sys);
    expect(msg).toContain('map of "buf" at 0x201000 overlaps segment');
    expect(msg).toContain(`${sys}:5:5:`);
  });

  it('a setvar whose symbol the program lacks', () => {
    const sys = onePdSystem(HELLO_ELF, '    <map mr="buf" vaddr="0x4000000" perms="rw" setvar_vaddr="no_such_var" />\n');
    writeFileSync(sys, readFileSync(sys, 'utf8').replace('<system>', '<system>\n  <memory_region name="buf" size="0x1000" />'));
    const msg = packFails(sys);
    expect(msg).toContain('setvar "no_such_var"');
    expect(msg).toContain('no such symbol in bin/solo.elf');
  });

  it.each([
    ['init', '"init" is a function in bin/solo.elf: the 8-byte value would overwrite its code'],
    ['microkit_have_signal', '"microkit_have_signal" is 1 byte in bin/solo.elf; a setvar writes 8, which would overwrite what follows it'],
    ['microkit_irqs', "microkit_irqs is the loader's own (it writes it for every PD)"],
  ])('a setvar into %s (was packed: the value overwrote code, a neighbour, or the loader\'s word)', (symbol, want) => {
    const sys = onePdSystem(HELLO_ELF, `    <map mr="buf" vaddr="0x4000000" perms="rw" setvar_vaddr="${symbol}" />\n`);
    writeFileSync(sys, readFileSync(sys, 'utf8').replace('<system>', '<system>\n  <memory_region name="buf" size="0x1000" />'));
    const msg = packFails(sys);
    expect(msg).toContain(`setvar "${symbol}" of protection_domain "solo": ${want}`);
  });

  it('an unwritable output path', () => {
    const code = packCommand(join(EXAMPLES, 'hello', 'hello.system'), { output: join(dir, 'missing-dir', 'x.elf') });
    expect(code).toBe(2);
    expect(stderr.join('')).toMatch(/^seltrace: cannot write .*x\.elf: no such file\n$/);
  });
});
