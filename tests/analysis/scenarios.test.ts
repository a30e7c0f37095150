/** The planted scenarios (examples/<name>/README.md, "Expected explanation"), explained by the analysis. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseDeadlines, type Miss } from '../../replay/analysis/deadlines.js';
import type { CauseKind } from '../../replay/analysis/explain.js';
import { example, recordImage } from './helpers.js';

const total = (m: Miss, k: CauseKind): number => m.causes.filter((c) => c.kind === k).reduce((n, c) => n + c.cycles, 0);
const largest = (m: Miss) => [...m.causes].sort((a, b) => b.cycles - a.cycles)[0];
const addsUp = (m: Miss): void => { expect(m.causes.reduce((n, c) => n + c.cycles, 0)).toBe(m.response); };

describe('planted scenarios', () => {
  it('budget-overrun: job 3 of control is throttled after overrunning its 300 µs budget', () => {
    const r = analyseDeadlines(recordImage(example('budget-overrun')).db);
    expect(r.misses.map((m) => [m.thread, m.job])).toEqual([['control', 3]]);
    const m = r.misses[0];
    addsUp(m);
    expect(largest(m).kind).toBe('throttled');
    expect(total(m, 'throttled')).toBeGreaterThan(60_000);
    expect(total(m, 'running')).toBeGreaterThanOrEqual(45_000); // 450 µs of work > the 300 µs budget
    expect(total(m, 'preempted') + total(m, 'blocked') + total(m, 'inversion')).toBe(0);
  });

  it('interference: worker job 5 is preempted by the higher-priority burst', () => {
    const r = analyseDeadlines(recordImage(example('interference')).db);
    expect(r.misses.map((m) => [m.thread, m.job])).toEqual([['worker', 5]]);
    const m = r.misses[0];
    addsUp(m);
    const p = largest(m);
    expect(p).toMatchObject({ kind: 'preempted', by: 'burst', byPriority: 200 });
    expect(p.cycles).toBeGreaterThan(70_000);
    expect(p.cycles).toBeLessThanOrEqual(80_000);
    expect(total(m, 'running')).toBeGreaterThanOrEqual(30_000);
  });

  it('ppc-chain: client job 4 is blocked through server into the driver (chain followed transitively)', () => {
    const { db } = recordImage(example('ppc-chain'));
    expect(analyseDeadlines(db).misses).toEqual([]); // implicit deadline (period) is met
    const r = analyseDeadlines(db, { deadlines: new Map([['client', 100_000]]) });
    expect(r.misses.map((m) => [m.thread, m.job])).toEqual([['client', 4]]);
    const m = r.misses[0];
    addsUp(m);
    const b = largest(m);
    expect(b.kind).toBe('blocked');
    expect(b.waitsFor).toBe('server');
    expect(b.chain.map((l) => [l.thread, l.state])).toEqual([['client', 'blocked-reply'], ['server', 'blocked-reply'], ['driver', 'running']]);
    expect(b.cycles).toBeGreaterThanOrEqual(120_000);
    expect(total(m, 'inversion')).toBe(0);
  });

  it('irq-delay: the sensor\'s IRQ job waits behind the higher-priority console handler', () => {
    const input = readFileSync(new URL('../../examples/irq-delay/input.txt', import.meta.url));
    const { db } = recordImage(example('irq-delay'), 200_000_000, input);
    const r = analyseDeadlines(db, { deadlines: new Map([['sensor', 50_000]]) });
    const sensor = r.tasks.find((t) => t.thread === 'sensor');
    expect(sensor).toMatchObject({ kind: 'irq', jobs: 10, misses: 1 });
    expect(r.misses.map((m) => [m.thread, m.job])).toEqual([['sensor', 4]]);
    const m = r.misses[0];
    addsUp(m);
    expect(largest(m)).toMatchObject({ kind: 'preempted', by: 'console', byPriority: 200 });
    expect(largest(m).cycles).toBeGreaterThan(60_000);
    expect(total(m, 'interrupt')).toBeGreaterThan(0);
    expect(total(m, 'running')).toBeGreaterThanOrEqual(10_000);
  });
});

describe('overload: signals pending while the handler is busy (examples/overload)', () => {
  it('the job after a long one starts at its signal and is late by the backlog, not merged into one long job', () => {
    const r = analyseDeadlines(recordImage(example('overload')).db, { deadlines: new Map([['filter', 100_000]]) });
    const f = r.tasks.find((t) => t.thread === 'filter');
    // 14 jobs, as the filter itself counts them (16 releases: two fold into pending notifications).
    expect(f).toMatchObject({ kind: 'notification', jobs: 14, misses: 4, folded: 2 });
    expect(r.misses.map((m) => [m.thread, m.job])).toEqual([['filter', 6], ['filter', 7], ['filter', 12], ['filter', 13]]);
    for (const m of r.misses) addsUp(m);
    const [j6, j7] = r.misses;
    expect(largest(j6).kind).toBe('running');
    expect(total(j6, 'running')).toBeGreaterThanOrEqual(180_000);
    // Job 7 was released (its signal sent) 1 ms after job 6, while job 6 still ran: backlog until job 6 finished.
    expect(j7.release - j6.release).toBe(100_000);
    expect(largest(j7).kind).toBe('backlog');
    expect(total(j7, 'backlog')).toBe(j6.finish! - j7.release);
    expect(total(j7, 'running')).toBeGreaterThanOrEqual(30_000);
    expect(total(j7, 'running')).toBeLessThan(40_000);
    // The release 1 ms after job 7's came while job 7's was still pending: merged, lost.
    expect(j7.folded).toBe(1);
    expect(j6.folded).toBe(0);
    // The other jobs meet the 1 ms deadline.
    expect(r.jobs.filter((j) => j.thread === 'filter' && !j.missed).length).toBe(10);
  });
});

describe('a periodic PD that never yields (examples/pid-control)', () => {
  it('jobs run from the timer\'s notification to the wait; one per period, none late', () => {
    const r = analyseDeadlines(recordImage(example('pid-control')).db);
    const c = r.tasks.find((t) => t.thread === 'controller');
    expect(c).toMatchObject({ kind: 'periodic', misses: 0, deadline: 100_000 });
    expect(c!.jobs).toBeGreaterThanOrEqual(300);
    expect(c!.worstResponse).toBeLessThan(50_000);
    expect(r.misses).toEqual([]);
  });
});

describe('passive-shared: a client\'s budget runs out inside a shared passive server (examples/passive-shared)', () => {
  let r: ReturnType<typeof analyseDeadlines>;
  beforeAll(() => { r = analyseDeadlines(recordImage(example('passive-shared')).db); });
  it('the passive server is no periodic task (it is charged on its callers\' donated SCs)', () => {
    expect(r.tasks.map((t) => t.thread).sort()).toEqual(['hi', 'lo', 'mid']);
  });
  it('hi waits on the endpoint while the server is throttled on lo\'s budget', () => {
    const m = r.misses.find((x) => x.thread === 'hi' && x.job === 2);
    expect(m).toBeDefined();
    addsUp(m!);
    const b = largest(m!);
    expect(b.kind).toBe('blocked');
    expect(b.waitsFor).toBe('server');
    expect(b.chain.map((l) => [l.thread, l.state, l.budgetOf])).toEqual([['hi', 'blocked-send', undefined], ['server', 'throttled', 'lo']]);
    expect(b.cycles).toBeGreaterThan(500_000);
  });
  it('a job\'s own Call entry is its kernel time, not a wait on a server "kept off the CPU by" the job itself', () => {
    for (const m of r.misses) {
      addsUp(m);
      for (const c of m.causes) for (const l of c.chain) expect(l.by, `${m.thread} job ${m.job}`).not.toBe(m.thread);
    }
  });
  it('a Yield re-run after its budget ran out at entry is no job; a last job ends at the event loop\'s wait', () => {
    // lo: 4 jobs + the one it halts in (not 9: each exhausted Yield is re-run after the refill).
    expect(r.tasks.find((t) => t.thread === 'lo')).toMatchObject({ jobs: 5, misses: 4 });
    // hi's sixth job ends when init() returns to the event loop's receive (was: unfinished, a miss).
    const hi = r.jobs.filter((j) => j.thread === 'hi');
    expect(hi.length).toBe(6);
    expect(hi.every((j) => j.finish !== null)).toBe(true);
    expect(r.misses.filter((x) => x.thread === 'hi').map((x) => x.job)).toEqual([2]);
  });
});

describe('eight-pds: signals that arrive before a PD ever waits (examples/eight-pds)', () => {
  it('release ender\'s first job, and only the same-channel repeat is a lost release', () => {
    const r = analyseDeadlines(recordImage(example('eight-pds')).db, { deadlines: new Map([['ender', 100_000]]) });
    // ender never waited before its notification word held both bits (was: no jobs at all).
    const ender = r.jobs.filter((j) => j.thread === 'ender');
    expect(ender.length).toBe(1);
    expect(ender[0]).toMatchObject({ kind: 'notification', finish: null });
    // caller's bit 0 released it; talker's two signals on bit 1: the second merged (was: 2 lost).
    expect(r.tasks.find((t) => t.thread === 'ender')).toMatchObject({ folded: 1 });
    const m = r.misses.find((x) => x.thread === 'ender')!;
    addsUp(m);
    // The two largest parts: talker's long output, then the monitor's fault report on crasher
    // (one DebugPutChar a character: about 1k chars at 320 cycles).
    const top = [...m.causes].sort((a, b) => b.cycles - a.cycles);
    expect(top[0]).toMatchObject({ kind: 'kernel', entry: 'debugPutChar', by: 'talker' });
    expect(top[1]).toMatchObject({ kind: 'kernel', entry: 'fault', by: 'crasher' });
    expect(top[1].cycles).toBeGreaterThan(300_000);
    expect(top[1].cycles).toBeLessThan(400_000);
  });
});
