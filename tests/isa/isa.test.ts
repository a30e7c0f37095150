// Runs every program of tests/isa/manifest.json on the seltrace emulator (bare mode) and checks
// the exit code (HTIF: 0 = pass, n = number of the failing test case; finisher: its code) and,
// where the manifest has one, the exact console output. Build the programs with tests/isa/build.sh.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBareElf } from '../../emulator/run.js';
import { ISA_DIR, elfBytes, loadManifest } from './manifest.js';

const MAX_CYCLES = 200_000_000;
const manifest = loadManifest();

describe('ISA test manifest', () => {
  it('lists every source, once per environment, with its ELF and dump', () => {
    expect(manifest.length).toBeGreaterThan(50);
    const names = manifest.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    const sources = readdirSync(join(ISA_DIR, 'src')).filter((f) => f.endsWith('.S'));
    for (const s of sources) {
      expect(names.some((n) => n.startsWith(`${s.slice(0, -2)}-`)), s).toBe(true);
    }
    for (const e of manifest) {
      expect(existsSync(join(ISA_DIR, e.elf)), e.elf).toBe(true);
      expect(existsSync(join(ISA_DIR, e.elf.replace(/\.elf$/, '.dump'))), e.elf).toBe(true);
      expect(['spike', 'virt']).toContain(e.machine);
    }
  });
});

describe('ISA tests on the emulator', () => {
  for (const e of manifest) {
    it(e.name, () => {
      const r = runBareElf(elfBytes(e), { maxCycles: MAX_CYCLES });
      const context = `${e.name}: ${e.desc ?? ''}\nstop=${JSON.stringify(r.stop)} cycles=${r.cycles}\nconsole:\n${r.uart}`;
      expect(r.stop.kind, context).toBe('exit');
      expect(r.exitCode, context).toBe(e.expect.exitCode);
      if (e.expect.uart !== undefined) expect(r.uart, context).toBe(e.expect.uart);
    });
  }
});
