/**
 * disassembleElf against real `objdump -d -M no-aliases`, line for line, for every ELF committed
 * in the repo (ISA tests, ELF fixtures, the benchmark guest, this directory's fixtures). Without
 * the cross binutils the comparison uses the objdump output recorded next to the ELF (<name>.dump
 * or <name>.objdump), if there is one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleElf } from '../../emulator/disasm/objdump-format.js';
import { ElfError, parseElf } from '../../emulator/elf/elf-reader.js';
import { elfsIn, firstDifference, objdump, OBJDUMP, onPath, ROOT } from './objdump-util.js';
import { requireTool } from '../helpers/tools.js';

const HAVE_OBJDUMP = requireTool(OBJDUMP, onPath(OBJDUMP));
const FILES = ['tests/isa/bin', 'tests/fixtures/elf/bin', 'bench/guest', 'tests/disasm/bin'].flatMap(elfsIn);

const bytesOf = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, rel)));

function refused(bytes: Uint8Array, name: string): boolean {
  try {
    parseElf(bytes, name, { loadable: false });
    return false;
  } catch (e) {
    if (e instanceof ElfError) return true;
    throw e;
  }
}

/** Recorded objdump output next to the ELF, and the file name objdump was given. */
function recorded(rel: string): { text: string; name: string } | null {
  for (const ext of ['.objdump', '.dump']) {
    const p = join(ROOT, rel.replace(/\.(elf|o)$/, ext));
    if (!existsSync(p)) continue;
    const text = readFileSync(p, 'utf8');
    const name = /^\n(.*):     file format /.exec(text)?.[1];
    if (name !== undefined) return { text, name };
  }
  return null;
}

describe('disassembleElf matches objdump on committed ELFs', () => {
  it('finds the committed ELFs', () => {
    expect(FILES).toContain('tests/disasm/bin/all.elf');
    expect(FILES).toContain('tests/disasm/bin/layout.elf');
  });

  for (const rel of FILES) {
    it(rel, (ctx) => {
      const bytes = bytesOf(rel);
      if (refused(bytes, rel)) {
        // objdump handles these (x86, rv32); seltrace refuses them up front.
        expect(() => disassembleElf(bytes, rel)).toThrow(ElfError);
        return;
      }
      if (HAVE_OBJDUMP) {
        const diff = firstDifference(rel, objdump(rel), disassembleElf(bytes, rel));
        expect(diff, diff ?? '').toBeNull();
        return;
      }
      const rec = recorded(rel);
      if (rec === null) return ctx.skip(`${OBJDUMP} is not on PATH and no recorded output sits next to ${rel}`);
      const diff = firstDifference(`${rel} (recorded)`, rec.text, disassembleElf(bytes, rec.name));
      expect(diff, diff ?? '').toBeNull();
    });
  }

  it('recorded outputs in tests/disasm/bin are current (else run tests/disasm/build.sh)', (ctx) => {
    if (!HAVE_OBJDUMP) return ctx.skip(`${OBJDUMP} is not on PATH`);
    for (const rel of elfsIn('tests/disasm/bin')) {
      const rec = recorded(rel);
      expect(rec, `${rel} has no .objdump next to it`).not.toBeNull();
      const diff = firstDifference(`${rel} (recorded vs objdump)`, objdump(rel), rec!.text.replace(rec!.name, rel));
      expect(diff, diff ?? '').toBeNull();
    }
  });
});
