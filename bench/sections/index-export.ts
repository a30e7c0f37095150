/**
 * The queryable index and the Perfetto export (issue 14):
 *  - cost of building the index tables while recording, on the example systems: the index
 *    is rebuilt in process from the recorded chunks with the real IndexBuilder (best of
 *    ctx.runs) and compared with the whole recording (which includes it): "added" =
 *    build / (record − build);
 *  - `seltrace export --format perfetto` of a 10M-cycle system recording: the events of
 *    examples/realtime (1.1M cycles) laid end to end until 10M cycles, indexed by the real
 *    builder, exported by the real writer (replay/perfetto.ts) to a file.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { bootImageBytes } from '../../emulator/boot.js';
import '../../emulator/system-boot.js';
import { record } from '../../tracer/recorder.js';
import { IndexBuilder } from '../../tracer/index-db.js';
import { readTrace, type EventsChunk } from '../../tracer/trace-stream.js';
import { writePerfetto } from '../../replay/perfetto.js';
import { OutBuffer } from '../../src/commands/out-buffer.js';
import { makeTempDir, removeTempDir } from './record.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtSeconds, timed } from './util.js';

const IMAGES = ['realtime', 'deadline-miss', 'client-server-driver'] as const;
const EXPORT_CYCLES = 10_000_000;


export const indexExportSection: BenchSection = {
  id: 'index-export',
  run(ctx: BenchContext): SectionResult {
    const root = resolve(dirname(ctx.elfPath), '..', '..');
    const rows: FigureRow[] = [];
    const metrics: Record<string, number> = {};
    const dir = makeTempDir();
    try {
      for (const name of IMAGES) {
        const image = new Uint8Array(readFileSync(join(root, 'examples', name, 'image.elf')));
        const streamPath = join(dir, `${name}.strace`);
        const recordOnce = (): void => {
          const b = bootImageBytes(image, `${name}/image.elf`);
          record({ machine: b.machine, kernel: b.kernel, imageName: `${name}/image.elf`, image, imageKind: 'system', input: null, symbols: b.symbols },
            { streamPath, indexPath: `${streamPath}.db`, maxCycles: 200_000_000 });
        };
        recordOnce(); // warm-up
        let rec = Infinity, idx = Infinity;
        for (let i = 0; i < ctx.runs; i++) {
          rec = Math.min(rec, timed(recordOnce).seconds);
          // Index alone, from chunks already in memory (stream reading excluded).
          const t = readTrace(streamPath);
          const s = timed(() => {
            const b = new IndexBuilder(join(dir, 'alone.db'));
            b.header(t.header, streamPath);
            for (const c of t.chunks) b.add(c);
            b.finish({ complete: '1' });
          }).seconds;
          idx = Math.min(idx, s);
        }
        const added = idx / Math.max(rec - idx, 1e-9);
        metrics[`indexExport.${name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}.addedToRecording`] = added;
        rows.push({
          figure: `index tables while recording: ${name}`,
          measured: `+${(added * 100).toFixed(1)} % (index ${fmtSeconds(idx)} of record ${fmtSeconds(rec)}; index ${fmtCount(statSync(`${streamPath}.db`).size)} B for a ${fmtCount(statSync(streamPath).size)} B stream)`,
          target: '≤ 20 %',
          anchor: 'issue 14',
        });
      }

      // ---- export of a 10M-cycle system recording
      const src = readTrace(join(dir, 'realtime.strace'));
      const evChunks = src.chunks.filter((c) => c.chunk.t === 'ev').map((c) => c.chunk as EventsChunk);
      const last = src.chunks[src.chunks.length - 1].chunk;
      const span = last.t === 'end' ? last.cycles : 1_100_000;
      const instrSpan = last.t === 'end' ? last.instret : span;
      const indexPath = join(dir, 'long.strace.db');
      const b = new IndexBuilder(indexPath);
      b.header(src.header, 'synthetic');
      let copies = 0, offset = 8, events = 0;
      for (; copies * span < EXPORT_CYCLES; copies++) {
        const dc = copies * span, di = copies * instrSpan;
        for (const ch of evChunks) {
          const shifted = ch.events.filter((e) => e[0] !== 13).map((e) => [e[0], (e[1] as number) + dc, (e[2] as number) + di, ...e.slice(3)]);
          events += shifted.length;
          b.add({ offset: offset++, chunk: { ...ch, cycle0: ch.cycle0 + dc, instret0: ch.instret0 + di, events: shifted } });
        }
      }
      const cycles = copies * span;
      b.finish({ complete: '1', cycles: String(cycles) });
      const out = join(dir, 'long.json');
      let slices = 0;
      let best = Infinity;
      for (let i = 0; i < ctx.runs; i++) {
        const db = new Database(indexPath, { readonly: true });
        best = Math.min(best, timed(() => {
          const o = new OutBuffer(out);
          slices = writePerfetto(db, o, { from: 0, to: cycles }).slices;
          o.close();
        }).seconds);
        db.close();
      }
      metrics['indexExport.perfetto10M.seconds'] = best;
      rows.push({
        figure: 'export --format perfetto, 10M-cycle system recording',
        measured: `${fmtSeconds(best)} (${fmtCount(cycles)} cycles, ${fmtCount(events)} events → ${fmtCount(slices)} slices, ${fmtCount(statSync(out).size)} B JSON)`,
        target: 'a few seconds',
        anchor: 'realtime ×' + copies,
      });
      ctx.log(`index-export: ${rows.length} figures`);
      return { rows, metrics };
    } finally {
      removeTempDir(dir);
    }
  },
};
