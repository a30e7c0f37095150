/**
 * tests/systems/pipeline: a sensor → filter → actuator pipeline on a timer IRQ, with a passive
 * server shared with a low-priority logger whose budget runs out inside it. The deadline analysis
 * must explain every miss through what the recording shows, up to its very end.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { analyseDeadlines, type Miss, type DeadlineReport } from '../../replay/analysis/deadlines.js';
import { recordImage } from '../analysis/helpers.js';

const IMAGE = decodeURIComponent(new URL('./pipeline/image.elf', import.meta.url).pathname);
const addsUp = (m: Miss): void => { expect(m.causes.reduce((n, c) => n + c.cycles, 0)).toBe(m.response); };
const largest = (m: Miss) => [...m.causes].sort((a, b) => b.cycles - a.cycles)[0];

describe('pipeline system: deadline misses explained causally', () => {
  let db: Database.Database;
  let r: DeadlineReport;
  beforeAll(() => { db = recordImage(IMAGE).db; r = analyseDeadlines(db); });

  it('filter queued on calib while calib is throttled on logger\'s budget (finished and unfinished jobs alike)', () => {
    const filter = r.misses.filter((m) => m.thread === 'filter');
    expect(filter.length).toBeGreaterThanOrEqual(2);
    for (const m of filter) addsUp(m);
    const first = filter[0];
    expect(largest(first)).toMatchObject({ kind: 'blocked', waitsFor: 'calib' });
    expect(largest(first).chain[1]).toMatchObject({ thread: 'calib', state: 'throttled', budgetOf: 'logger' });
    // The last job is still waiting when the halt ends the recording: no event ends its wait,
    // yet calib holds it up exactly as before (was: "blocked on nobody").
    const last = filter[filter.length - 1];
    expect(last.finish).toBeNull();
    expect(largest(last)).toMatchObject({ kind: 'blocked', waitsFor: 'calib' });
    expect(largest(last).chain.map((l) => [l.thread, l.state, l.budgetOf ?? null])).toEqual([['filter', 'blocked-send', null], ['calib', 'throttled', 'logger']]);
    // The index agrees: filter is blocked-send and calib throttled from then to the end.
    const end = (db.prepare("SELECT value FROM meta WHERE key = 'cycles'").get() as { value: string }).value;
    const tail = db.prepare(`SELECT t.name, s.state FROM thread_states s JOIN threads t ON t.id = s.thread
      WHERE s.end_cycle = ? AND t.name IN ('filter', 'calib', 'logger') ORDER BY t.name`).all(Number(end));
    expect(tail).toEqual([{ name: 'calib', state: 'throttled' }, { name: 'filter', state: 'blocked-send' }, { name: 'logger', state: 'blocked-reply' }]);
  });

  it('logger\'s unfinished call waits for calib throttled on its own budget', () => {
    const last = r.misses.filter((m) => m.thread === 'logger').at(-1)!;
    expect(last.finish).toBeNull();
    addsUp(last);
    expect(largest(last)).toMatchObject({ kind: 'blocked', waitsFor: 'calib' });
    expect(largest(last).chain[1]).toMatchObject({ thread: 'calib', state: 'throttled', budgetOf: 'logger' });
  });

  it('a receive entered with the budget exhausted (re-run after the refill) is no job boundary of its own', () => {
    // actuator's Recv runs out of budget with the next signal pending: seL4 re-runs it after the
    // refill. Was: a job of the throttled wait alone (no code of notified() in it).
    const act = r.jobs.filter((j) => j.thread === 'actuator' && j.job > 1 && j.finish !== null);
    const exhausted = db.prepare(`SELECT COUNT(*) AS n FROM syscalls c JOIN threads t ON t.id = c.thread
      WHERE t.name = 'actuator' AND c.syscall = 'Recv' AND c.result = 'budget-exhausted'`).get() as { n: number };
    expect(exhausted.n).toBeGreaterThan(0);
    expect(act.length).toBeGreaterThan(2);
    const all = r.jobs.filter((j) => j.thread === 'actuator');
    for (const j of act) {
      // From when it could start (its release, or its previous job's finish if later: backlog).
      const prev = all.find((x) => x.job === j.job - 1);
      const from = Math.max(j.release, prev?.finish ?? 0);
      const out = db.prepare(`SELECT COUNT(*) AS n FROM syscalls c JOIN threads t ON t.id = c.thread
        WHERE t.name = 'actuator' AND c.syscall = 'DebugPutChar' AND c.start_cycle >= ? AND c.start_cycle < ?`).get(from, j.finish) as { n: number };
      expect(out.n, `actuator job ${j.job} [${from}, ${j.finish}) printed nothing`).toBeGreaterThan(0);
    }
  });

  it('actuator misses come from exhausting its own 100 us budget', () => {
    const act = r.misses.filter((m) => m.thread === 'actuator');
    expect(act.length).toBeGreaterThan(0);
    for (const m of act) { addsUp(m); expect(m.causes.some((c) => c.kind === 'throttled' && c.cycles > 50_000)).toBe(true); }
  });
});
