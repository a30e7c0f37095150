/**
 * Parse and validate a Microkit 2.x `.system` file (riscv64, QEMU virt) into a SystemDescription.
 *
 * Every problem is an SdfError `file:line:col: element attribute: message`; the first one found
 * (in document order within each check) is reported. Deliberate choices:
 *  - Nested (child) protection domains, virtual machines, prefill and 2.3 `cspace`/`domain`
 *    extras are rejected (unknown element/attribute or "not supported yet").
 *  - A passive PD that nothing can wake (no PP caller, no peer allowed to notify it, no IRQ) is a
 *    warning, not an error: Microkit accepts it and its init() still runs once. Likewise a memory
 *    region nobody maps or names in a setvar (Microkit warns about unused regions too).
 *  - Maps must end at or below the stack's lowest address (stricter than Microkit, which only
 *    checks the start), and must not overlap within one PD. Overlap with the ELF's own segments
 *    needs the ELF and is the packer's job.
 */
import * as path from 'node:path';
import { ElementReader } from './attrs.js';
import {
  childElements, parseChannel, parseMemoryRegion, parseProtectionDomain, unknownElement,
  type ChannelDraft, type MrDraft, type PdDraft,
} from './elements.js';
import { SdfError, at, hex, makeWarning, quote, type SdfWarning, type SourcePos } from './errors.js';
import { KERNEL_POOL_OFFSET, LARGE_PAGE_SIZE, MAX_PDS, stackBottom } from './microkit-layout.js';
import { DEFAULT_RAM_BASE } from '../../machine.js';
import type {
  ChannelDesc, ChannelEndDesc, MapDesc, MemoryRegion, PageSize, PdChannel, PdDesc, SetVarDesc,
  SystemDescription,
} from './types.js';
import { parseXml } from './xml.js';

export function parseSystem(text: string, fileName: string): SystemDescription {
  const root = parseXml(text, fileName);
  if (root.name !== 'system') {
    throw new SdfError(fileName, root.pos.line, root.pos.col, `${root.name}: the root element must be <system>`);
  }
  const sys: ElementReader = new ElementReader(fileName, root, []);
  const mrs = new Map<string, MrDraft>();
  const pds: PdDraft[] = [];
  const pdIndex = new Map<string, number>();
  const channels: ChannelDraft[] = [];

  for (const child of childElements(sys)) {
    switch (child.name) {
      case 'memory_region': {
        const mr = parseMemoryRegion(fileName, child);
        const first = mrs.get(mr.name);
        if (first) mr.r.failAttr(mr.r.required('name'), `duplicate memory region name ${quote(mr.name)} (first at ${at(first.r.el.pos)})`);
        mrs.set(mr.name, mr);
        break;
      }
      case 'protection_domain': {
        if (pds.length === MAX_PDS) sys.failAt(child.pos, `protection_domain: too many protection domains (at most ${MAX_PDS})`);
        const pd = parseProtectionDomain(fileName, child);
        const first = pdIndex.get(pd.name);
        if (first !== undefined) {
          pd.r.failAttr(pd.r.required('name'), `duplicate protection domain name ${quote(pd.name)} (first at ${at(pds[first]!.r.el.pos)})`);
        }
        pdIndex.set(pd.name, pds.length);
        pds.push(pd);
        break;
      }
      case 'channel':
        channels.push(parseChannel(fileName, child));
        break;
      default:
        unknownElement(sys, child, ['memory_region', 'protection_domain', 'channel']);
    }
  }
  if (pds.length === 0) sys.fail('at least one protection_domain is required');

  checkPhysOverlap([...mrs.values()]);
  checkRam([...mrs.values()]);
  const maps = pds.map((pd) => checkMaps(pd, mrs));
  const usedIds = checkIrqs(pds);
  const channelDescs = channels.map((ch) => resolveChannel(ch, pds, pdIndex, usedIds));
  const tables = channelTables(channelDescs, pds.length);

  const pdDescs: PdDesc[] = pds.map((pd, index) => ({
    index,
    name: pd.name,
    priority: pd.priority,
    budgetUs: pd.budgetUs,
    periodUs: pd.periodUs,
    passive: pd.passive,
    stackSize: pd.stackSize,
    programImage: pd.programImage,
    programImageForSymbols: pd.programImageForSymbols,
    maps: maps[index]!,
    irqs: pd.irqs.map(({ irq, id, trigger, r }) => ({ irq, id, trigger, pos: r.el.pos })),
    setvars: setvarsOf(pd, mrs, maps[index]!),
    channels: tables[index]!,
    pos: pd.r.el.pos,
  }));
  const memoryRegions = [...mrs.values()].map((mr) => finishRegion(mr, pdDescs));
  return {
    fileName,
    source: text,
    memoryRegions,
    pds: pdDescs,
    channels: channelDescs,
    warnings: warningsFor(fileName, pdDescs, memoryRegions),
  };
}

/** The program image path, resolved against the directory of the `.system` file. */
export function resolveProgramImage(systemPath: string, pd: Pick<PdDesc, 'programImage'>): string {
  return path.resolve(path.dirname(systemPath), pd.programImage);
}

function range(start: number, end: number): string {
  return `[${hex(start)}..${hex(end)})`;
}

function checkPhysOverlap(mrs: readonly MrDraft[]): void {
  const placed: MrDraft[] = [];
  for (const mr of mrs) {
    if (mr.physAddr === null) continue;
    const start = mr.physAddr;
    const end = start + mr.size;
    const other = placed.find((o) => start < o.physAddr! + o.size && o.physAddr! < end);
    if (other) {
      mr.r.failAttr(mr.r.required('phys_addr'),
        `${range(start, end)} overlaps memory region ${quote(other.name)} ${range(other.physAddr!, other.physAddr! + other.size)}`);
    }
    placed.push(mr);
  }
}

/**
 * RAM belongs to the kernel: its objects, page tables and every region without a phys_addr are
 * allocated there. A region pinned into RAM could be mapped over the kernel's own structures
 * (a PD writing its page tables), so, as Microkit's tool does, phys_addr must lie outside it.
 * Regions allocated from RAM must fit in the largest RAM (`--memory 2G`): refused here with the
 * sizes; the loader checks them against the RAM of the actual run.
 */
/** The largest RAM a machine can have (`--memory` accepts up to 2G). */
const MAX_RAM_SIZE = 2 * 1024 ** 3;

function checkRam(mrs: readonly MrDraft[]): void {
  const ramStart = DEFAULT_RAM_BASE, ramEnd = DEFAULT_RAM_BASE + MAX_RAM_SIZE;
  for (const mr of mrs) {
    if (mr.physAddr === null) continue;
    const end = mr.physAddr + mr.size;
    if (mr.physAddr < ramEnd && ramStart < end) {
      mr.r.failAttr(mr.r.required('phys_addr'),
        `${range(mr.physAddr, end)} overlaps RAM ${range(ramStart, ramEnd)}, which the kernel owns (its objects and page tables live there); phys_addr is for device memory outside RAM — drop it to have the region allocated from RAM`);
    }
  }
  const pool = MAX_RAM_SIZE - KERNEL_POOL_OFFSET;
  let total = 0;
  for (const mr of mrs) {
    if (mr.physAddr !== null) continue;
    total += mr.size;
    if (total > pool) {
      mr.r.failAttr(mr.r.required('size'),
        `memory regions allocated from RAM need ${hex(total)} bytes so far, more than the ${hex(pool)} bytes the kernel can allocate even with the largest RAM (--memory 2G, minus ${hex(KERNEL_POOL_OFFSET)} reserved)`);
    }
  }
}

function checkMaps(pd: PdDraft, mrs: ReadonlyMap<string, MrDraft>): MapDesc[] {
  const limit = stackBottom(pd.stackSize);
  const done: MapDesc[] = [];
  for (const m of pd.maps) {
    const mr = mrs.get(m.mr);
    if (!mr) m.r.failAttr(m.r.required('mr'), `unknown memory region ${quote(m.mr)}`);
    const vaddrAttr = m.r.required('vaddr');
    if (m.vaddr % mr.pageSize !== 0) {
      m.r.failAttr(vaddrAttr, `${hex(m.vaddr)} is not aligned to the page size ${hex(mr.pageSize)} of memory region ${quote(mr.name)}`);
    }
    const end = m.vaddr + mr.size;
    if (end > limit) {
      m.r.failAttr(vaddrAttr,
        `map of ${quote(mr.name)} ${range(m.vaddr, end)} reaches into the stack (maps must end at or below ${hex(limit)} with stack_size ${hex(pd.stackSize)})`);
    }
    const clash = done.find((d) => m.vaddr < d.vaddr + d.size && d.vaddr < end);
    if (clash) {
      m.r.failAttr(vaddrAttr,
        `map of ${quote(mr.name)} ${range(m.vaddr, end)} overlaps the map of ${quote(clash.mr)} ${range(clash.vaddr, clash.vaddr + clash.size)} at ${at(clash.pos)}`);
    }
    done.push({
      mr: m.mr, vaddr: m.vaddr, size: mr.size, perms: m.perms, cached: m.cached,
      setvarVaddr: m.setvarVaddr, setvarSize: m.setvarSize, pos: m.r.el.pos,
    });
  }
  return done;
}

/** IRQ numbers are system-wide; IRQ ids take channel ids. Returns each PD's used ids → position. */
function checkIrqs(pds: readonly PdDraft[]): Map<number, SourcePos>[] {
  const owners = new Map<number, { pd: string; pos: SourcePos }>();
  return pds.map((pd) => {
    const ids = new Map<number, SourcePos>();
    for (const irq of pd.irqs) {
      const irqAttr = irq.r.required('irq');
      const owner = owners.get(irq.irq);
      if (owner) irq.r.failAttr(irqAttr, `IRQ ${irq.irq} is already used by protection domain ${quote(owner.pd)} at ${at(owner.pos)}`);
      owners.set(irq.irq, { pd: pd.name, pos: irqAttr.pos });
      const idAttr = irq.r.required('id');
      const first = ids.get(irq.id);
      if (first) irq.r.failAttr(idAttr, `channel id ${irq.id} is already used in protection domain ${quote(pd.name)} at ${at(first)}`);
      ids.set(irq.id, idAttr.pos);
    }
    return ids;
  });
}

function resolveChannel(
  ch: ChannelDraft,
  pds: readonly PdDraft[],
  pdIndex: ReadonlyMap<string, number>,
  usedIds: Map<number, SourcePos>[],
): ChannelDesc {
  const [a, b] = ch.ends;
  const resolve = (e: typeof a): number =>
    pdIndex.get(e.pdName) ?? e.r.failAttr(e.r.required('pd'), `unknown protection domain ${quote(e.pdName)}`);
  const ia = resolve(a);
  const ib = resolve(b);
  if (ia === ib) b.r.failAttr(b.r.required('pd'), `channel connects protection domain ${quote(b.pdName)} to itself`);
  if (a.pp && b.pp) b.r.failAttr(b.r.required('pp'), 'both ends have pp="true"; protected calls go one way only');
  for (const [e, i] of [[a, ia], [b, ib]] as const) {
    const idAttr = e.r.required('id');
    const first = usedIds[i]!.get(e.id);
    if (first) e.r.failAttr(idAttr, `channel id ${e.id} is already used in protection domain ${quote(e.pdName)} at ${at(first)}`);
    usedIds[i]!.set(e.id, idAttr.pos);
  }
  for (const [caller, ic, ie] of [[a, ia, ib], [b, ib, ia]] as const) {
    const from = pds[ic]!;
    const to = pds[ie]!;
    if (caller.pp && to.priority <= from.priority) {
      caller.r.failAttr(caller.r.required('pp'),
        `the callee must have a strictly higher priority than the caller: ${quote(from.name)} (priority ${from.priority}) calls ${quote(to.name)} (priority ${to.priority})`);
    }
  }
  const end = (e: typeof a, i: number): ChannelEndDesc => ({
    pd: i, pdName: e.pdName, id: e.id, pp: e.pp, notify: e.notify, pos: e.r.el.pos,
  });
  return { ends: [end(a, ia), end(b, ib)], pos: ch.r.el.pos };
}

function channelTables(channels: readonly ChannelDesc[], pdCount: number): PdChannel[][] {
  const tables: PdChannel[][] = Array.from({ length: pdCount }, () => []);
  channels.forEach((ch, channel) => {
    for (const k of [0, 1] as const) {
      const me = ch.ends[k];
      const peer = ch.ends[1 - k]!;
      tables[me.pd]!.push({
        id: me.id, channel, peer: peer.pd, peerName: peer.pdName, peerId: peer.id,
        notify: me.notify, notifiedBy: peer.notify, ppcall: me.pp, called: peer.pp,
      });
    }
  });
  for (const t of tables) t.sort((x, y) => x.id - y.id);
  return tables;
}

function setvarsOf(pd: PdDraft, mrs: ReadonlyMap<string, MrDraft>, maps: readonly MapDesc[]): SetVarDesc[] {
  const out: SetVarDesc[] = [];
  for (const s of pd.setvars) {
    if (!mrs.has(s.region)) s.r.failAttr(s.r.required('region_paddr'), `unknown memory region ${quote(s.region)}`);
    out.push({ kind: 'paddr', symbol: s.symbol, region: s.region, pos: s.r.el.pos });
  }
  for (const m of maps) {
    if (m.setvarVaddr !== null) out.push({ kind: 'vaddr', symbol: m.setvarVaddr, mr: m.mr, vaddr: m.vaddr, pos: m.pos });
    if (m.setvarSize !== null) out.push({ kind: 'size', symbol: m.setvarSize, mr: m.mr, size: m.size, pos: m.pos });
  }
  // Document order, whichever element the setvar came from.
  return out.sort((x, y) => x.pos.line - y.pos.line || x.pos.col - y.pos.col);
}

/** Microkit 2.x: without an explicit page_size, use 2 MiB pages when everything allows it. */
function finishRegion(mr: MrDraft, pds: readonly PdDesc[]): MemoryRegion {
  let pageSize: PageSize = mr.pageSize;
  if (!mr.explicit) {
    const aligned = (n: number): boolean => n % LARGE_PAGE_SIZE === 0;
    const vaddrs = pds.flatMap((pd) => pd.maps.filter((m) => m.mr === mr.name).map((m) => m.vaddr));
    if (aligned(mr.size) && (mr.physAddr === null || aligned(mr.physAddr)) && vaddrs.every(aligned)) pageSize = LARGE_PAGE_SIZE;
  }
  return {
    name: mr.name, size: mr.size, pageSize, pageSizeExplicit: mr.explicit, pageCount: mr.size / pageSize,
    physAddr: mr.physAddr, pos: mr.r.el.pos,
  };
}

function warningsFor(file: string, pds: readonly PdDesc[], mrs: readonly MemoryRegion[]): SdfWarning[] {
  const warnings: SdfWarning[] = [];
  for (const pd of pds) {
    if (pd.passive && pd.irqs.length === 0 && !pd.channels.some((c) => c.called || c.notifiedBy)) {
      warnings.push(makeWarning(file, pd.pos,
        `protection_domain: ${quote(pd.name)} is passive but nothing can wake it (no PP caller, no notifying peer, no IRQ); it runs init() only`));
    }
  }
  for (const mr of mrs) {
    const used = pds.some((pd) => pd.maps.some((m) => m.mr === mr.name) || pd.setvars.some((s) => s.kind === 'paddr' && s.region === mr.name));
    if (!used) warnings.push(makeWarning(file, mr.pos, `memory_region: ${quote(mr.name)} is never mapped or referenced`));
  }
  return warnings;
}
