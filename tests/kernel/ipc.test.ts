import { describe, expect, it } from 'vitest';
import { bootThreads, events, guest } from './helpers.js';
import { Right } from '../../emulator/kernel/abi.js';

const W = Right.Write, R = Right.Read, G = Right.Grant, GR = Right.GrantReply;

function rendezvous(receiverPrio: number, senderPrio: number) {
  return bootThreads({
    objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' } },
    threads: [
      { name: 'receiver', elf: guest('ipc_recv'), priority: receiverPrio, caps: { 1: { object: 'ep', rights: R }, 3: { object: 'reply' } } },
      { name: 'sender', elf: guest('ipc_send'), priority: senderPrio, caps: { 1: { object: 'ep', rights: W, badge: 0xbn } } },
    ],
  });
}

describe('endpoint IPC', () => {
  it('receiver waiting first: the send transfers badge, label, length and six MRs (two via the IPC buffer)', () => {
    const b = rendezvous(20, 10);
    const stop = b.m.run(10_000_000);
    // The woken higher-priority receiver prints before the sender continues.
    expect(b.console()).toBe('R:b 7 6 11 22 33 44 55 66 \nS\n');
    expect(stop.kind).toBe('halt'); // everyone blocked: the receiver waits again
    const ipc = events<{ sender: number; receiver: number; badge: string; label: string; length: number; transfer: string }>(b.log, 'ipc');
    expect(ipc).toHaveLength(1);
    expect(ipc[0]).toMatchObject({ transfer: 'send', sender: b.tid('sender'), receiver: b.tid('receiver'), badge: '11', label: '7', length: 6 });
  });

  it('sender first: it blocks on send, and the receiver gets the message as soon as it receives', () => {
    const b = rendezvous(10, 20);
    b.m.run(10_000_000);
    // Sender runs first and blocks; the receiver's Recv completes the rendezvous; the woken
    // higher-priority sender preempts the receiver before it prints.
    expect(b.console()).toBe('S\nR:b 7 6 11 22 33 44 55 66 \n');
    const states = events<{ thread: number; state: string }>(b.log, 'state').filter((e) => e.thread === b.tid('sender'));
    expect(states.map((s) => s.state)).toContain('blocked-send');
  });

  it('Call / ReplyRecv with a reply object: the server answers MR0 + 1 each time', () => {
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'server', elf: guest('server'), priority: 20, caps: { 1: { object: 'ep', rights: R }, 2: { object: 'reply' } } },
        { name: 'client', elf: guest('client'), priority: 10, caps: { 1: { object: 'ep', rights: W | G | GR, badge: 1n } } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('11 21 31 done\n');
    const kinds = events<{ transfer: string }>(b.log, 'ipc').map((e) => e.transfer);
    expect(kinds).toEqual(['call', 'reply', 'call', 'reply', 'call', 'reply']);
    // The client was blocked on the reply object while the server worked.
    const clientStates = events<{ thread: number; state: string }>(b.log, 'state').filter((e) => e.thread === b.tid('client'));
    expect(clientStates.filter((s) => s.state === 'blocked-reply')).toHaveLength(3);
  });

  it('a Call without grant rights cannot create a reply: the caller is left inactive', () => {
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'server', elf: guest('server'), priority: 20, caps: { 1: { object: 'ep', rights: R }, 2: { object: 'reply' } } },
        { name: 'client', elf: guest('client'), priority: 10, caps: { 1: { object: 'ep', rights: W, badge: 1n } } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('');
    expect(b.k.threads().find((t) => t.name === 'client')?.state).toBe('inactive');
  });
});

describe('endpoint queues', () => {
  it('blocked senders are served highest priority first, FIFO among equals', () => {
    const sender = (name: string, priority: number, badge: bigint) =>
      ({ name, elf: guest('ipc_send'), priority, caps: { 1: { object: 'ep', rights: W, badge } } });
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'receiver', elf: guest('ipc_recv'), priority: 5, caps: { 1: { object: 'ep', rights: R }, 3: { object: 'reply' } } },
        sender('s10', 10, 1n), sender('s30', 30, 3n), sender('s20a', 20, 2n), sender('s20b', 20, 4n),
      ],
    });
    b.m.run(10_000_000);
    const badges = b.console().split('\n').filter((l) => l.startsWith('R:')).map((l) => l.slice(2).split(' ')[0]);
    expect(badges).toEqual(['3', '2', '4', '1']);
  });
});

describe('notifications', () => {
  it('OR badges together while nobody waits; Wait returns the word and clears it', () => {
    const b = bootThreads({
      objects: { n: { type: 'notification' } },
      threads: [
        { name: 'waiter', elf: guest('ntfn_wait'), priority: 5, caps: { 1: { object: 'n', rights: R } } },
        { name: 'signaller', elf: guest('signaller'), priority: 10, caps: { 1: { object: 'n', rights: W, badge: 1n }, 2: { object: 'n', rights: W, badge: 4n } } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('5 0 \n');
    const sig = events<{ badge: string; woke: number | null }>(b.log, 'signal');
    expect(sig.map((s) => [s.badge, s.woke])).toEqual([['1', null], ['4', null], ['1', null]]);
  });

  it('a signal to a higher-priority waiter preempts the signaller at once', () => {
    const b = bootThreads({
      objects: { n: { type: 'notification' } },
      threads: [
        { name: 'low', elf: guest('low_signal'), priority: 10, caps: { 1: { object: 'n', rights: W, badge: 2n } } },
        { name: 'high', elf: guest('high_wait'), priority: 20, caps: { 1: { object: 'n', rights: R } } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('aH2b\n');
    const sched = events<{ from: number | null; to: number | null; reason: string }>(b.log, 'schedule');
    expect(sched).toContainEqual(expect.objectContaining({ from: b.tid('low'), to: b.tid('high'), reason: 'preempt' }));
  });
});
