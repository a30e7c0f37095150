/**
 * Opt-in (`npm run bench -- --sel4`, minutes): the real seL4 system in
 * tests/fixtures/sel4test-mcs (OpenSBI + elfloader + seL4 16.0.0 MCS + sel4test, 141 tests,
 * ≈ 18.8G instructions) from reset to `All is well in the universe`, under seltrace (untraced,
 * 512 MiB) and under `qemu-system-riscv64 -icount shift=0` on the same image. Wall times of the
 * whole run; qemu is stopped when the verdict line appears (sel4test never powers off).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bootImageBytes } from '../../emulator/boot.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtMips, fmtRatio, fmtSeconds, timed, timedAsync } from './util.js';

const QEMU = process.env['SELTRACE_QEMU'] ?? 'qemu-system-riscv64';
const PASS = 'All is well in the universe';
const FAIL = '*** FAILURES DETECTED ***';
const MAX_CYCLES = 40e9;
const QEMU_TIMEOUT_MS = 20 * 60_000;

/** Run qemu until the console shows PASS or FAIL (then kill it); resolves with the verdict. */
function qemuToVerdict(image: string): Promise<'pass' | 'fail' | string> {
  return new Promise((done) => {
    const q = spawn(QEMU, ['-machine', 'virt', '-cpu', 'rv64', '-m', '512M', '-nographic', '-bios', 'none',
      '-icount', 'shift=0', '-kernel', image], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const timer = setTimeout(() => { q.kill('SIGKILL'); done('timeout'); }, QEMU_TIMEOUT_MS);
    q.on('error', (e) => { clearTimeout(timer); done(`error: ${e.message}`); });
    q.stdout.on('data', (b: Buffer) => {
      tail = (tail + b.toString('latin1')).slice(-200);
      const v = tail.includes(PASS) ? 'pass' : tail.includes(FAIL) ? 'fail' : null;
      if (v !== null) { clearTimeout(timer); q.kill('SIGKILL'); done(v); }
    });
    q.on('exit', (code) => { clearTimeout(timer); done(`qemu exited with ${code}`); });
  });
}

export const sel4Section: BenchSection = {
  id: 'sel4',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const image = resolve(ctx.elfPath, '../../../tests/fixtures/sel4test-mcs/image.elf');
    const bytes = new Uint8Array(readFileSync(image));
    ctx.log('sel4: seltrace run to the sel4test verdict (minutes)');
    const ours = timed(() => {
      const b = bootImageBytes(bytes, 'image.elf', { ramSize: 512 * 1024 * 1024 });
      b.machine.watchOutput(PASS, FAIL);
      return { stop: b.machine.run(MAX_CYCLES), instret: b.machine.cpu.instret };
    });
    const failures: string[] = [];
    const s = ours.value.stop;
    if (!(s.kind === 'exit' && s.source === 'output' && s.code === 0)) failures.push(`sel4test under seltrace: ${JSON.stringify(s)}`);
    const rows: FigureRow[] = [{
      figure: 'sel4test (141 tests) to "All is well", untraced',
      measured: `${fmtSeconds(ours.seconds)} (${fmtCount(ours.value.instret)} instr, ${fmtMips(ours.value.instret / ours.seconds / 1e6)} MIPS)`,
      target: '—', anchor: 'qemu -icount shift=0 below',
    }];
    ctx.log('sel4: qemu -icount shift=0 to the verdict');
    const q = await timedAsync(() => qemuToVerdict(image));
    if (q.value !== 'pass') failures.push(`sel4test under qemu: ${q.value}`);
    rows.push({
      figure: 'same image, qemu-system-riscv64 -icount shift=0',
      measured: q.value === 'pass' ? `${fmtSeconds(q.seconds)} (seltrace ${fmtRatio(ours.seconds / q.seconds)} slower)` : q.value,
      target: '—', anchor: 'README: qemu 32–52 s here',
    });
    return { rows, failures, metrics: { 'sel4.seconds': ours.seconds, 'sel4.instret': ours.value.instret, 'sel4.qemu_seconds': q.seconds } };
  },
};
