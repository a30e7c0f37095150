import { describe, expect, it } from 'vitest';
import { analyseDeadlines } from '../../replay/analysis/deadlines.js';
import { CAUSE_KINDS } from '../../replay/analysis/explain.js';
import { loadJobs } from '../../replay/analysis/jobs-table.js';
import { example, recordImage } from './helpers.js';
import { checkIndex } from '../../tracer/index-cache.js';
import { TraceFile } from '../../tracer/trace-stream.js';

describe('deadline-miss example (README "Expected explanation")', () => {
  const { db, stream } = recordImage(example('deadline-miss'));
  const r = analyseDeadlines(db);

  it('finds exactly one miss: control\'s period-4 job', () => {
    expect(r.misses.map((m) => [m.thread, m.job])).toEqual([['control', 4]]);
    const control = r.tasks.find((t) => t.thread === 'control');
    expect(control).toMatchObject({ kind: 'periodic', jobs: 8, misses: 1, deadline: 200_000, priority: 200 });
  });

  it('explains it as a priority inversion control ← server ← logger, the largest part', () => {
    const m = r.misses[0];
    const inv = m.causes.filter((c) => c.kind === 'inversion');
    expect(inv).toHaveLength(1);
    expect(inv[0]).toMatchObject({ thread: 'control', priority: 200, waitsFor: 'server', heldOff: 'server', by: 'logger', byPriority: 100 });
    // The logger's 2500 µs flush (plus its put-chars) keeps the server off the CPU.
    expect(inv[0].cycles).toBeGreaterThan(250_000);
    expect(inv[0].cycles).toBeLessThan(265_000);
    expect(Math.max(...m.causes.map((c) => c.cycles))).toBe(inv[0].cycles);
    // The part's event is the kernel entry after which the logger holds the CPU: at or just
    // before its start, with no event in between.
    const ev = db.prepare('SELECT cycle, kind FROM events WHERE id = ?').get(inv[0].event) as { cycle: number; kind: string };
    expect(ev.cycle).toBeLessThanOrEqual(inv[0].start);
    const between = db.prepare('SELECT COUNT(*) AS n FROM events WHERE cycle > ? AND cycle < ?').get(ev.cycle, inv[0].start) as { n: number };
    expect(between.n).toBe(0);
  });

  it('names the refill sliver: the job is released with a sub-period refill and throttled', () => {
    const m = r.misses[0];
    const th = m.causes.filter((c) => c.kind === 'throttled').reduce((n, c) => n + c.cycles, 0);
    expect(th).toBeGreaterThan(100_000);
    expect(m.causes.filter((c) => c.kind === 'running').reduce((n, c) => n + c.cycles, 0)).toBeGreaterThan(0);
    expect(m.causes.filter((c) => c.kind === 'kernel').reduce((n, c) => n + c.cycles, 0)).toBeGreaterThan(0);
  });

  it('every miss: causes are exclusive kinds and add up exactly to the response time', () => {
    for (const m of r.misses) {
      expect(m.causes.reduce((n, c) => n + c.cycles, 0)).toBe(m.response);
      expect(m.response).toBe((m.finish ?? r.end) - m.release);
      expect(m.lateness).toBe((m.finish ?? r.end) - m.deadline);
      for (const c of m.causes) expect(CAUSE_KINDS).toContain(c.kind);
    }
  });

  it('stores the jobs once in the index (jobs table) and reads them back', () => {
    const stored = loadJobs(db);
    expect(stored).not.toBeNull();
    expect(stored!.filter((j) => j.thread === r.tasks.find((t) => t.thread === 'control')!.id)).toHaveLength(8);
    expect(analyseDeadlines(db)).toEqual(r);
  });

  it('an index holding the stored jobs is still ours to the index cache (no rebuild on the next open)', () => {
    const file = TraceFile.open(stream);
    try {
      const c = checkIndex(file, `${stream}.db`);
      expect('problem' in c ? c.problem : null).toBeNull();
      if (!('problem' in c)) c.db.close();
    } finally { file.close(); }
  });

  it('--deadline overrides the implicit deadline and gives event-driven threads one', () => {
    const loose = analyseDeadlines(db, { deadlines: new Map([['control', 500_000]]) });
    expect(loose.misses).toEqual([]);
    const server = analyseDeadlines(db, { deadlines: new Map([['server', 100_000]]), thread: 'server' });
    expect(server.tasks).toHaveLength(1);
    expect(server.tasks[0]).toMatchObject({ thread: 'server', kind: 'notification' });
    expect(server.misses.length).toBeGreaterThan(0);
    for (const m of server.misses) expect(m.causes.reduce((n, c) => n + c.cycles, 0)).toBe(m.response);
  });
});

describe('causes add up on every example with a deadline', () => {
  it.each(['realtime', 'client-server-driver', 'producer-consumer', 'spi-driver'])('%s', (name) => {
    const { db } = recordImage(example(name), 50_000_000);
    // A tight deadline on every thread with jobs makes misses to check.
    const tasks = analyseDeadlines(db).tasks;
    const r = analyseDeadlines(db, { deadlines: new Map(tasks.map((t) => [t.thread, 2_000])) });
    for (const m of r.misses) {
      expect(m.causes.reduce((n, c) => n + c.cycles, 0)).toBe(m.response);
      expect(m.causes.every((c) => c.cycles > 0)).toBe(true);
    }
  });
});
