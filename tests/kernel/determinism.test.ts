import { describe, expect, it } from 'vitest';
import { Machine } from '../../emulator/machine.js';
import { Kernel } from '../../emulator/kernel/kernel.js';
import { bootThreads, eventLog, guest, type Booted } from './helpers.js';
import { Right } from '../../emulator/kernel/abi.js';

const INPUT = new TextEncoder().encode('#!seltrace-input\n@150000 ab\n@333333 c\n@500001 de\n');
const END = 700_000;

/** A busy little system: two sporadic spinners, a client/server pair and a UART IRQ handler. */
function boot(): Booted {
  return bootThreads({
    objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' }, n: { type: 'notification' } },
    threads: [
      { name: 'a', elf: guest('spin'), priority: 10, budgetUs: 300, periodUs: 700, sporadic: true, extraRefills: 2 },
      { name: 'b', elf: guest('spin'), priority: 10, budgetUs: 500 },
      { name: 'busy', elf: guest('busy'), priority: 10, budgetUs: 400 },
      { name: 'server', elf: guest('server'), priority: 30, caps: { 1: { object: 'ep', rights: Right.Read }, 2: { object: 'reply' } } },
      { name: 'client', elf: guest('client'), priority: 20, caps: { 1: { object: 'ep', rights: Right.Write | Right.Grant, badge: 3n } } },
      {
        name: 'uart', elf: guest('uart_irq'), priority: 100,
        caps: { 1: { object: 'n', rights: Right.Read }, 2: { irqHandler: 10, notification: 'n', badge: 1n } },
        maps: [{ vaddr: 0x1000000, paddr: 0x10000000, size: 0x1000, perms: 'rw' }],
      },
    ],
  }, {}, { input: INPUT });
}

function fingerprint(b: { m: Machine; k: Kernel }) {
  return {
    console: Buffer.from(b.m.consoleOutput()).toString('latin1'),
    cycle: b.m.cpu.cycle,
    instret: b.m.cpu.instret,
    pc: b.m.cpu.pc,
    regs: Array.from(b.m.cpu.x),
    kernel: b.k.snapshot(),
  };
}

describe('kernel time', () => {
  it('a syscall is handled at the exact cycle of its ecall (kernel costs included)', () => {
    const b = bootThreads({ threads: [{ name: 'busy', elf: guest('busy'), priority: 10, budgetUs: 5000 }] });
    b.m.run(200_000);
    const cycles = b.log.filter(([k]) => k === 'syscall').map(([, e]) => e.cycle as number);
    expect(cycles.length).toBeGreaterThan(50);
    // 2004 instructions between ecalls (one cycle each) plus the modelled put-char cost (300);
    // timer entries (budget accounting) add their own cost where they fall in between.
    const gaps = cycles.slice(1).map((c, i) => c - cycles[i]);
    expect(gaps.filter((g) => g === 2304).length).toBeGreaterThan(gaps.length - 5);
    expect(gaps.every((g) => g === 2304 || g === 2304 + 1200)).toBe(true);
    expect(cycles[0]).toBe(2003); // li, 2000 loop, li, li: the first ecall at cycle 2003
  });
});

describe('kernel costs', () => {
  const callReply = (costs: Record<string, number>) => {
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'server', elf: guest('server'), priority: 20, caps: { 1: { object: 'ep', rights: Right.Read }, 2: { object: 'reply' } } },
        { name: 'client', elf: guest('client'), priority: 10, caps: { 1: { object: 'ep', rights: Right.Write | Right.Grant, badge: 1n }, 5: { schedContext: 'server' } } },
      ],
    }, { costs });
    b.m.run(10_000_000);
    expect(b.console()).toBe('unbind:0 11 21 31 done\n');
    return b.log.filter(([k]) => k === 'schedule').map(([, e]) => e.cycle as number).at(-1) ?? 0;
  };

  it('Call to a waiting passive server and ReplyRecv returning the donated SC are charged the fastpath cost', () => {
    const base = callReply({});
    // 3 Calls + 3 ReplyRecvs take the fastpath (the SC is donated: fidelity.test.ts).
    expect(callReply({ fastpathIpc: 0 })).toBe(base - 6 * 400);
    expect(callReply({ fastpathIpc: 1400 })).toBe(base + 6 * 1000);
  });
});

describe('determinism', () => {
  it('the same system run twice gives identical output, cycle counts and event streams', () => {
    const x = boot(), y = boot();
    x.m.run(END);
    y.m.run(END);
    expect(x.console()).toContain('<ab>');
    expect(x.console()).toContain('done');
    expect(fingerprint(x)).toEqual(fingerprint(y));
    expect(x.log).toEqual(y.log);
    expect(x.log.length).toBeGreaterThan(100);
  });

  it('running in arbitrary slices equals running straight through', () => {
    const ref = boot();
    ref.m.run(END);
    const sliced = boot();
    for (let limit = 1; limit < END; limit += 3_331) sliced.m.run(limit);
    sliced.m.run(END);
    expect(fingerprint(sliced)).toEqual(fingerprint(ref));
    expect(sliced.log).toEqual(ref.log);
  });
});

describe('snapshot and restore', () => {
  for (const at of [1, 99_999, 150_003, 333_700, 512_345]) {
    it(`snapshot at ${at} -> restore in a fresh machine -> continue equals the straight run`, () => {
      const ref = boot();
      ref.m.run(END);

      const b = boot();
      b.m.run(at);
      const logAt = b.log.length;
      const ms = b.m.snapshot();
      const ks = b.k.snapshot();
      // Taking a snapshot does not disturb the run.
      b.m.run(END);
      expect(fingerprint(b)).toEqual(fingerprint(ref));

      // A fresh machine and kernel, restored from plain data (through JSON-like structure).
      const m2 = new Machine({ input: INPUT });
      const { log, observer } = eventLog();
      const k2 = new Kernel(m2, { observer });
      m2.restore(ms);
      k2.restore(structuredClone(ks));
      m2.run(END);
      expect(fingerprint({ m: m2, k: k2 })).toEqual(fingerprint(ref));
      expect(log).toEqual(ref.log.slice(logAt));

      // Rewind the original machine to the snapshot and replay.
      b.m.restore(ms);
      b.k.restore(ks);
      b.m.run(END);
      expect(fingerprint(b)).toEqual(fingerprint(ref));
    });
  }

  it('kernel snapshots are plain data: JSON round trip (bigints encoded) restores exactly', () => {
    const b = boot();
    b.m.run(250_000);
    const ks = b.k.snapshot();
    const json = JSON.stringify(ks, (_k, v) => (v instanceof Int32Array ? { i32: Array.from(v) } : v));
    const back = JSON.parse(json, (_k, v) => (v !== null && typeof v === 'object' && Array.isArray(v.i32) ? Int32Array.from(v.i32) : v));
    const ms = b.m.snapshot();
    b.m.run(END);
    const ref = fingerprint(b);
    b.m.restore(ms);
    b.k.restore(back);
    b.m.run(END);
    expect(fingerprint(b)).toEqual(ref);
  });
});
