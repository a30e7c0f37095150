import { describe, expect, it } from 'vitest';
import { bootThreads, events, guest, symbol } from './helpers.js';
import { CapType, Right } from '../../emulator/kernel/abi.js';
import type { Cap } from '../../emulator/kernel/objects.js';

const R = Right.Read;

describe('capabilities and CNode invocations', () => {
  it('mint, copy, send through the copy, errors, revoke, delete and move', () => {
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'receiver', elf: guest('ipc_recv'), priority: 20, caps: { 1: { object: 'ep', rights: R }, 3: { object: 'reply' } } },
        { name: 'ops', elf: guest('cnode_ops'), priority: 10, caps: { 1: { object: 'ep' }, 2: { cspace: 'ops' } } },
      ],
    });
    b.m.run(10_000_000);
    // mint 0, copy 0, (receiver sees badge 42), DeleteFirst 8, FailedLookup 6 (source, DepthMismatch 3),
    // revoke 0, call on revoked copy -> InvalidCapability 2 (cap 0), delete 0, InvalidCapability 2,
    // move 0, (receiver sees badge 0), InvalidCapability 2.
    expect(b.console()).toBe(
      '0 0 R:42 0 1 99 0 0 0 0 0 \n' +
      '8 6 1 3 0 2 0 0 2 0 R:0 0 1 77 0 0 0 0 0 \n' +
      '2 \n');
    const ops = events<{ op: string; badge: string; error: number; destSlot: number }>(b.log, 'capop');
    expect(ops.map((o) => o.op)).toEqual(['mint', 'copy', 'revoke', 'delete', 'move']);
    expect(ops[0]).toMatchObject({ badge: '66', destSlot: 10, error: 0 });
    // The final CSpace: 10 and 11 empty, the endpoint moved from 1 to 12.
    const cnode = b.k.cnode((b.k.tcb(b.tid('ops')).slots[0] as Cap).obj);
    expect(cnode.slots[1]).toBeNull();
    expect(cnode.slots[10]).toBeNull();
    expect(cnode.slots[11]).toBeNull();
    expect(cnode.slots[12]?.type).toBe(CapType.Endpoint);
  });

  it('invoking an empty slot replies InvalidCapability; a guard mismatch is a cap fault', () => {
    const b = bootThreads({
      objects: { fep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'handler', elf: guest('fault_handler'), priority: 50, caps: { 1: { object: 'fep', rights: R }, 3: { object: 'reply' } } },
        { name: 'bad', elf: guest('badcap'), priority: 10, faultEndpoint: { object: 'fep', badge: 0xf0n } },
      ],
    });
    b.m.run(10_000_000);
    const lines = b.console().split('\n');
    expect(lines[0]).toBe('E:2 1 0 '); // label InvalidCapability, 1 MR: cap number 0
    // CapFault: badge, label 1, 7 MRs: IP, CPtr, in-receive-phase 0, GuardMismatch (4), bits left 64,
    // guard found (the cap's guard: 0), guard size 56.
    const faultPc = symbol('badcap', '_start');
    const f = lines[1].split(' ');
    expect(f.slice(0, 3)).toEqual(['F:f0', '1', '7']);
    expect(parseInt(f[3], 16)).toBeGreaterThan(faultPc);
    expect(f.slice(4, 10)).toEqual(['100000000000001', '0', '4', '40', '0', '38']);
    const faults = events<{ type: string; handled: boolean; addr: string }>(b.log, 'fault');
    expect(faults).toEqual([expect.objectContaining({ type: 'CapFault', handled: true, addr: String(0x100000000000001n) })]);
  });

  it('Untyped_Retype creates working objects and reports NotEnoughMemory', () => {
    const b = bootThreads({
      objects: { ut: { type: 'untyped', size: 12 } },
      threads: [{ name: 'rt', elf: guest('retype'), priority: 10, caps: { 2: { cspace: 'rt' }, 5: { object: 'ut' } } }],
    });
    b.m.run(10_000_000);
    // retype ep: 0, identify slot 20: endpoint (4), retype ntfn: 0, mint: 0, NBWait: badge 3,
    // retype a 4 KiB frame: NotEnoughMemory (10); MR0 = bytes left after aligning the free
    // pointer up to the frame size (seL4 computes it after alignment): none.
    const parts = b.console().trim().split(' ');
    expect(parts.slice(0, 5)).toEqual(['0', '4', '0', '0', '3']);
    expect(parts[5]).toBe('a');
    expect(parts[6]).toBe('0');
    const ut = b.k.s.objects.find((o) => o !== null && o.kind === 'untyped');
    expect(ut?.kind === 'untyped' && ut.freeOffset).toBe(128); // endpoint at 0 (16 B), notification aligned to 64
    const retypes = events<{ op: string; srcObject: number }>(b.log, 'capop').filter((o) => o.op === 'retype');
    expect(retypes).toHaveLength(2);
    const objs = events<{ type: string; owner: number | null }>(b.log, 'object').filter((o) => o.owner === b.tid('rt'));
    expect(objs.map((o) => o.type).slice(-2)).toEqual(['Endpoint', 'Notification']);
  });

  it('notification caps without the write right cannot signal', () => {
    const b = bootThreads({
      objects: { n: { type: 'notification' } },
      threads: [
        { name: 'low', elf: guest('low_signal'), priority: 10, caps: { 1: { object: 'n', rights: R } } },
        { name: 'high', elf: guest('high_wait'), priority: 20, caps: { 1: { object: 'n', rights: R } } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('ab\n'); // Send on a read-only cap: InvalidCapability, silently (not a Call)
    expect(events(b.log, 'signal')).toEqual([]);
  });

  it('IPC cap transfer: one cap moves to the receive slot, a cap to the same endpoint is unwrapped to its badge', () => {
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' }, n: { type: 'notification' } },
      threads: [
        { name: 'recv', elf: guest('xfer_recv'), priority: 20, caps: { 1: { object: 'ep', rights: R }, 2: { cspace: 'recv' }, 3: { object: 'reply' } } },
        {
          name: 'send', elf: guest('xfer_send'), priority: 10,
          caps: { 1: { object: 'ep', rights: Right.Write | Right.Grant, badge: 0x77n }, 2: { object: 'n', rights: Right.Write, badge: 0x10n } },
        },
        { name: 'waiter', elf: guest('ntfn_wait'), priority: 5, caps: { 1: { object: 'n', rights: R } } },
      ],
    });
    b.m.run(10_000_000);
    // badge 77, label 9, 2 extra caps, cap 1 unwrapped (mask 2), MR0 5a, its badge 77, slot 40 holds a
    // notification (6); signalling it reaches the waiter with the transferred cap's badge 10.
    expect(b.console()).toBe('X:77 9 2 2 5a 77 6 \n10 0 \n');
    const transfer = events<{ op: string; destSlot: number; badge: string }>(b.log, 'capop').filter((o) => o.op === 'transfer');
    expect(transfer).toEqual([expect.objectContaining({ destSlot: 40, badge: '16' })]);
  });

  it('without the grant right no cap is transferred', () => {
    const b = bootThreads({
      objects: { ep: { type: 'endpoint' }, reply: { type: 'reply' }, n: { type: 'notification' } },
      threads: [
        { name: 'recv', elf: guest('xfer_recv'), priority: 20, caps: { 1: { object: 'ep', rights: R }, 2: { cspace: 'recv' }, 3: { object: 'reply' } } },
        { name: 'send', elf: guest('xfer_send'), priority: 10, caps: { 1: { object: 'ep', rights: Right.Write, badge: 0x77n }, 2: { object: 'n', rights: Right.Write } } },
      ],
    });
    b.m.run(10_000_000);
    expect(b.console()).toBe('X:77 9 0 0 5a 0 0 \n');
  });

  it('frames: retype, Page_Map into the VSpace, use, GetAddress, errors, Unmap', () => {
    const b = bootThreads({
      objects: { ut: { type: 'untyped', size: 14 } },
      threads: [{ name: 'pm', elf: guest('pagemap'), priority: 10, caps: { 2: { cspace: 'pm' }, 3: { vspace: 'pm' }, 5: { object: 'ut' } } }],
    });
    b.m.run(10_000_000);
    const frame = b.k.s.objects.find((o) => o !== null && o.kind === 'frame' && o.name.startsWith('page@'));
    expect(frame?.kind).toBe('frame');
    const pa = frame?.kind === 'frame' ? frame.paddr : 0;
    expect(pa).toBe(b.k.untyped(b.k.s.objects.find((o) => o?.kind === 'untyped')?.id ?? 0).paddr);
    const lines = b.console().split('\n');
    expect(lines[0]).toBe(`0 0 abc 0 ${pa.toString(16)} 6 0 `);
    expect(lines[1]).toBe(`Caught vm fault on data at address 0x210000 with status 0x5`);
    expect(b.k.faults()[0].pc).toBe(symbol('pagemap', 'touch_unmapped'));
  });
});
