// Differential check against QEMU: every manifest program is run on qemu-system-riscv64
// (-machine spike for HTIF programs, -machine virt for finisher/UART ones, -bios none) and must
// give the manifest's exit code (and console text, when the manifest has one) — this is what keeps
// the tests honest — and the emulator must agree with QEMU. Entries marked qemuSkip (places where
// QEMU 7.2 deviates from the spec) are skipped with their reason. Without qemu on PATH the whole
// suite is skipped (in CI it fails: tests/helpers/tools.ts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBareElf } from '../../emulator/run.js';
import { requireTool } from '../helpers/tools.js';
import { ISA_DIR, elfBytes, loadManifest, type IsaTestEntry } from './manifest.js';

const QEMU = 'qemu-system-riscv64';
const hasQemu = requireTool(QEMU, spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).status === 0);
const manifest = loadManifest();

function runQemu(e: IsaTestEntry): { code: number | null; out: string; signal: string | null } {
  const r = spawnSync(
    QEMU,
    ['-machine', e.machine, '-bios', 'none', '-nographic', '-monitor', 'none', '-serial', 'stdio',
      '-kernel', join(ISA_DIR, e.elf)],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, encoding: 'latin1' },
  );
  return { code: r.status, out: r.stdout ?? '', signal: r.signal };
}

describe.skipIf(!hasQemu)(hasQemu ? 'ISA tests on QEMU vs the emulator' : `ISA tests on QEMU (skipped: ${QEMU} not on PATH)`, () => {
  for (const e of manifest) {
    const t = e.qemuSkip ? it.skip : it;
    const title = e.qemuSkip ? `${e.name} (skipped: ${e.qemuSkip})` : e.name;
    t(title, () => {
      const q = runQemu(e);
      const ctx = `${e.name} on qemu ${e.machine}: status=${q.code} signal=${q.signal}\n${q.out}`;
      expect(q.signal, ctx).toBeNull();
      expect(q.code, ctx).toBe(e.expect.exitCode % 256);
      if (e.expect.uart !== undefined) expect(q.out, ctx).toBe(e.expect.uart);

      const r = runBareElf(elfBytes(e), { maxCycles: 200_000_000 });
      const ectx = `${e.name} on the emulator: stop=${JSON.stringify(r.stop)}\n${r.uart}`;
      expect(r.exitCode === null ? null : r.exitCode % 256, ectx).toBe(q.code);
      if (e.machine === 'virt') expect(r.uart, ectx).toBe(q.out);
    });
  }
});
