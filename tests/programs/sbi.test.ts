/**
 * `--bios` (QEMU's -bios): an S-mode program linked at OpenSBI's payload address
 * (tests/programs/sbi, built by its build.sh) runs behind the bundled OpenSBI as behind QEMU's
 * default firmware — SBI console, extension probes, timer interrupts through set_timer, SRST
 * shutdown ending the run with exit 0. The firmware is kept in the trace, so replay needs no
 * file; without firmware the CLI says to add it; bad combinations are one-line errors.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath, requireTool } from '../helpers/tools.js';
import { runQemu, type QemuResult } from '../helpers/qemu.js';
import { expectRebuildsCommitted } from '../helpers/rebuild.js';
import { CLI, ROOT } from '../tui/helpers.js';

const DIR = 'tests/programs/sbi';
const ELF = join(DIR, 'bin', 'sbi.elf');
const QEMU = 'qemu-system-riscv64';
const GCC = 'riscv64-unknown-elf-gcc';
const HAVE_QEMU = requireTool(QEMU, onPath(QEMU));
const HAVE_GCC = requireTool(GCC, onPath(GCC));
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'latin1' });
/** The program's own lines (OpenSBI's banner describes the hart, which differs from QEMU's). */
const demo = (out: string): string => out.replace(/\r\n/g, '\n').slice(out.replace(/\r\n/g, '\n').indexOf('== sbi demo =='));

describe.skipIf(!HAVE_QEMU)('an S-mode program behind OpenSBI: seltrace --bios default against qemu', () => {
  let q: QemuResult = { out: '', status: null };
  beforeAll(async () => { q = await runQemu(['-machine', 'virt', '-nographic', '-kernel', ELF]); }, 90_000);

  it('same program output and exit status as qemu with its default firmware', () => {
    expect(q.status).toBe(0);
    expect(demo(q.out)).toMatch(/^== sbi demo ==\nspec version major \d+\nTIME present\n[\s\S]*20 timer ticks\nbye\n$/);
    const r = cli('run', '--bios', 'default', ELF);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\r?\nOpenSBI v\d+\.\d+\r?\n/);
    expect(demo(r.stdout)).toBe(demo(q.out));
  });
});

describe('--bios through record and replay', () => {
  it('the firmware is in the trace: replay rebuilds the run without it, the same bytes twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-bios-'));
    try {
      const a = cli('record', '--bios', 'default', ELF, '-o', join(dir, 'a'));
      const b = cli('record', '--bios', 'default', ELF, '-o', join(dir, 'b'));
      expect(a.status, a.stderr).toBe(0);
      expect(b.status, b.stderr).toBe(0);
      expect(readFileSync(join(dir, 'a.strace')).equals(readFileSync(join(dir, 'b.strace')))).toBe(true);
      const end = cli('replay', join(dir, 'a'), '--at', 'end', '--print');
      expect(end.status, end.stderr).toBe(0);
      expect(end.stdout).toContain('| bye');
      const main = cli('replay', join(dir, 'a'), '--at', 'symbol', 'main', '--print');
      expect(main.stdout.split('\n')[0]).toMatch(/priv S\s+pc 0x80200[0-9a-f]+ <main>$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a raw image (objcopy -O binary) goes after the firmware, as qemu -kernel places it; without firmware the error says so', () => {
    const raw = join(DIR, 'bin', 'sbi.bin');
    const r = cli('run', '--bios', 'default', raw);
    expect(r.status, r.stderr).toBe(0);
    expect(demo(r.stdout)).toBe(demo(cli('run', '--bios', 'default', ELF).stdout));
    const bare = cli('run', raw);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/not an ELF file \(starts with [0-9a-f ]+, expected 7f 45 4c 46\); a raw kernel image runs behind firmware: --bios default\n$/);
  });

  it('without firmware the run says what is missing; bad combinations are one-line errors', () => {
    const none = cli('run', ELF);
    expect(none.status).toBe(123);
    expect(none.stderr).toMatch(/starts at 0x80200000, OpenSBI's payload address, without firmware: run it behind OpenSBI with --bios default/);
    const missing = cli('run', '--bios', '/no/such/fw.bin', ELF);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('seltrace: --bios /no/such/fw.bin: no such file\n');
    const foreign = cli('run', '--bios', process.execPath, ELF);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/^seltrace: --bios \S+: machine is x86-64 \(62\); seltrace needs RISC-V \(243\)\n$|^seltrace: --bios \S+: machine is \S+ \(\d+\); seltrace needs RISC-V/);
    const dir = cli('run', '--bios', 'tests', ELF);
    expect(dir.stderr).toBe('seltrace: --bios tests: is a directory\n');
    // An image linked at the RAM base collides with the firmware.
    const low = readdirSync('tests/programs/bin').find((f) => f.startsWith('arith-O2'))!;
    const overlap = cli('run', '--bios', 'default', join('tests/programs/bin', low));
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toMatch(/^seltrace: .*segment at 0x80000000 overlaps the firmware \(0x80000000\.\.0x[0-9a-f]+\); link the image above it \(OpenSBI's payload address on virt is 0x80200000\)\n$/);
    const system = cli('run', '--bios', 'default', 'examples/hello/image.elf');
    expect(system.status).toBe(2);
    expect(system.stderr).toMatch(/firmware \(--bios\) is for bare images/);
  });
});

describe.skipIf(!HAVE_GCC)('tests/programs/sbi/build.sh', () => {
  it('the committed ELF is exactly what build.sh makes from the current sources', () => expectRebuildsCommitted(join(DIR, 'build.sh'), join(DIR, 'bin')));
});
