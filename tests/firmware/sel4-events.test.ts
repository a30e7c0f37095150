/**
 * Semantic events from the real seL4 kernel (emulator/sel4-probe.ts), recorded with the kernel's
 * symbols: the root task's syscalls and its thread names as the kernel itself prints them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const F = join(__dirname, '../fixtures/sel4test-mcs');
const CLI = 'dist/src/cli.js';
const dir = mkdtempSync(join(tmpdir(), 'seltrace-sel4ev-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[]): Promise<{ status: number; stdout: string; stderr: string }> => {
  try {
    const r = await promisify(execFile)('node', [CLI, ...args], { encoding: 'latin1', maxBuffer: 1 << 28 });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { status: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
};

interface Ev { kind: string; cycle: number; name?: string; num?: number; pc?: number; to?: number; reason?: string; id?: number; thread?: number; type?: string }

describe('events from the real seL4 kernel', () => {
  it('syscalls, the switch to the root task and its names (rootserver, then sel4test-driver)', async () => {
    const base = join(dir, 'boot');
    const rec = await run(['record', join(F, 'image.elf'), '--memory', '512M', '--max-cycles', '56M',
      '--kernel-elf', join(F, 'kernel.elf'), '-o', base, '-q']);
    expect(rec.status, rec.stderr).toBe(0);
    const ev = await run(['events', `${base}.strace`, '--kind', 'syscall,schedule,object', '--json']);
    expect(ev.status, ev.stderr).toBe(0);
    const events = JSON.parse(ev.stdout) as Ev[];
    const objects = events.filter((e) => e.kind === 'object');
    // The kernel names the initial thread "rootserver"; the driver renames itself (the name the
    // kernel prints in its diagnostics: `T0xffffffc09ffca400 "sel4test-driver"`).
    expect(objects.map((o) => [o.id, o.type, o.name])).toEqual([[1, 'tcb', 'rootserver'], [1, 'tcb', 'sel4test-driver']]);
    const sched = events.filter((e) => e.kind === 'schedule');
    expect(sched.map((s) => [s.to, s.reason])).toEqual([[1, 'boot']]);
    const sys = events.filter((e) => e.kind === 'syscall');
    expect(sys.length).toBeGreaterThan(100);
    expect(sys[0]!.name).toBe('DebugNameThread');
    expect(sys[0]!.num).toBe(-17);
    expect(new Set(sys.map((s) => s.name))).toContain('Call');
    // Every syscall comes from the root task's code (its ELF segment, vaddr 0x10000..0x426000).
    for (const s of sys) expect(s.pc! >= 0x10000 && s.pc! < 0x426000, `pc ${s.pc}`).toBe(true);
    expect(sys.every((s) => s.thread === 1)).toBe(true);
    // The switch happens after the kernel printed its last boot line.
    const uart = await run(['replay', `${base}.strace`, '--at', `cycle ${sched[0]!.cycle}`, '--print']);
    expect(uart.stdout).toContain('Booting all finished, dropped to user space');
    // Kernel code is named from kernel.elf in replay.
    const at = await run(['replay', `${base}.strace`, '--at', 'symbol', 'init_kernel', '--print']);
    expect(at.status, at.stderr).toBe(0);
    expect(at.stdout).toMatch(/pc 0xffffffff802[0-9a-f]{5} <init_kernel>/);
  }, 600_000);
});
