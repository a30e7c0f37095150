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
