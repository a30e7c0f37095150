/**
 * Bad inputs a new user gave the bare-image commands (QA of session six), each through the CLI:
 * one line on stderr naming the file or flag, exit 2, no Node error text or stack trace.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const CLI = 'dist/src/cli.js';
const ELF = 'tests/cli/bin/timer.elf';
const cli = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'latin1' });

/** A one-line error on stderr, nothing on stdout, exit code 2, no errno jargon. */
function expectBadInput(r: ReturnType<typeof cli>, line: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/EISDIR|ENOENT|EACCES|illegal operation|\bat .*\.js:\d+/);
}

describe('bare-image commands: unreadable files and flags', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-bare-inputs-'));
    mkdirSync(join(dir, 'adir'));
    writeFileSync(join(dir, 'empty.bin'), new Uint8Array(0));
  });

  it('record --checkpoint-every 0 is refused (it never adapted: a checkpoint every batch, 100 bytes an instruction)', () => {
    expectBadInput(cli('record', ELF, '-o', join(dir, 'ck0'), '--checkpoint-every', '0'), /^seltrace: --checkpoint-every: must be at least 1 \(got 0\)$/);
  });

  it('disasm of a directory says so (was "EISDIR: illegal operation on a directory, read")', () => {
    expectBadInput(cli('disasm', join(dir, 'adir')), /^seltrace: .*adir: is a directory$/);
    expectBadInput(cli('disasm', join(dir, 'missing.elf')), /^seltrace: .*missing\.elf: no such file$/);
  });

  it('--input that cannot be read names the flag and the reason in words (was Node\'s ENOENT/EISDIR text)', () => {
    expectBadInput(cli('run', ELF, '--input', join(dir, 'missing.txt')), /^seltrace: --input .*missing\.txt: no such file$/);
    expectBadInput(cli('run', ELF, '--input', join(dir, 'adir')), /^seltrace: --input .*adir: is a directory$/);
  });

  it('an empty --bios file is refused (it used to boot nothing at the RAM base and die in a trap storm)', () => {
    expectBadInput(cli('run', ELF, '--bios', join(dir, 'empty.bin')), /^seltrace: --bios .*empty\.bin: empty file$/);
    expectBadInput(cli('record', ELF, '--bios', join(dir, 'empty.bin'), '-o', join(dir, 'x')), /^seltrace: --bios .*empty\.bin: empty file$/);
  });
});

describe('a trap storm names the exception that started it', () => {
  it('no handler (mtvec 0) and a store past RAM: the store, the faulting vector and the RAM end are named', () => {
    for (const cmd of [['run'], ['record', '-q', '-o', join(mkdtempSync(join(tmpdir(), 'seltrace-nohandler-')), 'x')]]) {
      const r = cli(cmd[0], 'tests/cli/bin/nohandler.elf', ...cmd.slice(1));
      expect(r.status, r.stderr).toBe(123);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/^seltrace: trap storm: fetch access fault \(cause 1\) at pc 0x0, tval 0x0, taken 10000 times/);
      // Before: only the line above, which names address 0 and not the user's bug.
      expect(lines).toContain('seltrace: it began with store access fault (cause 7) at pc 0x80000008, tval 0x88000008; '
        + 'the trap vector itself faults (mtvec = 0x0: no trap handler installed)');
      expect(lines).toContain('seltrace: address 0x88000008 is past the end of RAM (0x80000000..0x88000000, 128 MiB: --memory sets the size)');
    }
  });

  it('a handler that faults itself: the ecall that went there and the vector', () => {
    const r = cli('run', 'tests/cli/bin/trapstorm.elf', '--max-cycles', '100k');
    expect(r.status).toBe(123);
    expect(r.stderr).toContain('seltrace: it began with ecall from M (cause 11) at pc 0x8000000c, tval 0x0; the trap vector itself faults (mtvec = 0x80000010)\n');
  });

  it('trap and emulate in a loop (same illegal instruction, same pc, a counter moving) is progress, not a storm', () => {
    // Before: ended after 10000 passes as a trap storm (exit 123) though the loop was counting down.
    const r = cli('run', 'tests/cli/bin/emulate.elf', '--max-cycles', '10M');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a handler that returns to the faulting store (no vector fault, no earlier exception): no extra line', () => {
    const r = cli('run', 'tests/cli/bin/stormstore.elf');
    expect(r.status).toBe(123);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
