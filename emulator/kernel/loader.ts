/**
 * Boot a system: build every PD's kernel objects, address space and CSpace, then start the
 * kernel. bootSystem builds a Microkit system from a parsed `.system` (Microkit 2.3 layout and
 * slots); the tests build small programmatic systems with the same Builder
 * (tests/kernel/boot-bare.ts).
 *
 * Original caps to everything the loader creates are held in a kernel-internal "boot" CNode
 * (the role Microkit's monitor CSpace plays), so caps placed in PD CSpaces are derived from
 * them and the derivation tree is the real one (revoking a boot original would remove them).
 * Physical memory for images, page tables, IPC buffers, stacks and memory regions comes from
 * the kernel's allocator (RAM above the first 2 MiB unless configured).
 */
import type { Machine } from '../machine.js';
import { parseElf, type ElfImage } from '../elf/elf-reader.js';
import type { SystemDescription, PdDesc } from './sdf/index.js';
import {
  IPC_BUFFER_VADDR, STACK_TOP, Slot, inputIsEndpoint, monitorFaultBadge, pdChannelCaps, pdMasks, schedContextBadge,
} from './sdf/index.js';
import { CapType, MIN_REFILLS, ObjType, Reg, Right, TS } from './abi.js';
import { Kernel, type KernelOptions } from './kernel.js';
import { ImageError } from './image.js';
import { TcbSlot, type Cap, type CNodeObj, type SlotRef, type TcbObj } from './objects.js';
import { cteInsert, insertNewCap, makeObjectCap, maskCapRights } from './cspace.js';
import { createObject, newTcb } from './retype.js';
import { mapLeaf, type Perms } from './vspace.js';
import { configureSchedContext, refillAbsoluteMax, schedContextBindTCB } from './sched-context.js';
import { bindNotification } from './ipc.js';
import { issueIrq, setIrqNotification } from './irq.js';
import { tcbSchedAppend, isSchedulable } from './scheduler.js';
import { ACTION_CHOOSE } from './state.js';

export const PAGE = 0x1000;
export const SC_BITS = 8;
export const RWGGR = Right.Write | Right.Read | Right.Grant | Right.GrantReply;

export type BootOptions = KernelOptions;

// ------------------------------------------------------------------ builder
export interface Held { cap: Cap; slot: SlotRef }

/** Objects of one built PD/thread. */
export interface PdParts {
  tcb: TcbObj;
  tcbH: Held;
  vspaceH: Held;
  rootPa: number;
  ipcH: Held;
  scH: Held | null;
  pages: Map<number, number>;
}

export class Builder {
  readonly k: Kernel;
  private boot: CNodeObj;
  private nextSlot = 0;

  constructor(k: Kernel, bootRadix: number) {
    this.k = k;
    const c = createObject(k, ObjType.CapTable, bootRadix, 0, false, 'boot-cspace');
    this.boot = k.cnode(c.obj);
  }

  /** Keep an original cap in the boot CNode. */
  hold(cap: Cap): Held {
    if (this.nextSlot >= this.boot.slots.length) throw new Error('loader: boot CNode is full');
    const slot = { obj: this.boot.id, index: this.nextSlot++ };
    return { cap: insertNewCap(this.k, cap, slot, 0), slot };
  }

  create(type: number, userSize: number, name: string, owner: number | null = null): Held {
    let pa = 0;
    if (type === ObjType.Page4K || type === ObjType.PageTable) pa = this.k.allocPhys(PAGE, PAGE);
    if (type === ObjType.Untyped) pa = this.k.allocPhys(2 ** userSize, 2 ** userSize);
    return this.hold(createObject(this.k, type, userSize, pa, false, name, owner));
  }

  /** Derive a cap from `src` into `dest`, optionally with fewer rights, a badge or a guard. */
  derive(src: Held, dest: SlotRef, opts: { rights?: number; badge?: bigint; guardSize?: number } = {}): Cap {
    let cap = src.cap;
    if (opts.rights !== undefined) cap = maskCapRights(opts.rights, cap);
    cap = { ...cap };
    if (opts.badge !== undefined) cap.badge = opts.badge;
    if (opts.guardSize !== undefined) { cap.guardSize = opts.guardSize; cap.guard = 0n; }
    if (cap.type === CapType.Frame) { cap.mappedIn = 0; cap.mappedVaddr = 0; }
    return cteInsert(this.k, cap, src.slot, dest);
  }

  /**
   * A thread with its own VSpace holding `elf`, a stack below STACK_TOP and an IPC buffer at
   * IPC_BUFFER_VADDR (Microkit 2.3 layout). Returns its parts; the CSpace is the caller's job.
   */
  buildThread(name: string, elf: ElfImage, stackSize: number, priority: number, mcp: number): PdParts {
    const k = this.k;
    const tcb = newTcb(k, name);
    const tcbH = this.hold(makeObjectCap(CapType.Thread, tcb.id));
    const vspaceH = this.create(ObjType.PageTable, 0, `${name}-vspace`, tcb.id);
    vspaceH.cap.mappedIn = vspaceH.cap.obj; // a VSpace root (has an ASID)
    const rootPa = k.pageTable(vspaceH.cap.obj).paddr;
    const pages = new Map<number, number>();
    const perms = new Map<number, Perms>();
    const page = (vaddr: number, p: Perms): number => {
      const vp = Math.floor(vaddr / PAGE);
      let pa = pages.get(vp);
      if (pa === undefined) {
        pa = k.allocPhys(PAGE, PAGE);
        pages.set(vp, pa);
        perms.set(vp, { ...p });
      } else {
        const q = perms.get(vp) as Perms;
        perms.set(vp, { read: q.read || p.read, write: q.write || p.write, execute: q.execute || p.execute });
      }
      return pa;
    };
    for (const seg of elf.segments) {
      if (seg.memsz === 0) continue;
      const p: Perms = { read: (seg.flags & 4) !== 0, write: (seg.flags & 2) !== 0, execute: (seg.flags & 1) !== 0 };
      if (!p.read && !p.write && !p.execute) p.read = true;
      const end = seg.vaddr + seg.memsz;
      for (let v = seg.vaddr - (seg.vaddr % PAGE); v < end; v += PAGE) page(v, p);
      // Copy the file bytes page by page (frames are not contiguous).
      for (let i = 0; i < seg.data.length;) {
        const v = seg.vaddr + i;
        const pa = (pages.get(Math.floor(v / PAGE)) as number) + (v % PAGE);
        const n = Math.min(seg.data.length - i, PAGE - (v % PAGE));
        k.machine.bus.writeBytes(pa, seg.data.subarray(i, i + n));
        i += n;
      }
    }
    for (let v = STACK_TOP - stackSize; v < STACK_TOP; v += PAGE) page(v, { read: true, write: true, execute: false });
    for (const [vp, pa] of pages) mapLeaf(k, rootPa, vp * PAGE, pa, 0, perms.get(vp) as Perms, tcb.id);
    // The IPC buffer is a frame object: the TCB holds a cap to it.
    const ipcH = this.create(ObjType.Page4K, 0, `${name}-ipcbuf`, tcb.id);
    const ipcPa = k.frame(ipcH.cap.obj).paddr;
    mapLeaf(k, rootPa, IPC_BUFFER_VADDR, ipcPa, 0, { read: true, write: true, execute: false }, tcb.id);
    pages.set(IPC_BUFFER_VADDR / PAGE, ipcPa);

    tcb.priority = priority;
    tcb.mcp = mcp;
    tcb.faultIP = elf.entry;
    tcb.nextIP = elf.entry;
    k.setReg(tcb, Reg.sp, BigInt(STACK_TOP));
    tcb.ipcBufferVaddr = IPC_BUFFER_VADDR;
    this.derive(vspaceH, { obj: tcb.id, index: TcbSlot.VTable });
    this.derive(ipcH, { obj: tcb.id, index: TcbSlot.Buffer }, { rights: Right.Read | Right.Write });
    return { tcb, tcbH, vspaceH, rootPa, ipcH, scH: null, pages };
  }

  /** Give a thread a configured SC (times in µs) bound to it. */
  addSchedContext(parts: PdParts, budgetUs: number, periodUs: number, extraRefills: number, badge: bigint, sporadic: boolean, bind: boolean): Held {
    const k = this.k;
    const scH = this.create(ObjType.SchedContext, SC_BITS, `${parts.tcb.name}-sc`, parts.tcb.id);
    const sc = k.sc(scH.cap.obj);
    const maxRefills = Math.min(extraRefills + MIN_REFILLS, refillAbsoluteMax(SC_BITS));
    configureSchedContext(k, sc, budgetUs * k.cyclesPerUs, periodUs * k.cyclesPerUs, maxRefills, badge, sporadic);
    if (bind) schedContextBindTCB(k, sc, parts.tcb);
    parts.scH = scH;
    return scH;
  }

  /** Write bytes into a thread's memory at a virtual address it has mapped. */
  poke(parts: PdParts, vaddr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const v = vaddr + i;
      const pa = parts.pages.get(Math.floor(v / PAGE));
      if (pa === undefined) throw new Error(`loader: ${parts.tcb.name}: 0x${v.toString(16)} is not mapped`);
      this.k.machine.bus.writeBytes(pa + (v % PAGE), bytes.subarray(i, i + 1));
    }
  }

  /** Make the thread runnable at boot. */
  start(t: TcbObj): void {
    t.state = TS.Restart;
    if (isSchedulable(this.k, t)) tcbSchedAppend(this.k, t);
    this.k.reportThread(t);
  }
}

function u64le(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
}

export function parseProgram(bytes: Uint8Array, what: string): ElfImage {
  return parseElf(bytes, what);
}

// ------------------------------------------------------------------ Microkit systems
/**
 * Boot a Microkit-style system. `programs` maps each PD name to its ELF bytes. The hart is
 * left ready to run the first thread; run the machine afterwards.
 */
export function bootSystem(machine: Machine, desc: SystemDescription, programs: ReadonlyMap<string, Uint8Array>, opts: BootOptions = {}): Kernel {
  const k = new Kernel(machine, opts);
  const pds = desc.pds;
  const irqCount = pds.reduce((n, p) => n + p.irqs.length, 0);
  const b = new Builder(k, Math.max(6, Math.ceil(Math.log2(12 * pds.length + irqCount + 8))));
  const monitorEp = b.create(ObjType.Endpoint, 0, 'monitor-ep');
  k.ep(monitorEp.cap.obj).monitor = true;
  const irqControl = b.hold(makeObjectCap(CapType.IrqControl, 0));

  // Memory regions: allocated once, shared by every PD that maps them.
  const mrBase = new Map<string, number>();
  checkRegionsFit(k, desc.memoryRegions);
  for (const mr of desc.memoryRegions) {
    mrBase.set(mr.name, mr.physAddr !== null ? mr.physAddr : k.allocPhys(mr.size, mr.pageSize));
  }

  interface Built { pd: PdDesc; parts: PdParts; ntfnH: Held; epH: Held | null; inner: CNodeObj; elf: ElfImage }
  const built: Built[] = [];
  for (const pd of pds) {
    const bytes = programs.get(pd.name);
    if (bytes === undefined) throw new Error(`bootSystem: no program for protection domain "${pd.name}"`);
    const elf = parseProgram(bytes, pd.programImage);
    const parts = b.buildThread(pd.name, elf, pd.stackSize, pd.priority, pd.priority);
    for (const m of pd.maps) {
      const mr = desc.memoryRegions.find((r) => r.name === m.mr);
      if (mr === undefined) throw new Error(`bootSystem: ${pd.name} maps unknown memory region ${m.mr}`);
      const base = mrBase.get(mr.name) as number;
      const level = mr.pageSize === 0x200000 ? 1 : 0;
      const perms: Perms = { read: m.perms.read || m.perms.write, write: m.perms.write, execute: m.perms.execute };
      for (let i = 0; i < mr.pageCount; i++) {
        mapLeaf(k, parts.rootPa, m.vaddr + i * mr.pageSize, base + i * mr.pageSize, level, perms, parts.tcb.id);
        if (mr.physAddr === null) {
          for (let p = 0; p < mr.pageSize; p += PAGE) parts.pages.set((m.vaddr + i * mr.pageSize + p) / PAGE, base + i * mr.pageSize + p);
        }
      }
    }
    const ntfnH = b.create(ObjType.Notification, 0, `${pd.name}-ntfn`, parts.tcb.id);
    const epH = inputIsEndpoint(pd) ? b.create(ObjType.Endpoint, 0, `${pd.name}-ep`, parts.tcb.id) : null;
    const replyH = b.create(ObjType.Reply, 0, `${pd.name}-reply`, parts.tcb.id);
    const rootH = b.create(ObjType.CapTable, 6, `${pd.name}-cspace-root`, parts.tcb.id);
    const innerH = b.create(ObjType.CapTable, 9, `${pd.name}-cspace`, parts.tcb.id);
    const root = k.cnode(rootH.cap.obj);
    const inner = k.cnode(innerH.cap.obj);
    // Root (64 slots, guard 0) slot 0 -> 512-slot CNode with a 49-bit guard: CPtr n < 512 hits slot n.
    b.derive(innerH, { obj: root.id, index: 0 }, { guardSize: 49 });
    b.derive(rootH, { obj: parts.tcb.id, index: TcbSlot.CTable }, { guardSize: 0 });
    const at = (slot: number): SlotRef => ({ obj: inner.id, index: slot });
    const faultBadge = monitorFaultBadge(pd.index);
    if (epH !== null) {
      b.derive(epH, at(Slot.INPUT));
      bindNotification(parts.tcb, k.ntfn(ntfnH.cap.obj));
    } else {
      b.derive(ntfnH, at(Slot.INPUT), { rights: Right.Read | Right.Write });
    }
    b.derive(monitorEp, at(Slot.FAULT_EP), { rights: Right.Write | Right.Grant | Right.GrantReply, badge: faultBadge });
    b.derive(parts.vspaceH, at(Slot.VSPACE));
    b.derive(replyH, at(Slot.REPLY));
    if (pd.passive) b.derive(monitorEp, at(Slot.MONITOR_EP), { rights: Right.Write | Right.Grant | Right.GrantReply, badge: faultBadge });
    b.derive(monitorEp, { obj: parts.tcb.id, index: TcbSlot.FaultHandler }, { rights: Right.Write | Right.Grant | Right.GrantReply, badge: faultBadge });
    b.addSchedContext(parts, pd.budgetUs, pd.periodUs, 0, schedContextBadge(pd.index), false, true);
    k.s.monitorPds.push({ badge: faultBadge, name: pd.name, tcb: parts.tcb.id, sc: (parts.scH as Held).cap.obj, ntfn: ntfnH.cap.obj });
    built.push({ pd, parts, ntfnH, epH, inner, elf });
  }

  // Channel caps, now that every PD's notification and endpoint exist.
  for (const { pd, inner } of built) {
    for (const c of pdChannelCaps(pd)) {
      const dest = { obj: inner.id, index: c.slot };
      if (c.kind === 'notification') {
        b.derive(built[c.peer].ntfnH, dest, { rights: Right.Write, badge: c.badge });
      } else if (c.kind === 'ppc') {
        const ep = built[c.peer].epH;
        if (ep === null) throw new Error(`bootSystem: ${pd.name} may PP-call ${built[c.peer].pd.name}, which has no endpoint`);
        b.derive(ep, dest, { rights: Right.Write | Right.Grant | Right.GrantReply, badge: c.badge });
      } else {
        issueIrq(k, c.irq, pd.irqs.find((i) => i.id === c.channelId)?.trigger === 'edge' ? 1 : 0);
        const h = makeObjectCap(CapType.IrqHandler, 0);
        h.irq = c.irq;
        cteInsert(k, h, irqControl.slot, dest);
        const own = { ...built[pd.index].ntfnH.cap, badge: c.badge, rights: Right.Write };
        setIrqNotification(k, c.irq, own);
      }
    }
  }

  // Patch the symbols libmicrokit reads, then start every PD at its entry.
  for (const { pd, parts, elf } of built) {
    patchMicrokitSymbols(b, parts, pd, elf, mrBase);
    b.start(parts.tcb);
  }
  k.s.action = ACTION_CHOOSE;
  k.start();
  return k;
}

function patchMicrokitSymbols(b: Builder, parts: PdParts, pd: PdDesc, elf: ElfImage, mrBase: ReadonlyMap<string, number>): void {
  const sym = (name: string) => elf.symbols.find((s) => s.name === name && s.shndx !== 0);
  const put = (name: string, bytes: Uint8Array) => { const s = sym(name); if (s !== undefined) b.poke(parts, s.value, bytes); };
  const nameSym = sym('microkit_name');
  if (nameSym !== undefined) {
    const cap = nameSym.size > 0 ? nameSym.size : 16;
    const text = new TextEncoder().encode(pd.name).subarray(0, cap - 1);
    const bytes = new Uint8Array(Math.min(cap, text.length + 1));
    bytes.set(text);
    b.poke(parts, nameSym.value, bytes);
  }
  put('microkit_passive', Uint8Array.of(pd.passive ? 1 : 0));
  const masks = pdMasks(pd);
  put('microkit_irqs', u64le(masks.irqs));
  put('microkit_notifications', u64le(masks.notifications));
  put('microkit_pps', u64le(masks.pps));
  put('microkit_ioports', u64le(0n));
  for (const sv of pd.setvars) {
    let v: bigint;
    if (sv.kind === 'paddr') v = BigInt(mrBase.get(sv.region) ?? 0);
    else if (sv.kind === 'vaddr') v = BigInt(sv.vaddr);
    else v = BigInt(sv.size);
    put(sv.symbol, u64le(v));
  }
}

/**
 * Regions without phys_addr come from the kernel's RAM; say before allocating (with the sizes
 * and the fix) when this machine's RAM cannot hold them, and refuse a phys_addr inside RAM.
 */
function checkRegionsFit(k: Kernel, mrs: readonly { name: string; size: number; physAddr: number | null }[]): void {
  const bus = k.machine.bus;
  const ramEnd = bus.ramBase + bus.ramSize;
  for (const mr of mrs) {
    if (mr.physAddr !== null && mr.physAddr < ramEnd && bus.ramBase < mr.physAddr + mr.size) {
      throw new ImageError('system image', `memory region "${mr.name}" at 0x${mr.physAddr.toString(16)} overlaps RAM 0x${bus.ramBase.toString(16)}..0x${ramEnd.toString(16)}, which the kernel owns`);
    }
  }
  const need = mrs.reduce((n, mr) => n + (mr.physAddr === null ? mr.size : 0), 0);
  const have = k.physFree();
  if (need > have) {
    const mib = Math.ceil((need + (bus.ramSize - have) + (8 << 20)) / (1 << 20));
    throw new ImageError('system image', `memory regions need 0x${need.toString(16)} bytes of RAM but only 0x${have.toString(16)} are free (RAM 0x${bus.ramSize.toString(16)}); run with --memory ${mib}M or more`);
  }
}
