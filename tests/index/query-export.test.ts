/**
 * `seltrace sql` and `seltrace export` on real recordings of the example systems: the tables agree
 * with `events` / `info`, thread_states tile each thread's life, writes are refused, the Perfetto
 * file is well-formed (slices inside the recording, properly nested, flows with both ends).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, EXAMPLE_SYSTEMS, recordToAsync, tempDir } from './helpers.js';
import { eventById, eventsAround, eventsIn, neighbourEvent, queryEvents, runningThreadAt, runningThreadAtInstret, stateEventsBefore } from '../../replay/event-queries.js';
import type { EventKind } from '../../tracer/schema.js';
import type { EventRow } from '../../replay/event-queries.js';

const dir = tempDir();
const traces = new Map<string, string>();
const sqlJson = async <T>(trace: string, q: string): Promise<T[]> => {
  const r = (await cli('sql', trace, q, '--json'));
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as T[];
};

beforeAll(async () => {
  for (const n of EXAMPLE_SYSTEMS) traces.set(n, await recordToAsync(dir, n, `examples/${n}/image.elf`));
  traces.set('uartspam', await recordToAsync(dir, 'uartspam', 'tests/index/bin/uartspam.elf', '--max-cycles', '60k'));
  traces.set('ecallstorm', await recordToAsync(dir, 'ecallstorm', 'tests/index/bin/ecallstorm.elf', '--max-cycles', '60k'));
}, 300_000);

describe('SQL answers agree with events / info', () => {
  it.each(EXAMPLE_SYSTEMS)('%s: events per kind, threads, end cycle', async (name) => {
    const t = traces.get(name)!;
    const info = JSON.parse((await cli('info', t, '--json')).stdout) as { events: Record<string, number>; threads: { id: number; name: string }[]; cycles: number };
    const byKind = (await sqlJson<{ kind: string; n: number }>(t, 'SELECT kind, SUM(count) AS n FROM events GROUP BY kind'));
    expect(Object.fromEntries(byKind.map((r) => [r.kind, r.n]))).toEqual(Object.fromEntries(Object.entries(info.events).filter(([, n]) => n > 0)));
    expect((await sqlJson(t, 'SELECT id, name FROM threads ORDER BY id'))).toEqual(info.threads);
    expect(info.threads.length).toBeGreaterThan(0);
    expect((await sqlJson<{ value: string }>(t, "SELECT value FROM meta WHERE key = 'cycles'"))[0].value).toBe(String(info.cycles));
    // Every event `events --json` lists is there, field for field, under its id.
    const listed = JSON.parse((await cli('events', t, '--json')).stdout) as ({ id: number } & Record<string, unknown>)[];
    const db = new Database(`${t}.db`, { readonly: true });
    try {
      expect(queryEvents(db).map((e) => ({ id: e.id, ...e.event }))).toEqual(listed);
    } finally { db.close(); }
    // Syscalls and budget rows are one per event of their kind.
    expect((await sqlJson<{ n: number }>(t, 'SELECT COUNT(*) AS n FROM syscalls'))[0].n).toBe(info.events.syscall);
    expect((await sqlJson<{ n: number }>(t, 'SELECT COUNT(*) AS n FROM budget'))[0].n).toBe(info.events.budget ?? 0);
    expect((await sqlJson<{ n: number }>(t, 'SELECT COUNT(*) AS n FROM ipc'))[0].n).toBe((info.events.ipc ?? 0) + (info.events.signal ?? 0));
  }, 60_000);

  it('threads carry priority and scheduling-context budget / period', async () => {
    const rows = (await sqlJson<{ name: string; priority: number; budget_us: number; period_us: number }>(traces.get('realtime')!, 'SELECT name, priority, budget_us, period_us FROM threads ORDER BY id'));
    expect(rows.every((r) => r.priority !== null && r.budget_us > 0)).toBe(true);
    expect(rows.some((r) => r.period_us > 0)).toBe(true);
  });
});

describe('thread_states', () => {
  it.each(EXAMPLE_SYSTEMS)('%s: intervals tile each thread from its creation to the end, no gaps or overlaps', async (name) => {
    const t = traces.get(name)!;
    const end = Number((await sqlJson<{ value: string }>(t, "SELECT value FROM meta WHERE key = 'cycles'"))[0].value);
    const threads = (await sqlJson<{ id: number; first_cycle: number }>(t, 'SELECT id, first_cycle FROM threads'));
    const rows = (await sqlJson<{ thread: number; state: string; start_cycle: number; end_cycle: number }>(t, 'SELECT thread, state, start_cycle, end_cycle FROM thread_states ORDER BY thread, start_cycle'));
    let running = 0;
    for (const th of threads) {
      const iv = rows.filter((r) => r.thread === th.id);
      expect(iv.length).toBeGreaterThan(0);
      expect(iv[0].start_cycle).toBe(th.first_cycle);
      for (let i = 0; i < iv.length; i++) {
        expect(iv[i].end_cycle).toBeGreaterThan(iv[i].start_cycle);
        if (i > 0) expect(iv[i].start_cycle).toBe(iv[i - 1].end_cycle);
      }
      expect(iv[iv.length - 1].end_cycle).toBe(end);
      running += iv.filter((r) => r.state === 'running').length;
    }
    expect(running).toBeGreaterThan(0);
    // One CPU: running intervals of different threads never overlap.
    const run = rows.filter((r) => r.state === 'running').sort((a, b) => a.start_cycle - b.start_cycle);
    for (let i = 1; i < run.length; i++) expect(run[i].start_cycle).toBeGreaterThanOrEqual(run[i - 1].end_cycle);
  });
});

describe('seltrace sql', () => {
  it('refuses writes, ATTACH and bad SQL with one line and exit 2; the index is unchanged', async () => {
    const t = traces.get('hello')!;
    const before = readFileSync(`${t}.db`);
    for (const q of ['DELETE FROM events', "INSERT INTO meta VALUES ('a', 'b')", 'DROP TABLE events', 'CREATE TABLE x (a)', "ATTACH 'other.db' AS o",
      '/* c */ attach database ? as o', "PRAGMA user_version = 3", "VACUUM INTO '/tmp/x.db'", 'BEGIN', 'SELEC 1', 'SELECT nope FROM events']) {
      const r = (await cli('sql', t, q));
      expect(r.status, q).toBe(2);
      expect(r.stderr.trim().split('\n'), q).toHaveLength(1);
      expect(r.stderr, q).toMatch(/^seltrace: sql: /);
      expect(r.stdout).toBe('');
    }
    expect((await cli('sql', t, 'SELEC 1')).stderr).toMatch(/near "SELEC": syntax error \(at character 1/);
    expect(readFileSync(`${t}.db`).equals(before)).toBe(true);
  });

  it('prints an aligned table, JSON objects and CSV with a header; --limit stops early', async () => {
    const t = traces.get('realtime')!;
    const q = 'SELECT id, name, priority FROM threads ORDER BY id';
    const table = (await cli('sql', t, q)).stdout.split('\n');
    expect(table[0]).toMatch(/^id\s+name\s+priority$/);
    expect(table[1]).toMatch(/^-+\s+-+\s+-+$/);
    const widths = table.slice(2, 6).map((l) => l.length);
    expect(new Set(widths).size).toBe(1);
    expect((await cli('sql', t, q, '--csv')).stdout.split('\n')[0]).toBe('id,name,priority');
    expect((await cli('sql', t, q, '--csv')).stdout.trim().split('\n')).toHaveLength(5);
    const j = JSON.parse((await cli('sql', t, q, '--json', '--limit', '2')).stdout) as { id: number }[];
    expect(j).toHaveLength(2);
    expect(Object.keys(j[0])).toEqual(['id', 'name', 'priority']);
  });

  it('streams a large result', async () => {
    const r = (await cli('sql', traces.get('uartspam')!, 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT i FROM n', '--csv'));
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(300002);
  });
});

describe('event queries over coalesced runs agree with a plain scan', () => {
  it.each(['uartspam', 'ecallstorm', 'realtime', 'client-server-driver'])('%s', async (name) => {
    const db = new Database(`${traces.get(name)!}.db`, { readonly: true });
    try {
      const all = queryEvents(db);
      expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i));
      for (let i = 1; i < all.length; i++) {
        expect(all[i].instret >= all[i - 1].instret && all[i].cycle >= all[i - 1].cycle).toBe(true);
      }
      let seed = 12345;
      const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
      const kindsets: (EventKind[] | undefined)[] = [undefined, ['trap'], ['uart'], ['schedule', 'ipc'], ['syscall', 'uart']];
      const after = (x: { instret: number; cycle: number }, i: number, c: number): boolean => x.instret > i || (x.instret === i && x.cycle > c);
      const before = (x: { instret: number; cycle: number }, i: number, c: number): boolean => x.instret < i || (x.instret === i && x.cycle < c);
      for (let n = 0; n < 60; n++) {
        const e = all[rnd(all.length)];
        expect(eventById(db, e.id)).toEqual(e);
        for (const [i, c] of [[e.instret, e.cycle], [e.instret, e.cycle + 1], [e.instret + 1, e.cycle + 3]]) {
          for (const ks of kindsets) {
            const m = all.filter((x) => ks === undefined || ks.includes(x.kind));
            expect(neighbourEvent(db, '>', i, c, ks)?.id).toBe(m.find((x) => after(x, i, c))?.id);
            expect(neighbourEvent(db, '<', i, c, ks)?.id).toBe(m.filter((x) => before(x, i, c)).pop()?.id);
          }
        }
        const around = eventsAround(db, { instret: e.instret, cycle: e.cycle }, {}, 5, 5);
        const k = all.findIndex((x) => !before(x, e.instret, e.cycle));
        expect(around.past.map((x) => x.id)).toEqual(all.slice(Math.max(0, k - 5), k).map((x) => x.id));
        expect(around.future.map((x) => x.id)).toEqual(all.slice(k, k + 5).map((x) => x.id));
        const from = e.cycle, to = e.cycle + 500;
        expect(queryEvents(db, { from, to }).map((x) => x.id)).toEqual(all.filter((x) => x.cycle >= from && x.cycle <= to).map((x) => x.id));
        // The same with a thread, kinds and a limit (windows are id ranges through the cycle index).
        const th = all[rnd(all.length)].thread ?? undefined;
        const wide = { from: e.cycle - rnd(200_000), to: e.cycle + rnd(200_000) };
        const inWide = (x: EventRow): boolean => x.cycle >= wide.from && x.cycle <= wide.to;
        expect(queryEvents(db, { ...wide, thread: th }).map((x) => x.id)).toEqual(all.filter((x) => inWide(x) && (th === undefined || x.thread === th)).map((x) => x.id));
        for (const ks of kindsets) {
          if (ks === undefined) continue;
          expect(queryEvents(db, { ...wide, kind: ks, limit: 7 }).map((x) => x.id)).toEqual(all.filter((x) => inWide(x) && ks.includes(x.kind)).slice(0, 7).map((x) => x.id));
          expect(eventsIn(db, wide.from, wide.to, ks, 1000)).toEqual(all.filter((x) => x.cycle >= wide.from && x.cycle < wide.to && ks.includes(x.kind)).slice(0, 1000));
          // Several kinds, or a thread, around a point: nearest first on each side.
          const a = eventsAround(db, { instret: e.instret, cycle: e.cycle }, { kinds: ks, thread: th }, 4, 4);
          const m = all.filter((x) => ks.includes(x.kind) && (th === undefined || x.thread === th));
          const j = m.findIndex((x) => !before(x, e.instret, e.cycle));
          const cut = j < 0 ? m.length : j;
          expect(a.past).toEqual(m.slice(Math.max(0, cut - 4), cut));
          expect(a.future).toEqual(m.slice(cut, cut + 4));
        }
        // The running thread by the last schedule event at or before a cycle / an instret.
        const sched = all.filter((x) => x.kind === 'schedule');
        for (const c of [e.cycle - 1, e.cycle, e.cycle + 1]) {
          expect(runningThreadAt(db, c)).toBe(sched.filter((x) => x.cycle <= c).pop()?.thread ?? null);
          expect(runningThreadAtInstret(db, e.instret + c - e.cycle)).toBe(sched.filter((x) => x.instret <= e.instret + c - e.cycle).pop()?.thread ?? null);
        }
        const states = new Map(all.filter((x) => x.kind === 'thread_state' && x.cycle < e.cycle).map((x) => [x.thread, x]));
        const lastSched = sched.filter((x) => x.cycle < e.cycle).pop();
        expect(stateEventsBefore(db, e.cycle)).toEqual([...states.values(), ...(lastSched ? [lastSched] : [])].sort((x, y) => x.id - y.id));
      }
    } finally { db.close(); }
  }, 60_000);
});

interface TraceEv { ph: string; pid: number; tid: number; name: string; ts: number; dur?: number; id?: number; cat?: string; args?: Record<string, unknown>; }

function checkPerfetto(file: string, fromUs: number, toUs: number): { slices: number; flows: number } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEv[] };
  const evs = doc.traceEvents;
  const named = new Set(evs.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.tid));
  const eps = 1e-6;
  const slices = evs.filter((e) => e.ph === 'X');
  const byTid = new Map<number, TraceEv[]>();
  for (const s of slices) {
    expect(named.has(s.tid)).toBe(true);
    expect(s.ts).toBeGreaterThanOrEqual(fromUs - eps);
    expect(s.ts + s.dur!).toBeLessThanOrEqual(toUs + eps);
    expect(s.dur!).toBeGreaterThanOrEqual(0);
    byTid.set(s.tid, [...(byTid.get(s.tid) ?? []), s]);
  }
  for (const list of byTid.values()) {
    // State slices of one thread never overlap; any two slices are disjoint or nested.
    const states = list.filter((s) => s.cat === 'state').sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < states.length; i++) expect(states[i].ts).toBeGreaterThanOrEqual(states[i - 1].ts + states[i - 1].dur! - eps);
    const sorted = [...list].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: TraceEv[] = [];
    for (const s of sorted) {
      while (stack.length > 0 && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= s.ts + eps) stack.pop();
      const top = stack[stack.length - 1];
      if (top !== undefined) expect(s.ts + s.dur!, `${s.name}@${s.ts} inside ${top.name}@${top.ts}`).toBeLessThanOrEqual(top.ts + top.dur! + eps);
      stack.push(s);
    }
  }
  const starts = new Map(evs.filter((e) => e.ph === 's').map((e) => [e.id, e]));
  const ends = new Map(evs.filter((e) => e.ph === 'f').map((e) => [e.id, e]));
  expect([...starts.keys()].sort()).toEqual([...ends.keys()].sort());
  for (const [id, s] of starts) {
    const f = ends.get(id)!;
    expect(f.ts).toBeGreaterThanOrEqual(s.ts);
    expect(named.has(s.tid) && named.has(f.tid)).toBe(true);
  }
  return { slices: slices.length, flows: starts.size };
}

describe('seltrace export --format perfetto', () => {
  it.each(EXAMPLE_SYSTEMS)('%s: valid JSON, slices inside the recording, properly nested, flows with both ends', async (name) => {
    const t = traces.get(name)!;
    const out = join(dir, `${name}.json`);
    const r = (await cli('export', t, '-o', out));
    expect(r.status, r.stderr).toBe(0);
    const cpu = Number((await sqlJson<{ value: string }>(t, "SELECT value FROM meta WHERE key = 'cycles_per_us'"))[0].value);
    const end = Number((await sqlJson<{ value: string }>(t, "SELECT value FROM meta WHERE key = 'cycles'"))[0].value);
    const s = checkPerfetto(out, 0, end / cpu);
    expect(s.slices).toBeGreaterThan(0);
    const running = (await sqlJson<{ n: number }>(t, "SELECT COUNT(*) AS n FROM thread_states WHERE state = 'running'"))[0].n;
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: TraceEv[] };
    expect(doc.traceEvents.filter((e) => e.ph === 'X' && e.name === 'running')).toHaveLength(running);
  });

  it('has flows, IRQ instants and budget counters where the system has them; --from/--to cut a window', async () => {
    const t = traces.get('realtime')!;
    const out = join(dir, 'rt.json');
    expect((await cli('export', t, '-o', out)).status).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: TraceEv[] };
    expect(doc.traceEvents.some((e) => e.ph === 'i' && e.cat === 'irq')).toBe(true);
    expect(doc.traceEvents.some((e) => e.ph === 'C')).toBe(true);
    expect(doc.traceEvents.some((e) => e.ph === 's')).toBe(true);
    const win = join(dir, 'rt-window.json');
    expect((await cli('export', t, '-o', win, '--from', '200000', '--to', '400000')).status).toBe(0);
    const s = checkPerfetto(win, 2000, 4000);
    expect(s.slices).toBeGreaterThan(0);
    expect(statSync(win).size).toBeLessThan(statSync(out).size);
  });

  it('csv: the events with a header; bad flags are one line, exit 2', async () => {
    const t = traces.get('hello')!;
    const out = join(dir, 'hello.csv');
    expect((await cli('export', t, '--format', 'csv', '-o', out)).status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,cycle,instret,kind,thread,object,description');
    const info = JSON.parse((await cli('info', t, '--json')).stdout) as { events: Record<string, number> };
    expect(lines.length - 1).toBe(Object.values(info.events).reduce((a, b) => a + b, 0));
    for (const args of [['--format', 'svg'], ['--from', '9', '--to', '3']]) {
      const r = (await cli('export', t, '-o', out, ...args));
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
