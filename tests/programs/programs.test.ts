/**
 * Ordinary C programs end to end (tests/programs/src, built by build.sh at -O0, -O2, -Os for
 * rv64gc and -O2 for rv64imac): each ELF prints the same console transcript and exits with the
 * same status on seltrace as on qemu-system-riscv64 (the reference), and seltrace gives the same
 * transcript, exit and final instret/cycle at every execution tier — interpreter only, JS blocks
 * at threshold 1, WebAssembly regions at once, and the defaults. The committed ELFs must be
 * exactly what build.sh makes from the current sources. In CI a missing qemu or cross compiler
 * fails the file (requireTool).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseElf } from '../../emulator/elf/elf-reader.js';
import { Machine, type MachineConfig } from '../../emulator/machine.js';
import { onPath, requireTool } from '../helpers/tools.js';
import { runQemu, type QemuResult } from '../helpers/qemu.js';
import { expectRebuildsCommitted } from '../helpers/rebuild.js';

const DIR = 'tests/programs';
const BIN = join(DIR, 'bin');
const QEMU = 'qemu-system-riscv64';
const GCC = 'riscv64-unknown-elf-gcc';
const MAX_CYCLES = 100_000_000;

const HAVE_QEMU = requireTool(QEMU, onPath(QEMU));
const HAVE_GCC = requireTool(GCC, onPath(GCC));

const ELFS = readdirSync(BIN).filter((f) => f.endsWith('.elf')).sort();

/** Execution tiers; the first is the reference for the others. */
const TIERS: { name: string; cfg: MachineConfig }[] = [
  { name: 'interpreter', cfg: { jitThreshold: 0 } },
  { name: 'JS blocks at threshold 1', cfg: { jitThreshold: 1, wasmTier: false } },
  // regionAfter 2, not 1: at 1 a page whose code shares its page with the stack (vm-*: .bss and
  // the stack follow .text when there is no .data) recompiles its region at every entry after
  // each stack write and costs ~8 s per ELF; 2 doubles the wait and still compiles at once.
  { name: 'wasm regions at threshold 1, region after 2', cfg: { jitThreshold: 1, wasmTier: true, wasmRegionAfter: 2 } },
  { name: 'defaults', cfg: {} },
];

/** One qemu run (`-bios none`, the finisher's code as exit status), as bench/sections/ordinary.ts runs it. */
const qemu = (elf: string): Promise<QemuResult> => runQemu(['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', elf]);

/** Runs `jobs` with at most `n` at once (the machine has two cores). */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) { const i = next++; results[i] = await jobs[i](); }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return results;
}

interface Run { uart: string; stop: string; instret: number; cycles: number; regions: number; regionCalls: number }

/** Runs `bytes` to its exit on a fresh machine; `regions`/`regionCalls`: wasm regions compiled / entered. */
function run(bytes: Uint8Array, cfg: MachineConfig): Run {
  const m = new Machine(cfg);
  m.loadBareElf(parseElf(bytes));
  const r = m.run(MAX_CYCLES);
  return {
    uart: Buffer.from(m.consoleOutput()).toString('latin1'), stop: JSON.stringify(r), instret: m.cpu.instret, cycles: m.cpu.cycle,
    regions: m.cpu.regionStats.compiled, regionCalls: m.cpu.regionStats.calls,
  };
}
const summary = (r: Run): Omit<Run, 'regions' | 'regionCalls'> => ({ uart: r.uart, stop: r.stop, instret: r.instret, cycles: r.cycles });

describe.skipIf(!HAVE_QEMU)('ordinary C programs: seltrace against qemu', () => {
  const ref = new Map<string, QemuResult>();
  beforeAll(async () => {
    const results = await pool(ELFS.map((f) => () => qemu(join(BIN, f))), 2);
    ELFS.forEach((f, i) => ref.set(f, results[i]));
  }, 120_000);

  it('every program and build variant is there', () => {
    const programs = new Set(ELFS.map((f) => f.replace(/-(imac-)?O[02s]\.elf$/, '')));
    expect(programs.size).toBeGreaterThanOrEqual(10);
    for (const p of programs) for (const o of ['O0', 'O2', 'Os']) expect(ELFS).toContain(`${p}-${o}.elf`);
    expect(ELFS.filter((f) => f.includes('-imac-')).length).toBeGreaterThanOrEqual(9);
  });

  for (const f of ELFS) {
    it(`${f}: same transcript and exit as qemu, and the same at every tier`, () => {
      const q = ref.get(f);
      expect(q, 'qemu result').toBeDefined();
      if (q === undefined) return;
      expect(q.status, `${f} on qemu: exit status (transcript:\n${q.out})`).toBe(0);
      expect(q.out).toMatch(/\n/);
      const bytes = readFileSync(join(BIN, f));
      const runs = TIERS.map((t) => run(bytes, t.cfg));
      const base = runs[0];
      expect(JSON.parse(base.stop), `${f} interpreted`).toMatchObject({ kind: 'exit', code: 0 });
      expect(base.uart, `${f}: seltrace (interpreter) vs qemu transcript`).toBe(q.out);
      TIERS.forEach((t, i) => {
        expect(summary(runs[i]), `${f}: ${t.name} vs interpreter`).toEqual(summary(base));
        // The wasm tiers really ran regions (else this file could not catch their bugs).
        if (t.cfg.wasmTier !== false && t.cfg.jitThreshold !== 0) expect(runs[i].regionCalls, `${f}: ${t.name} region calls`).toBeGreaterThan(0);
      });
    });
  }
});

describe('data in a code page (datapage: .bss shares the 4 KiB page with the hot loop)', () => {
  it('stores next to the code keep it translated: blocks compiled once, the loop runs in wasm regions', () => {
    for (const f of ELFS.filter((e) => e.startsWith('datapage-'))) {
      const m = new Machine({});
      m.loadBareElf(parseElf(readFileSync(join(BIN, f))));
      expect(JSON.parse(JSON.stringify(m.run(MAX_CYCLES))), f).toMatchObject({ kind: 'exit', code: 0 });
      // Every store used to drop the page's code: nothing ever got hot enough to translate.
      const t = m.cpu.translation.stats;
      expect(t.compiled, `${f}: blocks compiled`).toBeGreaterThan(0);
      expect(t.compiled, `${f}: blocks compiled`).toBeLessThan(50);
      expect(m.cpu.regionStats.calls, `${f}: region calls`).toBeGreaterThan(1000);
    }
  });
});

describe.skipIf(!HAVE_GCC)('tests/programs/build.sh', () => {
  it('the committed ELFs are exactly what build.sh makes from the current sources', () => expectRebuildsCommitted(join(DIR, 'build.sh'), BIN), 120_000);
});
