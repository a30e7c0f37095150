/**
 * The real seL4 system (tests/fixtures/sel4test-mcs: OpenSBI v1.4 fw_payload + elfloader + seL4
 * 16.0.0 MCS + sel4test) boots in bare mode like `qemu-system-riscv64 -machine virt -m 512M
 * -bios none -kernel image.elf`, and its console matches QEMU's (console-expected.log) byte for
 * byte except the lines that describe the hart, which differ because this machine is not QEMU's
 * rv64 CPU (no H extension, Sstc or hpm counters).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootImageBytes } from '../../emulator/boot.js';

const FIXTURE = join(__dirname, '../fixtures/sel4test-mcs');
const IMAGE = join(FIXTURE, 'image.elf');
const EXPECTED = readFileSync(join(FIXTURE, 'console-expected.log'), 'latin1');
/** OpenSBI's description of the hart: QEMU's rv64 CPU has H, Sstc and hpm counters, this one not. */
const HART_LINES = /^Boot HART (Priv Version|Base ISA|ISA Extensions|MHPM Info|MIDELEG|MEDELEG) [^\r\n]*/gm;
const CLI = 'dist/src/cli.js';

function bootTo(text: string, maxCycles: number): { console: string; cycles: number; stop: string } {
  const b = bootImageBytes(new Uint8Array(readFileSync(IMAGE)), 'image.elf', { ramSize: 512 * 1024 * 1024 });
  b.machine.watchOutput(text, null);
  const stop = b.machine.run(maxCycles);
  return { console: Buffer.from(b.machine.consoleOutput()).toString('latin1'), cycles: b.machine.cpu.cycle, stop: JSON.stringify(stop) };
}

describe('sel4test-mcs boots in bare mode', () => {
  it('OpenSBI, elfloader, kernel, root task and the first sel4test tests, console as under QEMU', () => {
    // ≈ 321M instructions: OpenSBI + elfloader ≈ 47M, kernel boot to user space ≈ 5M, then the
    // driver's setup and tests 0-2 (SYSCALL0001 makes the kernel print its own diagnostics).
    const marker = 'Starting test 3: SYSCALL0002';
    const r = bootTo(marker, 400_000_000);
    expect(r.stop).toBe(JSON.stringify({ kind: 'exit', code: 0, source: 'output' }));
    const end = EXPECTED.indexOf(marker) + marker.length;
    const strip = (s: string): string => s.replace(HART_LINES, 'Boot HART <hart description>');
    expect(strip(r.console)).toBe(strip(EXPECTED.slice(0, end)));
    expect(r.console).toContain('Jumping to kernel-image entry point...');
    expect(r.console).toContain('Booting all finished, dropped to user space');
    // OpenSBI's own view of the machine this repository built for it.
    expect(r.console).toContain('Boot HART Priv Version    : v1.12');
    expect(r.console).toContain('Boot HART Base ISA        : rv64imafdc\r\n');
    expect(r.console).toContain('Domain0 Next Arg1         : 0x0000000082200000');
  }, 600_000);
});

describe('--until-output / --fail-output', () => {
  it('end run with exit 0 on the pass text and 1 on the failure text, whichever comes first', () => {
    const pass = spawnSync('node', [CLI, 'run', IMAGE, '--memory', '512M', '--until-output', 'Platform Name', '--fail-output', 'never printed'], { encoding: 'latin1' });
    expect(pass.status, pass.stderr).toBe(0);
    expect(pass.stdout.endsWith('Platform Name')).toBe(true);
    const fail = spawnSync('node', [CLI, 'run', IMAGE, '--memory', '512M', '--until-output', 'Platform Name', '--fail-output', 'OpenSBI v1.4'], { encoding: 'latin1' });
    expect(fail.status, fail.stderr).toBe(1);
    expect(fail.stdout.trimStart()).toBe('OpenSBI v1.4');
    const bad = spawnSync('node', [CLI, 'run', IMAGE, '--memory', '3M5'], { encoding: 'latin1' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--memory: '3M5' is not a memory size/);
  }, 120_000);
});
