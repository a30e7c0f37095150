import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const CLI = 'dist/src/cli.js';
const cli = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });

function system(region: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'seltrace-iso-'));
  mkdirSync(join(dir, 'build'));
  copyFileSync('examples/hello/build/hello.elf', join(dir, 'build', 'hello.elf'));
  writeFileSync(join(dir, 'x.system'), `<?xml version="1.0" encoding="UTF-8"?>
<system>
    ${region}
    <protection_domain name="hello" priority="100">
        <program_image path="build/hello.elf" />
        <map mr="m" vaddr="0x40000000" perms="rw" />
    </protection_domain>
</system>
`);
  return dir;
}

describe('memory isolation at pack and boot', () => {
  it('a region pinned into RAM (where the kernel keeps the PD\'s page tables) is refused at pack', () => {
    const dir = system('<memory_region name="m" size="0x1000" phys_addr="0x80400000" />');
    const r = cli('pack', join(dir, 'x.system'), '-o', join(dir, 'image.elf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^seltrace: .*x\.system:3:\d+: memory_region phys_addr: \[0x80400000\.\.0x80401000\) overlaps RAM .*which the kernel owns/);
  });

  it('a 1 GB region: packs (it fits --memory 2G), and a run with 128M RAM says so with the sizes and the fix, exit 2 not 70', () => {
    const dir = system('<memory_region name="m" size="0x40000000" />');
    const img = join(dir, 'image.elf');
    expect(cli('pack', join(dir, 'x.system'), '-o', img).status).toBe(0);
    const r = cli('run', img);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('seltrace: system image: memory regions need 0x40000000 bytes of RAM but only 0x7e00000 are free (RAM 0x8000000); run with --memory 1034M or more\n');
    const ok = cli('run', img, '--memory', '1034M');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('hello, world');
  });
});
