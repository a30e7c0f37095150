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
});
