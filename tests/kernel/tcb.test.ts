import { describe, expect, it } from 'vitest';
import { bootThreads, events, guest } from './helpers.js';

describe('TCB and scheduling-context invocations', () => {
  it('SetPriority preempts in favour of the raised thread; WriteRegisters with resume restarts it', () => {
    const b = bootThreads({
      threads: [
        { name: 'main', elf: guest('tcb_ops'), priority: 50, mcp: 100, caps: { 5: { tcb: 'worker' }, 6: { schedContext: 'worker' } } },
        { name: 'worker', elf: guest('worker'), priority: 40 },
      ],
    });
    b.m.run(10_000_000);
    // worker (raised to 60) runs at once: 'w'; back in main: 'm'; restarted worker: 'w'; 'x';
    // SchedContext_Consumed on the worker's SC reports a non-zero time: '1'.
    expect(b.console()).toBe('wmwx1 \n');
    const worker = b.tid('worker');
    expect(b.k.tcb(worker).priority).toBe(60);
    const toWorker = events<{ to: number | null; reason: string }>(b.log, 'schedule').filter((s) => s.to === worker);
    expect(toWorker.map((s) => s.reason)).toEqual(['preempt', 'preempt']);
  });

  it('SchedControl_ConfigureFlags checks its range and turns a round-robin SC into a sporadic one', () => {
    const b = bootThreads({
      threads: [
        { name: 'cfg', elf: guest('sched_config'), priority: 50, caps: { 6: { schedContext: 'spin' }, 7: { schedControl: true } } },
        { name: 'spin', elf: guest('spin'), priority: 5, budgetUs: 1000 },
      ],
    });
    b.m.run(500_000);
    // RangeError (4) with MR0 = MIN_BUDGET (20 µs), MR1 = the maximum; then success (0).
    const [err, min, , ok] = b.console().trim().split(' ');
    expect([err, min, ok]).toEqual(['4', '14', '0']);
    const spin = b.k.tcb(b.tid('spin'));
    const sc = b.k.sc(spin.sc);
    expect(sc.badge).toBe(0x33n);
    expect(sc.sporadic).toBe(true);
    expect(sc.period).toBe(1000 * 100);
    const exhausted = events<{ cycle: number; sc: number; change: string }>(b.log, 'budget').filter((e) => e.change === 'exhausted' && e.sc === sc.id);
    expect(exhausted.length).toBe(5); // 100 µs per 1000 µs over 5 ms
    // Refills are one period apart (the first one started at the configure call, before the
    // spinner first ran, so the first gap is shorter).
    for (let i = 2; i < exhausted.length; i++) {
      expect(exhausted[i].cycle - exhausted[i - 1].cycle).toBeGreaterThan(99_000);
      expect(exhausted[i].cycle - exhausted[i - 1].cycle).toBeLessThan(101_500);
    }
  });
});
