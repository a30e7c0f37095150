/**
 * Opt-in with `--sel4` (about a minute): what the real-seL4 probe (emulator/sel4-probe.ts) costs.
 * The sel4test boot through its first multi-threaded test (342M cycles) runs untraced twice,
 * without and with the probe attached (events counted, not recorded); the probe's own hooks are
 * also timed, which is steadier than the difference of two runs on a busy machine.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootImageBytes } from '../../emulator/boot.js';
import { Sel4Probe } from '../../emulator/sel4-probe.js';
import type { BenchContext, BenchSection, SectionResult } from './types.js';
import { fmtCount, fmtMips, timed } from './util.js';

const CYCLES = 342_000_000;

export const sel4ProbeSection: BenchSection = {
  id: 'sel4probe',
  run(ctx: BenchContext): SectionResult {
    const bytes = new Uint8Array(readFileSync(resolve(ctx.elfPath, '../../../tests/fixtures/sel4test-mcs/image.elf')));
    const boot = (): ReturnType<typeof bootImageBytes> => bootImageBytes(bytes, 'image.elf', { ramSize: 512 * 1024 * 1024 });
    ctx.log('sel4probe: sel4test boot, 342M cycles, without the probe');
    const plain = timed(() => { const b = boot(); b.machine.run(CYCLES); return b.machine.cpu.instret; });
    ctx.log('sel4probe: the same with the probe');
    let events = 0, hookMs = 0, calls = 0;
    const probed = timed(() => {
      const b = boot(), cpu = b.machine.cpu;
      const count = (): void => { events++; };
      new Sel4Probe(b.machine).attachObserver({
        onSyscall: count, onCapOp: count, onSchedule: count, onThreadState: count, onIpc: count, onSignal: count,
        onIrq: count, onFault: count, onObject: count,
      });
      const trap = cpu.onTrap!, sret = cpu.onSret!;
      cpu.onTrap = (c, i, pc, lo, hi, p) => { const t = performance.now(); trap(c, i, pc, lo, hi, p); hookMs += performance.now() - t; calls++; };
      cpu.onSret = () => { const t = performance.now(); sret(); hookMs += performance.now() - t; calls++; };
      b.machine.run(CYCLES);
      return cpu.instret;
    });
    const mips = (n: number, s: number): number => n / s / 1e6;
    const share = hookMs / 1000 / probed.seconds;
    return {
      rows: [{
        figure: 'real-seL4 probe on the sel4test boot (342M cycles, untraced)',
        measured: `${fmtMips(mips(plain.value, plain.seconds))} → ${fmtMips(mips(probed.value, probed.seconds))} MIPS; hooks ${(share * 100).toFixed(1)} % of run time (${fmtCount(calls)} calls, ${fmtCount(events)} events)`,
        target: 'small', anchor: 'runs on every kernel entry and return to user mode',
      }],
      metrics: { 'sel4probe.mips_plain': mips(plain.value, plain.seconds), 'sel4probe.mips_probe': mips(probed.value, probed.seconds), 'sel4probe.hook_share': share, 'sel4probe.events': events },
    };
  },
};
