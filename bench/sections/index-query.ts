/**
 * Indexed event queries (DESIGN.md §6, "indexed event query on 1M events ≤ 5 ms").
 *
 * No example system records anywhere near 1M events (the busiest, realtime, has ~1.4k), so the
 * index is synthetic but built by the real tracer/index-db.ts `IndexBuilder` from real
 * `EventsChunk`s of events encoded with tracer/schema.ts `encodeEvent`: EVENTS kernel-style
 * events (schedule, thread_state, syscall, ipc, signal, irq, budget, uart, rare faults) of
 * THREADS threads, 4096 per chunk as the recorder writes them, ~400 cycles apart (a busy
 * system: ~1 event per 1.5k cycles in examples/realtime).
 *
 * The build is timed (events/s, encoding excluded). The queries are the SQL that
 * replay/session.ts `ReplaySession` issues (prepared per call, rows decoded as it does), on a
 * fresh read-only connection, QUERIES times each with fixed-seed random arguments:
 *   next-of-kind    nextEvent([kind])        from a random point
 *   prev-of-kind    prevEvent([kind])        from a random point
 *   next-of-thread  nextEvent(undefined, t)  from a random point
 *   thread-window   events({ thread, from, to }) over a WINDOW-cycle window
 *   around-kinds    eventsAround({ kinds }) AROUND each way (the TUI event pane with a kind filter)
 *   lanes-window    eventsIn(from, from + LANES_WINDOW, timeline lane kinds) (the TUI timeline)
 *   running-thread  runningThreadAtInstret (PD-symbol seeks ask it per candidate hit)
 */
import { eventsAround, eventsIn, neighbourEvent, queryEvents, runningThreadAtInstret } from '../../replay/event-queries.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { IndexBuilder } from '../../tracer/index-db.js';
import { encodeEvent, type EncodedEvent, type EventKind } from '../../tracer/schema.js';
import { makeTempDir, removeTempDir } from './record.js';
import { fmtMs, latency, prng, type Latency } from './replay.js';
import type { BenchContext, BenchSection, FigureRow, SectionResult } from './types.js';
import { fmtCount, fmtSeconds, timed } from './util.js';

const EVENTS = 1_000_000;
const CHUNK_EVENTS = 4096;
const THREADS = 16;
const FIRST_THREAD = 10;
const QUERIES = 30;
const WINDOW = 2_000_000;
const SEED = 0x1dec5;
const AROUND = 40;
const LANES_WINDOW = 200_000;

const KINDS: readonly { kind: EventKind; weight: number }[] = [
  { kind: 'schedule', weight: 22 }, { kind: 'thread_state', weight: 22 }, { kind: 'syscall', weight: 20 },
  { kind: 'ipc', weight: 12 }, { kind: 'signal', weight: 6 }, { kind: 'irq', weight: 6 }, { kind: 'budget', weight: 6 },
  { kind: 'uart', weight: 5.99 }, { kind: 'fault', weight: 0.01 },
];
const TOTAL_WEIGHT = KINDS.reduce((n, k) => n + k.weight, 0);

/** One synthetic event of a random kind about thread `t` at `cycle`. */
function makeEvent(rnd: () => number, cycle: number, instret: number): EncodedEvent {
  const t = FIRST_THREAD + Math.floor(rnd() * THREADS);
  const other = FIRST_THREAD + Math.floor(rnd() * THREADS);
  let w = rnd() * TOTAL_WEIGHT;
  let kind: EventKind = 'uart';
  for (const k of KINDS) { if (w < k.weight) { kind = k.kind; break; } w -= k.weight; }
  const ep = 100 + (t % 4);
  switch (kind) {
    case 'schedule': return encodeEvent('schedule', instret, { cycle, from: other, to: t, reason: rnd() < 0.5 ? 'block' : 'preempt' });
    case 'thread_state': return encodeEvent('thread_state', instret, { cycle, thread: t, state: rnd() < 0.5 ? 'blocked-recv' : 'running', object: ep, priority: 100 });
    case 'syscall': return encodeEvent('syscall', instret, {
      cycle, thread: t, pc: 0x200000 + Math.floor(rnd() * 0x1000) * 4, num: -3, name: 'seL4_Call', cptr: String(1 + (t % 8)),
      info: String(Math.floor(rnd() * 4096)), mrs: ['1', String(cycle & 0xffff), '0', '0'], result: '0',
    });
    case 'ipc': return encodeEvent('ipc', instret, {
      cycle, transfer: 'call', sender: t, receiver: other, endpoint: ep, badge: String(t), label: '7', length: 2, caps: 0,
    });
    case 'signal': return encodeEvent('signal', instret, { cycle, notification: 200 + (t % 3), sender: t, badge: '1', woke: other });
    case 'irq': return encodeEvent('irq', instret, { cycle, irq: 10, phase: 'deliver', thread: t, notification: 200 });
    case 'budget': return encodeEvent('budget', instret, { cycle, sc: 300 + t, thread: t, change: 'charged', amount: 500, remaining: 12_000, budget: 50_000, period: 100_000 });
    case 'fault': return encodeEvent('fault', instret, { cycle, thread: t, type: 'vm', pc: 0x200100, addr: '0', handled: false });
    default: return encodeEvent('uart', instret, { cycle, byte: 0x41 + (cycle % 26) });
  }
}

/** The session's own SQL (replay/event-queries.ts). */
function neighbour(db: Database.Database, dir: '<' | '>', instret: number, cycle: number, kinds?: EventKind[], thread?: number): unknown {
  return neighbourEvent(db, dir, instret, cycle, kinds, thread);
}
function threadWindow(db: Database.Database, thread: number, from: number, to: number): number {
  return queryEvents(db, { thread, from, to }).length;
}

const FIG = { target: '≤ 5 ms', anchor: '—' };

export const indexQuerySection: BenchSection = {
  id: 'index-query',
  run(ctx: BenchContext): SectionResult {
    const dir = makeTempDir();
    try {
      const path = join(dir, 'synthetic.strace.db');
      const rnd = prng(SEED);

      // ---- build
      let buildSeconds = 0;
      let cycle = 1000, instret = 700, offset = 8;
      const b0 = timed(() => new IndexBuilder(path));
      const builder = b0.value;
      buildSeconds += b0.seconds;
      for (let n = 0; n < EVENTS; n += CHUNK_EVENTS) {
        const cycle0 = cycle, instret0 = instret;
        const events: EncodedEvent[] = [];
        for (let i = 0; i < CHUNK_EVENTS && n + i < EVENTS; i++) {
          const gap = 1 + Math.floor(rnd() * 799);
          cycle += gap;
          instret += Math.floor(gap * 0.7);
          events.push(makeEvent(rnd, cycle, instret));
        }
        const chunk = { t: 'ev' as const, cycle0, instret0, instructions: instret - instret0, blocks: new Uint8Array(0), events };
        buildSeconds += timed(() => builder.add({ offset, chunk })).seconds;
        offset += 16 + 40 * events.length;
      }
      buildSeconds += timed(() => builder.finish({ complete: '1', cycles: String(cycle), instret: String(instret) })).seconds;
      const endCycle = cycle, endInstret = instret;
      ctx.log(`index-query: built a ${fmtCount(EVENTS)}-event index in ${fmtSeconds(buildSeconds)}`);

      // ---- queries, on a fresh read-only connection as ReplaySession.open makes
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        const kinds = KINDS.map((k) => k.kind);
        const point = (): { c: number; i: number } => {
          const f = rnd();
          return { c: Math.floor(f * endCycle), i: Math.floor(f * endInstret) };
        };
        const thread = (): number => FIRST_THREAD + Math.floor(rnd() * THREADS);
        const runQueries = (q: () => unknown): { lat: Latency; results: number } => {
          const times: number[] = [];
          let results = 0;
          for (let i = 0; i < QUERIES; i++) {
            const t = timed(q);
            times.push(t.seconds);
            results += typeof t.value === 'number' ? t.value : t.value !== undefined ? 1 : 0;
          }
          return { lat: latency(times), results };
        };
        const nextKind = runQueries(() => { const p = point(); return neighbour(db, '>', p.i, p.c, [kinds[Math.floor(rnd() * kinds.length)]!]); });
        const prevKind = runQueries(() => { const p = point(); return neighbour(db, '<', p.i, p.c, [kinds[Math.floor(rnd() * kinds.length)]!]); });
        const nextThread = runQueries(() => { const p = point(); return neighbour(db, '>', p.i, p.c, undefined, thread()); });
        const window = runQueries(() => { const from = Math.floor(rnd() * (endCycle - WINDOW)); return threadWindow(db, thread(), from, from + WINDOW); });

        const around = runQueries(() => {
          const p = point();
          const r = eventsAround(db, { instret: p.i, cycle: p.c }, { kinds: ['irq', 'ipc', 'fault'] }, AROUND, AROUND);
          return r.past.length + r.future.length;
        });
        const laneKinds: EventKind[] = ['schedule', 'thread_state', 'irq', 'ipc', 'signal', 'fault', 'budget'];
        const lanes = runQueries(() => { const from = Math.floor(rnd() * (endCycle - LANES_WINDOW)); return eventsIn(db, from, from + LANES_WINDOW, laneKinds, 50_000).length; });
        const running = runQueries(() => runningThreadAtInstret(db, point().i));

        const all = latency([nextKind, prevKind, nextThread, window, around, lanes, running].flatMap((q) => [q.lat.median, q.lat.worst]));
        const row = (figure: string, q: { lat: Latency }, note: string): FigureRow =>
          ({ figure, measured: `worst ${fmtMs(q.lat.worst)}, median ${fmtMs(q.lat.median)} (${q.lat.n} queries; ${note})`, ...FIG });
        const rows: FigureRow[] = [
          {
            figure: 'index build (IndexBuilder)',
            measured: `${fmtCount(Math.round(EVENTS / buildSeconds))} events/s (${fmtCount(EVENTS)} synthetic kernel events in ${fmtSeconds(buildSeconds)})`,
            target: '—',
            anchor: '—',
          },
          row('query: next event of a kind', nextKind, `${fmtCount(EVENTS)} events, 9 kinds incl. rare`),
          row('query: previous event of a kind', prevKind, 'ReplaySession.prevEvent SQL'),
          row('query: next event of a thread', nextThread, `${THREADS} threads`),
          row('query: thread events in window', window, `${fmtCount(WINDOW)}-cycle windows, ${(window.results / QUERIES).toFixed(0)} rows avg`),
          row('query: events around a point, 3 kinds', around, `${AROUND} each way (TUI event pane, kind filter)`),
          row('query: timeline lanes in window', lanes, `${fmtCount(LANES_WINDOW)}-cycle windows, 7 kinds, ${(lanes.results / QUERIES).toFixed(0)} rows avg`),
          row('query: running thread at an instret', running, 'last schedule event before a point'),
        ];
        return {
          rows,
          metrics: {
            'index-query.events': EVENTS,
            'index-query.buildSeconds': buildSeconds,
            'index-query.buildEventsPerSecond': EVENTS / buildSeconds,
            'index-query.nextKindMedianMs': nextKind.lat.median * 1000,
            'index-query.nextKindWorstMs': nextKind.lat.worst * 1000,
            'index-query.prevKindMedianMs': prevKind.lat.median * 1000,
            'index-query.prevKindWorstMs': prevKind.lat.worst * 1000,
            'index-query.nextThreadMedianMs': nextThread.lat.median * 1000,
            'index-query.nextThreadWorstMs': nextThread.lat.worst * 1000,
            'index-query.windowMedianMs': window.lat.median * 1000,
            'index-query.windowWorstMs': window.lat.worst * 1000,
            'index-query.aroundKindsWorstMs': around.lat.worst * 1000,
            'index-query.lanesWindowWorstMs': lanes.lat.worst * 1000,
            'index-query.runningThreadWorstMs': running.lat.worst * 1000,
            'index-query.worstMs': all.worst * 1000,
          },
        };
      } finally {
        db.close();
      }
    } finally {
      removeTempDir(dir);
    }
  },
};
