/**
 * gdb (DESIGN.md §6, reverse-continue row): `reverse-continue` to a write watchpoint through the
 * gdb stub (replay/gdb/), across a long recording, beside a forward seek of the same distance.
 *
 * Guest: tests/gdb/bin/counter-long.elf writes `total` a few times, then spins ~102M
 * instructions without touching it. From the end of its recording, `Z2` on `total` then `bc`
 * (the packets gdb sends for `watch total` + `reverse-continue`) must stop just after
 * `total = 1000`, ~102M cycles back. Timed: the `bc` packet, cold (fresh stub and target: no
 * cached checkpoint page lists or block summaries) and warm (best of --runs). Beside it: a
 * forward `seek` over the same distance (checkpoint restore + re-execution), and re-executing
 * the whole distance (what a replay from the start would cost). --quick uses counter.elf (a
 * few hundred cycles): a smoke test of the machinery, not the figure.
 */
import { resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { RecordingTarget } from '../../replay/gdb/target.js';
import { GdbStub } from '../../replay/gdb/stub.js';
import { makeTempDir, recordBareElf, removeTempDir } from './record.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, timed, timedAsync } from './util.js';
import { fmtMs } from './replay.js';

const FIG = { figure: 'reverse-continue to a watchpoint (gdb)', target: '≈ 1 s across 100M cycles', anchor: 'rr: "at most a second" for 0.5 s back' };

function guestPath(ctx: BenchContext, name: string): string {
  // bench.elf lives in bench/guest/; the gdb guests in tests/gdb/bin/ of the same checkout.
  return resolve(ctx.elfPath, '..', '..', '..', 'tests', 'gdb', 'bin', name);
}

export const gdbSection: BenchSection = {
  id: 'gdb',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const elfPath = guestPath(ctx, ctx.quick ? 'counter.elf' : 'counter-long.elf');
    if (!existsSync(elfPath)) return { rows: [{ ...FIG, measured: 'FAILED' }], failures: [`gdb: ${elfPath} missing (tests/gdb/build.sh)`] };
    const dir = makeTempDir();
    try {
      ctx.log(`gdb: recording ${elfPath}`);
      const { trace } = recordBareElf(new Uint8Array(readFileSync(elfPath)), elfPath, dir, 2_000_000_000);
      if (trace.result.stop.kind !== 'exit' || trace.result.stop.code !== 0) {
        return { rows: [{ ...FIG, measured: 'FAILED' }], failures: [`gdb: guest did not exit 0 (${JSON.stringify(trace.result.stop)})`] };
      }
      const times: number[] = [];
      const bpTimes: number[] = [];
      let distance = 0, hitCycle = 0, end = 0;
      for (let run = 0; run < Math.max(2, ctx.runs); run++) {
        // Cold on the first run: a fresh target and stub each time, the stream re-read.
        const t = RecordingTarget.open(trace.streamPath);
        const stub = new GdbStub(t);
        const total = t.symbolAddress('total');
        if (total === undefined) throw new Error('counter guest has no `total` symbol');
        end = t.endCycle;
        t.seekCycle(end);
        await stub.handle(`Z2,${total.toString(16)},8`);
        const r = await timedAsync(() => stub.handle('bc'));
        times.push(r.seconds);
        const reply = r.value.packets[0] ?? '';
        const value = Buffer.from(t.readMemory(1, total, 8)).readBigInt64LE();
        if (!reply.startsWith(`T05thread:1;watch:${total.toString(16)}`) || value !== 1000n) {
          t.close();
          return { rows: [{ ...FIG, measured: 'FAILED' }], failures: [`gdb: bc answered ${reply} with total = ${value}, expected a watch stop just after total = 1000`] };
        }
        hitCycle = t.position().cycle;
        distance = end - hitCycle;
        // The same distance to a breakpoint (`break add` + `reverse-continue`): the block stream only.
        await stub.handle(`z2,${total.toString(16)},8`);
        t.seekCycle(end);
        const add = t.symbolAddress('add')!;
        await stub.handle(`Z0,${add.toString(16)},2`);
        const b = await timedAsync(() => stub.handle('bc'));
        if (!(b.value.packets[0] ?? '').startsWith('T05thread:1;swbreak:') || t.pc !== add) {
          t.close();
          return { rows: [{ ...FIG, measured: 'FAILED' }], failures: [`gdb: bc to a breakpoint answered ${b.value.packets[0] ?? ''} at pc 0x${t.pc.toString(16)}`] };
        }
        bpTimes.push(b.seconds);
        t.close();
      }
      // The same distance forward: a seek (restore + re-execute) and a plain re-execution.
      const t = RecordingTarget.open(trace.streamPath);
      t.seekCycle(hitCycle);
      const seek = timed(() => t.seekCycle(end));
      t.seekCycle(hitCycle);
      const rerun = timed(() => t.runToCycle(end));
      t.close();
      const cold = times[0]!, warm = Math.min(...times.slice(1));
      const bpCold = bpTimes[0]!, bpWarm = Math.min(...bpTimes.slice(1));
      const what = ctx.quick ? `quick: counter.elf, only ${fmtCount(distance)} cycles back` : `${fmtCount(distance)} cycles back`;
      const rows: FigureRow[] = [{
        ...FIG,
        measured: `${fmtMs(cold)} cold, ${fmtMs(warm)} warm (${what}); forward seek of the same distance ${fmtMs(seek.seconds)}, re-executing it ${fmtMs(rerun.seconds)}`,
      }, {
        figure: 'reverse-continue to a breakpoint (gdb)', target: '—', anchor: 'rr: same machinery as watchpoints',
        measured: `${fmtMs(bpCold)} cold, ${fmtMs(bpWarm)} warm (same recording, from the end back to the last call of add())`,
      }];
      return {
        rows,
        metrics: { 'gdb.reverseBreakColdMs': bpCold * 1000, 'gdb.reverseBreakWarmMs': bpWarm * 1000, 'gdb.reverseContinueColdMs': cold * 1000, 'gdb.reverseContinueWarmMs': warm * 1000, 'gdb.forwardSeekMs': seek.seconds * 1000, 'gdb.reexecuteMs': rerun.seconds * 1000, 'gdb.distanceCycles': distance },
      };
    } finally {
      removeTempDir(dir);
    }
  },
};

