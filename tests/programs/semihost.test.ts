/**
 * Semihosting (emulator/devices/semihost.ts): programs built the standard picolibc way for QEMU
 * virt (--oslib=semihost --crt0=semihost; tests/programs/semihost/build.sh) print, exit with a
 * status and fail to open host files exactly as on `qemu-system-riscv64 -semihosting`, at every
 * tier; recorded, the console is there at the end of the replay and the trace is the same twice.
 * Without the sequence around it an ebreak is still a breakpoint exception.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseElf } from '../../emulator/elf/elf-reader.js';
import { Machine, type MachineConfig } from '../../emulator/machine.js';
import { Semihost } from '../../emulator/devices/semihost.js';
import { onPath, requireTool } from '../helpers/tools.js';
import { runQemu, type QemuResult } from '../helpers/qemu.js';
import { expectRebuildsCommitted } from '../helpers/rebuild.js';
import { recordElf } from '../helpers/record.js';
import { CLI, ROOT } from '../tui/helpers.js';

const DIR = 'tests/programs/semihost';
const BIN = join(DIR, 'bin');
const QEMU = 'qemu-system-riscv64';
const GCC = 'riscv64-unknown-elf-gcc';
const HAVE_QEMU = requireTool(QEMU, onPath(QEMU));
const HAVE_GCC = requireTool(GCC, onPath(GCC));
const ELFS = readdirSync(BIN).filter((f) => f.endsWith('.elf')).sort();
/** The programs that never read input (qemu's console input is a terminal; echo is checked alone below). */
const HELLO = ELFS.filter((f) => f.startsWith('hello-'));
const TIERS: MachineConfig[] = [{ jitThreshold: 0 }, { jitThreshold: 1, wasmTier: false }, { jitThreshold: 1, wasmTier: true, wasmRegionAfter: 2 }, {}];

/** QEMU writes semihosting output (without -chardev) to its stderr. */
async function qemu(elf: string): Promise<QemuResult> {
  const r = await runQemu(['-machine', 'virt', '-bios', 'none', '-nographic', '-semihosting', '-kernel', elf], true);
  return { ...r, out: r.out.replace(/\r\n/g, '\n') };
}

function run(elf: string, cfg: MachineConfig): { out: string; stop: unknown; instret: number } {
  const m = new Machine(cfg);
  m.loadBareElf(parseElf(readFileSync(join(BIN, elf))));
  const stop = m.run(1e9);
  expect(m.hostInterfaceErrors()).toEqual([]);
  return { out: Buffer.from(m.consoleOutput()).toString('latin1'), stop, instret: m.cpu.instret };
}

describe.skipIf(!HAVE_QEMU)('semihosting programs: seltrace against qemu -semihosting', () => {
  const ref = new Map<string, QemuResult>();
  beforeAll(async () => { for (const f of HELLO) ref.set(f, await qemu(join(BIN, f))); }, 120_000);

  it('every build is there', () => expect(ELFS).toEqual(['echo-O2.elf', 'hello-O2.elf', 'hello-imac-Os.elf']));

  for (const f of HELLO) {
    it(`${f}: same console and exit status as qemu, the same at every tier`, () => {
      const q = ref.get(f)!;
      expect(q.out).toMatch(/fopen of a host file: refused\n/);
      const runs = TIERS.map((t) => run(f, t));
      expect(runs[0].out).toBe(q.out);
      expect(runs[0].stop).toEqual({ kind: 'exit', code: q.status, source: 'semihost' });
      for (const r of runs) expect(r).toEqual(runs[0]);
    });
  }
});

describe('semihosting through the CLI and the recorder', () => {
  it('`seltrace run` streams the output and exits with the guest status', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', join(BIN, 'hello-O2.elf')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^sum=\d+ depth=\d+\n/);
    expect(r.stderr).toBe('');
    const stop = run('hello-O2.elf', {}).stop as { code: number };
    expect(stop.code).toBeGreaterThan(0);
    expect(r.status).toBe(stop.code);
  });

  it('console input is --input: lines in, end of file for a block read, a wait past the end for READC is a halt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-semihost-in-'));
    try {
      writeFileSync(join(dir, 'in.txt'), 'hello\nsecond line\n');
      const r = spawnSync(process.execPath, [CLI, 'run', join(BIN, 'echo-O2.elf'), '--input', join(dir, 'in.txt')], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stdout).toBe('1: HELLO\n2: SECOND LINE\n');
      // picolibc reads stdin with SYS_READC, which has no end of file: QEMU would wait for ever.
      expect(r.stderr).toMatch(/^seltrace: guest halted: the guest waits for console input \(semihosting SYS_READC at pc 0x[0-9a-f]+\) after the end of its --input\n$/);
      expect(r.status).toBe(125);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a recording replays to the same console, twice the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-semihost-'));
    try {
      const a = join(dir, 'a.strace'), b = join(dir, 'b.strace');
      recordElf(join(BIN, 'hello-O2.elf'), a, 200_000);
      recordElf(join(BIN, 'hello-O2.elf'), b, 200_000);
      expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
      const end = spawnSync(process.execPath, [CLI, 'replay', a, '--at', 'end', '--print'], { cwd: ROOT, encoding: 'utf8' });
      expect(end.status, end.stderr).toBe(0);
      expect(end.stdout).toContain('fopen of a host file: refused');
      // Mid-way (a checkpoint restored, then re-executed) the console holds a prefix only.
      const mid = spawnSync(process.execPath, [CLI, 'replay', a, '--at', 'cycle', '300000', '--print'], { cwd: ROOT, encoding: 'utf8' });
      expect(mid.status, mid.stderr).toBe(0);
      expect(mid.stdout).not.toContain('fopen of a host file');
      // Semihosting console writes are console events like the UART's (there were none: `events
      // --kind uart` was empty and the TUI's events pane showed only the exit).
      const q = spawnSync(process.execPath, [CLI, 'sql', a, "SELECT group_concat(text, '') AS t FROM (SELECT text FROM events WHERE kind = 'uart' ORDER BY id)", '--json'], { cwd: ROOT, encoding: 'utf8' });
      expect(q.status, q.stderr).toBe(0);
      const run = spawnSync(process.execPath, [CLI, 'run', join(BIN, 'hello-O2.elf')], { cwd: ROOT, encoding: 'latin1' });
      expect(run.stdout).toContain('fopen of a host file: refused');
      expect((JSON.parse(q.stdout) as { t: string }[])[0].t).toBe(run.stdout);
      const ev = spawnSync(process.execPath, [CLI, 'events', a, '--kind', 'uart', '--limit', '1'], { cwd: ROOT, encoding: 'utf8' });
      expect(ev.stdout).toMatch(/uart +console "/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the semihosting calls themselves', () => {
  const mem = new Uint8Array(0x1000);
  const io = {
    read: (va: number, len: number) => (va >= 0 && va + len <= mem.length ? mem.slice(va, va + len) : null),
    write: (va: number, d: Uint8Array) => { if (va < 0 || va + d.length > mem.length) return false; mem.set(d, va); return true; },
  };
  const put = (at: number, ...words: number[]) => words.forEach((w, i) => new DataView(mem.buffer).setBigInt64(at + 8 * i, BigInt(w), true));

  it('console writes, features file, failed opens with errno, exit reasons', () => {
    const sh = new Semihost(io, () => 123_456_789);
    mem.set(Buffer.from('hi\0'), 0x100);
    expect(sh.call(0x04, 0x100)).toBe(0); // WRITE0
    mem.set(Buffer.from(':tt'), 0x200); put(0x300, 0x200, 4, 3);
    const out = sh.call(0x01, 0x300);
    expect(out).toBe(2);
    mem.set(Buffer.from('abc'), 0x400); put(0x300, out, 0x400, 3);
    expect(sh.call(0x05, 0x300)).toBe(0); // all written
    put(0x300, 99, 0x400, 3);
    expect(sh.call(0x05, 0x300)).toBe(3); // bad handle: nothing written
    expect(Buffer.from(sh.output()).toString()).toBe('hiabc');
    mem.set(Buffer.from('/etc/passwd'), 0x200); put(0x300, 0x200, 0, 11);
    expect(sh.call(0x01, 0x300)).toBe(-1);
    expect(sh.call(0x13, 0)).toBe(2); // ENOENT
    mem.set(Buffer.from(':semihosting-features'), 0x200); put(0x300, 0x200, 0, 21);
    const feat = sh.call(0x01, 0x300);
    put(0x300, feat, 0x500, 8);
    expect(sh.call(0x06, 0x300)).toBe(3); // 5 of 8 read
    expect([...mem.subarray(0x500, 0x505)]).toEqual([0x53, 0x48, 0x46, 0x42, 0x03]);
    expect(sh.call(0x10, 0)).toBe(1234); // centiseconds of mtime at 10 MHz
    expect(sh.call(0x77, 0)).toBe(-1);
    expect(sh.error()).toMatch(/unsupported semihosting operation 0x77/);
    put(0x300, 0x20023, 0); // a run-time error, not an application exit
    sh.call(0x20, 0x300);
    expect(sh.exit()).toBe(1);
    const again = new Semihost(io, () => 0);
    put(0x300, 0x20026, 300);
    again.call(0x18, 0x300);
    expect(again.exit()).toBe(300 % 256);
  });

  it('a block read of the console takes one line of the input at most; then end of file', () => {
    const input = [...Buffer.from('ab\ncd')];
    const sh = new Semihost(io, () => 0, () => input.shift() ?? -1);
    put(0x300, 1, 0x600, 16);
    expect(sh.call(0x06, 0x300)).toBe(13); // 3 of 16 read: "ab\n"
    expect(Buffer.from(mem.subarray(0x600, 0x603)).toString()).toBe('ab\n');
    expect(sh.call(0x06, 0x300)).toBe(14); // "cd", then the input ends
    expect(sh.call(0x06, 0x300)).toBe(16); // nothing read: end of file
    expect(sh.starved).toBe(false);
    expect(sh.call(0x07, 0)).toBe(-1);
    expect(sh.starved).toBe(true);
  });

  it('off (--no-semihosting, or an ELF without picolibc\'s sys_semihost): a breakpoint, and the CLI says how to turn it on', () => {
    const m = new Machine({ semihosting: false });
    m.loadBareElf(parseElf(readFileSync(join(BIN, 'hello-O2.elf'))));
    expect(m.run(1e8)).toMatchObject({ kind: 'trap-storm' });
    expect(m.consoleOutput().length).toBe(0);
    expect(m.semihostingHint()).toMatch(/semihosting call \(ebreak at pc 0x8[0-9a-f]+\) with semihosting off: run it with --semihosting/);
    const r = spawnSync(process.execPath, [CLI, 'run', join(BIN, 'hello-O2.elf'), '--no-semihosting'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(123);
    expect(r.stderr).toMatch(/run it with --semihosting/);
    // The storm is the semihosting ebreak itself: no "it began with" line repeating it.
    expect(r.stderr).not.toMatch(/it began with/);
    // Firmware that probes for semihosting (OpenSBI) keeps its UART console: off unless asked for.
    const plain = new Machine({});
    plain.loadBareElf(parseElf(readFileSync('tests/programs/bin/arith-O2.elf')));
    expect(plain.semihosting).toBe(false);
  });

  it('an ebreak outside the sequence is a breakpoint exception, in every tier', () => {
    // hello's ELF with the sequence's slli replaced by a nop: the ebreak must trap (mtvec 0 → storm).
    const bytes = Buffer.from(readFileSync(join(BIN, 'hello-O2.elf')));
    const elf = parseElf(bytes);
    const sym = elf.symbols.find((s) => s.name === 'sys_semihost')!;
    const seg = elf.segments.find((s) => sym.value >= s.vaddr && sym.value < s.vaddr + s.data.length)!;
    const view = new DataView(seg.data.buffer, seg.data.byteOffset + (sym.value - seg.vaddr), 4); // a view into `bytes`
    expect(view.getUint32(0, true)).toBe(0x01f01013);
    view.setUint32(0, 0x00000013, true);
    for (const cfg of TIERS) {
      const m = new Machine(cfg);
      m.loadBareElf(parseElf(bytes));
      const stop = m.run(1e8);
      expect(stop).toMatchObject({ kind: 'trap-storm' });
      expect(m.consoleOutput().length).toBe(0);
    }
  });
});

describe.skipIf(!HAVE_GCC)('tests/programs/semihost/build.sh', () => {
  it('the committed ELFs are exactly what build.sh makes from the current sources', () => expectRebuildsCommitted(join(DIR, 'build.sh'), BIN), 60_000);
});
