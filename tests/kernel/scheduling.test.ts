import { describe, expect, it } from 'vitest';
import { bootThreads, events, guest } from './helpers.js';
import { Right } from '../../emulator/kernel/abi.js';

type Sched = { cycle: number; from: number | null; to: number | null; reason: string };
type Budget = { cycle: number; sc: number; thread: number | null; change: string; amount: number; remaining: number };

const US = 100; // cycles per µs at the default 10 cycles per mtime tick (10 MHz timebase)

describe('MCS scheduling', () => {
  it('round robin between equal priorities: timeslices of the budget (budget == period)', () => {
    const b = bootThreads({
      threads: [
        { name: 'a', elf: guest('spin'), priority: 10, budgetUs: 1000 },
        { name: 'b', elf: guest('spin'), priority: 10, budgetUs: 1000 },
      ],
    });
    b.m.run(1_000_000); // 10 ms
    const a = b.tid('a'), bb = b.tid('b');
    const sched = events<Sched>(b.log, 'schedule');
    const switches = sched.filter((s) => s.reason === 'timeslice');
    expect(switches.length).toBeGreaterThanOrEqual(9);
    // Strict alternation a -> b -> a ...
    switches.forEach((s, i) => {
      expect(s.from).toBe(i % 2 === 0 ? a : bb);
      expect(s.to).toBe(i % 2 === 0 ? bb : a);
    });
    // Each slice is the 1000 µs budget less the 1 µs timer precision, plus modelled kernel time.
    const starts = [sched[0].cycle, ...switches.map((s) => s.cycle)];
    for (let i = 1; i < starts.length; i++) {
      const slice = starts[i] - starts[i - 1];
      expect(slice).toBeGreaterThanOrEqual(999 * US);
      expect(slice).toBeLessThanOrEqual(1000 * US + 3000);
    }
  });

  it('Yield gives up the rest of the timeslice: equal-priority threads alternate', () => {
    const b = bootThreads({
      threads: [
        { name: 'a', elf: guest('yielder'), priority: 10, patches: { letter: Uint8Array.of(0x61) } },
        { name: 'b', elf: guest('yielder'), priority: 10, patches: { letter: Uint8Array.of(0x62) } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('abababab');
    expect(events<Sched>(b.log, 'schedule').filter((s) => s.reason === 'yield').length).toBeGreaterThanOrEqual(7);
  });

  it('a sporadic server is throttled when its budget runs out and released at the replenishment', () => {
    const b = bootThreads({
      threads: [{ name: 'spin', elf: guest('spin'), priority: 10, budgetUs: 200, periodUs: 1000 }],
    });
    b.m.run(350_000); // 3.5 periods
    const t = b.tid('spin');
    const budget = events<Budget>(b.log, 'budget');
    const exhausted = budget.filter((e) => e.change === 'exhausted');
    const released = budget.filter((e) => e.change === 'replenished');
    expect(exhausted.length).toBe(4);
    expect(released.length).toBe(3);
    // Budget 200 µs (minus timer precision) from each release; releases one period apart.
    const boot = events<Sched>(b.log, 'schedule')[0].cycle;
    expect(exhausted[0].cycle - boot).toBeGreaterThanOrEqual(199 * US);
    expect(exhausted[0].cycle - boot).toBeLessThanOrEqual(200 * US + 2000);
    for (let i = 0; i < 3; i++) {
      expect(released[i].cycle).toBeGreaterThanOrEqual(boot + (i + 1) * 1000 * US - 10 * US - 2000);
      expect(released[i].cycle).toBeLessThanOrEqual(boot + (i + 1) * 1000 * US + 3000);
      const ran = exhausted[i + 1].cycle - released[i].cycle;
      expect(ran).toBeGreaterThanOrEqual(190 * US);
      expect(ran).toBeLessThanOrEqual(200 * US + 3000);
    }
    // While throttled the thread is reported as such and the machine idles.
    const states = events<{ thread: number; state: string }>(b.log, 'state').filter((s) => s.thread === t).map((s) => s.state);
    expect(states).toContain('throttled');
    expect(events<Sched>(b.log, 'schedule').some((s) => s.to === null && s.reason === 'idle')).toBe(true);
  });

  it('budget exhaustion with a timeout endpoint raises a Timeout fault carrying the SC badge', () => {
    const b = bootThreads({
      objects: { tep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'spin', elf: guest('spin'), priority: 10, budgetUs: 100, periodUs: 500, scBadge: 0x5cn, timeoutEndpoint: { object: 'tep', badge: 9n } },
        { name: 'handler', elf: guest('timeout_handler'), priority: 50, caps: { 1: { object: 'tep', rights: Right.Read }, 2: { object: 'reply' } } },
      ],
    });
    b.m.run(120_000); // 1.2 ms: two periods
    const lines = b.console().trim().split('\n');
    expect(lines.length).toBe(3);
    for (const l of lines) {
      const [tag, label, badge, consumed] = l.split(/[: ]/);
      expect(tag).toBe('T');
      expect(label).toBe('5'); // seL4_Fault_Timeout
      expect(badge).toBe('5c');
      expect(parseInt(consumed, 16)).toBeGreaterThanOrEqual(95);
      expect(parseInt(consumed, 16)).toBeLessThanOrEqual(110);
    }
    const faults = events<{ type: string; thread: number; handled: boolean }>(b.log, 'fault');
    expect(faults.every((f) => f.type === 'Timeout' && f.thread === b.tid('spin') && f.handled)).toBe(true);
  });

  it('a passive server runs on the caller\'s scheduling context and returns it on reply', () => {
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'server', elf: guest('server'), priority: 20, caps: { 1: { object: 'ep', rights: Right.Read }, 2: { object: 'reply' } } },
        {
          name: 'client', elf: guest('client'), priority: 10,
          caps: { 1: { object: 'ep', rights: Right.Write | Right.Grant, badge: 1n }, 5: { schedContext: 'server' } },
        },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('unbind:0 11 21 31 done\n');
    const server = b.tid('server'), client = b.tid('client');
    const serverSC = b.k.sc(b.k.tcb(client).sc); // the client's own SC ...
    expect(b.k.tcb(server).sc).toBe(0); // ... the server has none once it waits again
    expect(serverSC.tcb).toBe(client);
    // Every time the server was switched to, it got the client's SC by donation.
    const toServer = events<Sched>(b.log, 'schedule').filter((s) => s.to === server);
    expect(toServer.length).toBeGreaterThanOrEqual(3);
    expect(toServer.slice(-3).every((s) => s.reason === 'ipc-donate')).toBe(true);
    // Time the server used was charged to the client's SC, never to the server's own.
    const ownSC = b.k.s.objects.find((o) => o !== null && o.kind === 'sc' && o.name === 'server-sc');
    expect(ownSC).toBeDefined();
    const charged = events<Budget>(b.log, 'budget').filter((e) => e.change === 'charged');
    const firstDonation = toServer.find((s) => s.reason === 'ipc-donate')?.cycle ?? 0;
    expect(firstDonation).toBeGreaterThan(0);
    expect(charged.filter((e) => e.cycle >= firstDonation && e.sc === ownSC?.id)).toEqual([]);
    expect(charged.filter((e) => e.cycle >= firstDonation && e.sc === b.k.tcb(client).sc).length).toBeGreaterThan(0);
  });
});

describe('FPU context switching (seL4 lazyFPURestore on RISC-V)', () => {
  it('two threads yielding to each other each keep their own f registers and fcsr', () => {
    const b = bootThreads({
      threads: [
        { name: 'a', elf: guest('fpu_yield'), priority: 10, patches: { letter: Uint8Array.of(0x61) } },
        { name: 'b', elf: guest('fpu_yield'), priority: 10, patches: { letter: Uint8Array.of(0x62) } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('abababab');
  });
});
