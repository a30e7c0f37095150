import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSystem, resolveProgramImage } from '../../emulator/kernel/sdf/sdf.js';
import {
  IPC_BUFFER_VADDR, LINK_BASE, STACK_TOP, Slot, inputIsEndpoint, irqBadge, irqSlot, monitorFaultBadge,
  notificationBadge, notificationSlot, pdChannelCaps, pdMasks, ppcBadge, ppcSlot, stackBottom,
} from '../../emulator/kernel/sdf/microkit-layout.js';

const fixture = fileURLToPath(new URL('./fixtures/valid.system', import.meta.url));
const text = readFileSync(fixture, 'utf8');
const sys = parseSystem(text, 'valid.system');
const pd = (name: string) => {
  const found = sys.pds.find((p) => p.name === name);
  if (!found) throw new Error(`no PD ${name}`);
  return found;
};

describe('parseSystem on a valid multi-PD file', () => {
  it('keeps the raw text and file name', () => {
    expect(sys.source).toBe(text);
    expect(sys.fileName).toBe('valid.system');
    expect(sys.warnings).toEqual([]);
  });

  it('parses memory regions with hex, underscores, defaults and page-size choice', () => {
    expect(sys.memoryRegions.map(({ pos: _pos, ...mr }) => mr)).toEqual([
      { name: 'uart', size: 0x1000, pageSize: 0x1000, pageSizeExplicit: false, pageCount: 1, physAddr: 0x10000000 },
      { name: 'shared', size: 0x4000, pageSize: 0x1000, pageSizeExplicit: false, pageCount: 4, physAddr: null },
      // Not written, 2 MiB aligned everywhere: Microkit 2.x picks large pages.
      { name: 'big', size: 0x200000, pageSize: 0x200000, pageSizeExplicit: false, pageCount: 1, physAddr: null },
      // Written explicitly: kept.
      { name: 'small_pages', size: 0x200000, pageSize: 0x1000, pageSizeExplicit: true, pageCount: 512, physAddr: null },
    ]);
    expect(sys.memoryRegions[0]!.pos).toEqual({ line: 4, col: 5 });
  });

  it('parses PDs in order with scheduling defaults', () => {
    expect(sys.pds.map((p) => [p.index, p.name, p.priority, p.budgetUs, p.periodUs, p.passive, p.stackSize])).toEqual([
      [0, 'serial', 200, 1000, 1000, true, 0x4000],
      [1, 'client', 100, 500, 2000, false, 0x2000],
      [2, 'logger', 0, 1000, 1000, false, 0x2000],
    ]);
    expect(pd('logger').programImage).toBe('../bin/logger.elf'); // &#x2F; decoded
    expect(pd('client').programImage).toBe('build/client.elf');
    expect(pd('serial').pos).toEqual({ line: 9, col: 5 });
  });

  it('parses maps, irqs and setvars', () => {
    const serial = pd('serial');
    expect(serial.maps).toEqual([{
      mr: 'uart', vaddr: 0x2000000, size: 0x1000, perms: { read: true, write: true, execute: false },
      cached: false, setvarVaddr: 'uart_base', setvarSize: null, pos: { line: 11, col: 9 },
    }]);
    expect(serial.irqs).toEqual([{ irq: 10, id: 2, trigger: 'level', pos: { line: 12, col: 9 } }]);
    expect(serial.setvars.map((s) => [s.kind, s.symbol])).toEqual([['vaddr', 'uart_base'], ['paddr', 'uart_paddr']]);
    const client = pd('client');
    expect(client.maps[0]!.perms).toEqual({ read: true, write: false, execute: false });
    expect(client.maps[0]!.vaddr).toBe(0x4000000);
    expect(client.maps[1]!.perms).toEqual({ read: true, write: true, execute: true });
    expect(client.setvars).toEqual([
      { kind: 'vaddr', symbol: 'shared_vaddr', mr: 'shared', vaddr: 0x4000000, pos: { line: 18, col: 9 } },
      { kind: 'size', symbol: 'shared_size', mr: 'shared', size: 0x4000, pos: { line: 18, col: 9 } },
    ]);
    // Defaults: perms rw, cached true.
    expect(pd('logger').maps[0]).toMatchObject({ perms: { read: true, write: true, execute: false }, cached: true });
  });

  it('parses channels with pp/notify defaults', () => {
    expect(sys.channels.map((c) => c.ends.map((e) => [e.pdName, e.pd, e.id, e.pp, e.notify]))).toEqual([
      [['client', 1, 1, true, true], ['serial', 0, 0, false, true]],
      [['client', 1, 5, false, false], ['logger', 2, 61, false, true]],
      [['serial', 0, 1, false, true], ['logger', 2, 0, false, false]],
    ]);
  });

  it('derives each PD channel table, sorted by id', () => {
    const row = (name: string) => pd(name).channels.map((c) => ({
      id: c.id, peer: c.peerName, peerId: c.peerId, notify: c.notify, notifiedBy: c.notifiedBy, ppcall: c.ppcall, called: c.called,
    }));
    expect(row('serial')).toEqual([
      { id: 0, peer: 'client', peerId: 1, notify: true, notifiedBy: true, ppcall: false, called: true },
      { id: 1, peer: 'logger', peerId: 0, notify: true, notifiedBy: false, ppcall: false, called: false },
    ]);
    expect(row('client')).toEqual([
      { id: 1, peer: 'serial', peerId: 0, notify: true, notifiedBy: true, ppcall: true, called: false },
      { id: 5, peer: 'logger', peerId: 61, notify: false, notifiedBy: true, ppcall: false, called: false },
    ]);
    expect(row('logger')).toEqual([
      { id: 0, peer: 'serial', peerId: 1, notify: false, notifiedBy: true, ppcall: false, called: false },
      { id: 61, peer: 'client', peerId: 5, notify: true, notifiedBy: false, ppcall: false, called: false },
    ]);
    expect(pd('logger').channels[1]!.channel).toBe(1);
    expect(pd('logger').channels[1]!.peer).toBe(1);
  });

  it('computes the microkit_* masks', () => {
    expect(pdMasks(pd('serial'))).toEqual({ irqs: 0b100n, notifications: 0b11n, pps: 0n });
    expect(pdMasks(pd('client'))).toEqual({ irqs: 0n, notifications: 0b10n, pps: 0b10n });
    expect(pdMasks(pd('logger'))).toEqual({ irqs: 0n, notifications: 1n << 61n, pps: 0n });
  });

  it('lays out channel caps with Microkit slots and badges', () => {
    expect(pdChannelCaps(pd('client'))).toEqual([
      { kind: 'notification', slot: 11, channelId: 1, peer: 0, badge: 1n },
      { kind: 'ppc', slot: 75, channelId: 1, peer: 0, badge: 0x8000000000000000n },
    ]);
    expect(pdChannelCaps(pd('serial'))).toEqual([
      { kind: 'notification', slot: 10, channelId: 0, peer: 1, badge: 1n << 1n },
      { kind: 'notification', slot: 11, channelId: 1, peer: 2, badge: 1n },
      { kind: 'irq', slot: 140, channelId: 2, irq: 10, badge: 1n << 2n },
    ]);
    expect(pdChannelCaps(pd('logger'))).toEqual([
      { kind: 'notification', slot: 71, channelId: 61, peer: 1, badge: 1n << 5n },
    ]);
    expect(inputIsEndpoint(pd('serial'))).toBe(true);
    expect(inputIsEndpoint(pd('client'))).toBe(false);
  });

  it('resolves program images against the .system directory', () => {
    expect(resolveProgramImage('/a/b/valid.system', pd('logger'))).toBe('/a/bin/logger.elf');
    expect(resolveProgramImage('/a/b/valid.system', pd('client'))).toBe('/a/b/build/client.elf');
    expect(resolveProgramImage('/a/b/x.system', { programImage: '/abs/p.elf' })).toBe('/abs/p.elf');
  });
});

describe('microkit layout constants', () => {
  it('matches libmicrokit', () => {
    expect([Slot.INPUT, Slot.FAULT_EP, Slot.VSPACE, Slot.REPLY, Slot.MONITOR_EP, Slot.TCB]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([notificationSlot(0), ppcSlot(0), irqSlot(0), irqSlot(61)]).toEqual([10, 74, 138, 199]);
    expect(notificationBadge(61)).toBe(0x2000000000000000n);
    expect(irqBadge(3)).toBe(8n);
    expect(ppcBadge(61)).toBe((1n << 63n) | 61n);
    expect(monitorFaultBadge(0)).toBe(1n);
    expect([LINK_BASE, IPC_BUFFER_VADDR, STACK_TOP]).toEqual([0x200000, 0x3fffffe000, 0x3fffffd000]);
    expect(stackBottom(0x2000)).toBe(0x3fffffb000);
  });
});

describe('warnings', () => {
  const img = (n: string) => `<program_image path="${n}.elf"/>`;
  it('warns about a passive PD that nothing can wake, and about unused regions', () => {
    const s = parseSystem([
      '<system>',
      '<memory_region name="spare" size="0x1000"/>',
      `<protection_domain name="lonely" passive="true">${img('l')}</protection_domain>`,
      `<protection_domain name="woken" passive="true">${img('w')}</protection_domain>`,
      `<protection_domain name="other" priority="1">${img('o')}</protection_domain>`,
      '<channel><end pd="other" id="0"/><end pd="woken" id="0" notify="false"/></channel>',
      '</system>',
    ].join('\n'), 'w.system');
    expect(s.warnings.map((w) => w.message)).toEqual([
      'w.system:3:1: warning: protection_domain: "lonely" is passive but nothing can wake it (no PP caller, no notifying peer, no IRQ); it runs init() only',
      'w.system:2:1: warning: memory_region: "spare" is never mapped or referenced',
    ]);
  });

  it('does not warn when a passive PD can only be PP-called', () => {
    const s = parseSystem([
      '<system>',
      `<protection_domain name="srv" priority="9" passive="true">${img('s')}</protection_domain>`,
      `<protection_domain name="cli" priority="1">${img('c')}</protection_domain>`,
      '<channel><end pd="cli" id="0" pp="true" notify="false"/><end pd="srv" id="0" notify="false"/></channel>',
      '</system>',
    ].join('\n'), 'ok.system');
    expect(s.warnings).toEqual([]);
  });
});
