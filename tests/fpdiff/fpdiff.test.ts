/**
 * Differential test of the F/D extensions: seeded random FP instruction sequences (every Op.FP
 * row, random rounding modes including dyn, special and random operands, improperly boxed
 * singles) run on seltrace and on qemu-system-riscv64 (-machine virt, UART console); the
 * destination register and fcsr after every step must be identical. In CI a missing qemu or
 * cross gcc is a failure.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { runBareElf } from '../../emulator/run.js';
import { disasmInsn } from '../../emulator/disasm/disasm.js';
import { GCC, buildProbe, probeSource, randomSteps } from './fp-program.js';

const QEMU = 'qemu-system-riscv64';
const have = (t: string): boolean => spawnSync(t, ['--version'], { stdio: 'ignore' }).status === 0;
const READY = requireTool(`${QEMU} and ${GCC}`, have(QEMU) && have(GCC));

function runQemu(elf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'seltrace-fpq-'));
  try {
    writeFileSync(join(dir, 'p.elf'), elf);
    // The console goes to a file: a pipe that is full on a loaded machine makes QEMU's UART drop
    // bytes after a few retries, a file write never fails that way.
    const out = join(dir, 'console.txt');
    const r = spawnSync(QEMU, ['-machine', 'virt', '-bios', 'none', '-display', 'none', '-monitor', 'none', '-serial', `file:${out}`,
      '-kernel', join(dir, 'p.elf')], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, encoding: 'latin1', maxBuffer: 1 << 26 });
    expect(r.status, `qemu: ${r.stderr}`).toBe(0);
    return readFileSync(out, 'latin1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('F/D differential test against QEMU', () => {
  // Six seeds of 1500 steps each (a seed is ≈ 0.5 s on a quiet machine; each is its own test so
  // no single test holds a vitest worker long on a loaded one).
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it.skipIf(!READY)(`seed ${seed}: 1500 random F/D instructions give identical results and fflags`, () => {
      const steps = randomSteps(seed, 1500);
      const elf = buildProbe(probeSource(steps));
      const q = runQemu(elf).split('\n');
      const r = runBareElf(elf, { maxCycles: 500_000_000 });
      expect(r.exitCode, r.uart.slice(-500)).toBe(0);
      const o = r.uart.split('\n');
      expect(q.length).toBe(steps.length + 1);
      for (let i = 0; i < steps.length; i++) {
        if (o[i] !== q[i]) {
          const s = steps[i]!;
          const ops = s.data.map((v) => (v >>> 0).toString(16).padStart(8, '0'));
          const text = disasmInsn(s.word, 0).text;
          expect.fail(`step ${i}: ${text} (0x${(s.word >>> 0).toString(16)}), fcsr in ${s.fcsr.toString(16)}, f1=${ops[1]}${ops[0]} f2=${ops[3]}${ops[2]} f3=${ops[5]}${ops[4]} s2=${ops[7]}${ops[6]}\n  qemu:     ${q[i]}\n  seltrace: ${o[i]}`);
        }
      }
    }, 240_000);
  }
});
