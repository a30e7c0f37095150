import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseElf } from '../../emulator/elf/elf-reader.js';

const CLI = 'dist/src/cli.js';
const ELF = 'tests/cli/bin/ttext.elf'; // built by tests/cli/build.sh with -Ttext=0x80000000, no script

describe('bare ELF linked with -Ttext=0x80000000', () => {
  it('has its first PT_LOAD below RAM (the header page), and runs like it does on QEMU', () => {
    const img = parseElf(new Uint8Array(readFileSync(ELF)));
    expect(img.segments[0].paddr).toBe(0x7ffff000);
    const ours = spawnSync('node', [CLI, 'run', ELF], { encoding: 'utf8' });
    expect(ours.stderr).toBe('');
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe('ttext ok\n');
    const qemu = spawnSync('qemu-system-riscv64', ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', ELF], { encoding: 'utf8', timeout: 30_000 });
    expect(qemu.status).toBe(0);
    expect(qemu.stdout.replace(/\r/g, '')).toBe(ours.stdout);
  });

  it('a section that really lies below RAM is refused with one line saying what to change', () => {
    const b = readFileSync(ELF);
    const img = parseElf(new Uint8Array(b));
    const k = img.sections.findIndex((s) => s.name === '.text');
    const shoff = Number(b.readBigUInt64LE(0x28)), shentsize = b.readUInt16LE(0x3a);
    b.writeBigUInt64LE(0x7ffff800n, shoff + k * shentsize + 16); // sh_addr
    const p = join(mkdtempSync(join(tmpdir(), 'seltrace-ttext-')), 'below.elf');
    writeFileSync(p, b);
    const r = spawnSync('node', [CLI, 'run', p], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^seltrace: .*below\.elf: section \.text at 0x7ffff800 lies below RAM \(0x80000000\); link it at or above 0x80000000\n$/);
  });
});
