import { describe, expect, it } from 'vitest';
import { bootThreads, events, guest } from './helpers.js';
import { Right } from '../../emulator/kernel/abi.js';

type Irq = { cycle: number; irq: number; phase: string; thread: number | null; notification: number | null };
type Sched = { cycle: number; from: number | null; to: number | null; reason: string };

const input = (text: string) => new TextEncoder().encode(`#!seltrace-input\n${text}\n`);

describe('interrupts', () => {
  it('a UART receive interrupt wakes the higher-priority handler at once; it stays masked until acked', () => {
    const b = bootThreads({
      objects: { n: { type: 'notification' } },
      threads: [
        { name: 'spin', elf: guest('spin'), priority: 10 },
        {
          name: 'uart', elf: guest('uart_irq'), priority: 100,
          caps: { 1: { object: 'n', rights: Right.Read }, 2: { irqHandler: 10, notification: 'n', badge: 4n } },
          maps: [{ vaddr: 0x1000000, paddr: 0x10000000, size: 0x1000, perms: 'rw' }],
        },
      ],
    }, {}, { input: input('@250000 hi\\n\n@450000 !') });
    b.m.run(600_000);
    // Each arrival: the handler drains every available byte, then acks.
    expect(b.console()).toBe('<hi\n><!>');
    const irqs = events<Irq>(b.log, 'irq');
    expect(irqs.map((e) => [e.irq, e.phase])).toEqual([
      [10, 'raise'], [10, 'deliver'], [10, 'ack'], [10, 'raise'], [10, 'deliver'], [10, 'ack'],
    ]);
    // Preemption: the spinner is switched out for the handler in the entry that took the IRQ.
    const uart = b.tid('uart'), spin = b.tid('spin');
    const sched = events<Sched>(b.log, 'schedule');
    const first = irqs[0].cycle;
    expect(first).toBeGreaterThanOrEqual(250000);
    expect(first).toBeLessThan(250000 + 10); // taken at the next instruction boundary
    expect(sched).toContainEqual({ cycle: first, from: spin, to: uart, reason: 'irq' });
    // Delivered with the handler cap's badge.
    const sig = events<{ badge: string; woke: number | null }>(b.log, 'signal');
    expect(sig[0]).toMatchObject({ badge: '4', woke: uart });
  });

  it('an IRQ raised by a device line is delivered to the bound notification and re-raised only after Ack', () => {
    const b = bootThreads({
      objects: { n: { type: 'notification' } },
      threads: [
        { name: 'spin', elf: guest('spin'), priority: 10 },
        { name: 'high', elf: guest('high_wait'), priority: 20, caps: { 1: { object: 'n', rights: Right.Read }, 2: { irqHandler: 5, notification: 'n', badge: 1n } } },
      ],
    });
    b.m.run(50_000);
    b.m.plic.setSource(5, true);
    b.m.run(100_000);
    // high_wait never acks: exactly one delivery although the line stays high.
    expect(b.console()).toBe('H1');
    expect(events<Irq>(b.log, 'irq').map((e) => e.phase)).toEqual(['raise', 'deliver']);
    expect(b.m.plic.isPending(5)).toBe(false); // claimed, in service
  });

  it('two IRQs pending together are taken back to back, before any thread runs', () => {
    const b = bootThreads({
      objects: { n: { type: 'notification' } },
      threads: [
        { name: 'spin', elf: guest('spin'), priority: 10 },
        {
          name: 'high', elf: guest('high_wait'), priority: 20,
          caps: { 1: { object: 'n', rights: Right.Read }, 2: { irqHandler: 5, notification: 'n', badge: 1n }, 3: { irqHandler: 6, notification: 'n', badge: 2n } },
        },
      ],
    });
    b.m.run(50_000);
    b.m.plic.setSource(5, true);
    b.m.plic.setSource(6, true);
    b.m.run(100_000);
    const kinds = b.log.filter(([k]) => k === 'irq' || k === 'syscall').map(([k, e]) => (k === 'irq' ? `${e.phase}${e.irq}` : `sys`));
    const firstSys = kinds.indexOf('sys', kinds.indexOf('raise5'));
    expect(kinds.slice(kinds.indexOf('raise5'), firstSys)).toEqual(['raise5', 'deliver5', 'raise6', 'deliver6']);
    // The first signal wakes the waiting handler (badge 1); the second finds it running and
    // stays pending in the notification word until its next Wait.
    expect(b.console()).toBe('H1H2');
  });
});
