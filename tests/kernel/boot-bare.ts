/**
 * bootBare: a small programmatic system for tests (threads, objects, caps at chosen slots), built
 * with the loader's Builder — test-only, so it lives with the tests.
 */
import type { Machine } from '../../emulator/machine.js';
import { Builder, PAGE, RWGGR, SC_BITS, parseProgram, type BootOptions, type Held, type PdParts } from '../../emulator/kernel/loader.js';
import { CapType, ObjType, Right } from '../../emulator/kernel/abi.js';
import { Kernel } from '../../emulator/kernel/kernel.js';
import { TcbSlot } from '../../emulator/kernel/objects.js';
import { cteInsert, makeObjectCap } from '../../emulator/kernel/cspace.js';
import { createObject } from '../../emulator/kernel/retype.js';
import { mapLeaf, type Perms } from '../../emulator/kernel/vspace.js';
import { bindNotification } from '../../emulator/kernel/ipc.js';
import { issueIrq, setIrqNotification } from '../../emulator/kernel/irq.js';
import { ACTION_CHOOSE } from '../../emulator/kernel/state.js';

export type { BootOptions };

// ------------------------------------------------------------------ bare systems (tests)
export type BareObjectType = 'endpoint' | 'notification' | 'reply' | 'untyped' | 'cnode' | 'frame' | 'sc';

export interface BareObject {
  type: BareObjectType;
  /** untyped: size bits; cnode: radix; sc: size bits (default 8); frame: bytes (4 KiB multiple, default 4 KiB). */
  size?: number;
}

/** What goes into a CSpace slot. Rights default to all; badges to 0. */
export type BareCap =
  | { object: string; rights?: number; badge?: bigint }
  | { tcb: string }
  | { schedContext: string }
  | { cspace: string }
  | { vspace: string }
  | { irqControl: true }
  | { schedControl: true }
  | { asidPool: true }
  | { irqHandler: number; notification?: string; badge?: bigint };

export interface BareThread {
  name: string;
  elf: Uint8Array;
  priority?: number;
  mcp?: number;
  /** µs; budget defaults to 1000, period to the budget (round robin). */
  budgetUs?: number;
  periodUs?: number;
  extraRefills?: number;
  sporadic?: boolean;
  /** CNode radix (default 8); the CSpace resolves CPtr n to slot n. */
  cnodeBits?: number;
  caps?: Readonly<Record<number, BareCap>>;
  /** Endpoint object receiving this thread's faults / timeout faults. */
  faultEndpoint?: { object: string; badge?: bigint };
  timeoutEndpoint?: { object: string; badge?: bigint };
  /** Notification object bound to the TCB. */
  boundNotification?: string;
  /** Frame objects (or device memory) mapped into the thread. */
  maps?: readonly { vaddr: number; object?: string; paddr?: number; size?: number; perms?: string }[];
  stackSize?: number;
  /** Resume at boot (default true). */
  start?: boolean;
  /** Bytes written over ELF symbols before boot (like Microkit's setvar patching). */
  patches?: Readonly<Record<string, Uint8Array>>;
  scBadge?: bigint;
}

export interface BareSystem {
  objects?: Readonly<Record<string, BareObject>>;
  threads: readonly BareThread[];
}

/** Boot a small programmatic system (see BareSystem). */
export function bootBare(machine: Machine, sys: BareSystem, opts: BootOptions = {}): Kernel {
  const k = new Kernel(machine, opts);
  const objects = sys.objects ?? {};
  const nObj = Object.keys(objects).length;
  const b = new Builder(k, Math.max(6, Math.ceil(Math.log2(8 * sys.threads.length + nObj + 16))));
  const held = new Map<string, Held>();
  for (const [name, o] of Object.entries(objects)) {
    switch (o.type) {
      case 'endpoint': held.set(name, b.create(ObjType.Endpoint, 0, name)); break;
      case 'notification': held.set(name, b.create(ObjType.Notification, 0, name)); break;
      case 'reply': held.set(name, b.create(ObjType.Reply, 0, name)); break;
      case 'untyped': held.set(name, b.create(ObjType.Untyped, o.size ?? 16, name)); break;
      case 'cnode': held.set(name, b.create(ObjType.CapTable, o.size ?? 4, name)); break;
      case 'sc': held.set(name, b.create(ObjType.SchedContext, o.size ?? SC_BITS, name)); break;
      case 'frame': {
        const size = o.size ?? PAGE;
        const pa = k.allocPhys(size, PAGE);
        const bits = Math.ceil(Math.log2(size));
        const c = createObject(k, ObjType.Page4K, 0, pa, false, name);
        const f = k.frame(c.obj);
        f.sizeBits = Math.max(12, bits);
        held.set(name, b.hold(c));
        break;
      }
    }
  }
  const irqControl = b.hold(makeObjectCap(CapType.IrqControl, 0));
  const schedControl = b.hold(makeObjectCap(CapType.SchedControl, 0));
  const asidPool = b.hold(makeObjectCap(CapType.AsidPool, 0));
  const obj = (name: string): Held => {
    const h = held.get(name);
    if (h === undefined) throw new Error(`bootBare: no object named "${name}"`);
    return h;
  };

  interface T { spec: BareThread; parts: PdParts; cnodeH: Held }
  const ts: T[] = [];
  for (const spec of sys.threads) {
    const elf = parseProgram(spec.elf, spec.name);
    const prio = spec.priority ?? 100;
    const parts = b.buildThread(spec.name, elf, spec.stackSize ?? 0x2000, prio, spec.mcp ?? prio);
    for (const m of spec.maps ?? []) {
      const perms: Perms = { read: true, write: (m.perms ?? 'rw').includes('w'), execute: (m.perms ?? 'rw').includes('x') };
      const base = m.object !== undefined ? k.frame(obj(m.object).cap.obj).paddr : (m.paddr ?? 0);
      const size = m.size ?? (m.object !== undefined ? 2 ** k.frame(obj(m.object).cap.obj).sizeBits : PAGE);
      for (let off = 0; off < size; off += PAGE) {
        mapLeaf(k, parts.rootPa, m.vaddr + off, base + off, 0, perms, parts.tcb.id);
        if (m.object !== undefined) parts.pages.set((m.vaddr + off) / PAGE, base + off);
      }
    }
    for (const [symbol, bytes] of Object.entries(spec.patches ?? {})) {
      const sym = elf.symbols.find((x) => x.name === symbol && x.shndx !== 0);
      if (sym === undefined) throw new Error(`bootBare: ${spec.name} has no symbol ${symbol}`);
      b.poke(parts, sym.value, bytes);
    }
    const bits = spec.cnodeBits ?? 8;
    const cnodeH = b.create(ObjType.CapTable, bits, `${spec.name}-cspace`, parts.tcb.id);
    b.derive(cnodeH, { obj: parts.tcb.id, index: TcbSlot.CTable }, { guardSize: 64 - bits });
    // Every thread starts with its own SC; a passive server gives it up once it waits
    // (SchedContext_Unbind from a thread holding the SC cap, as in seL4's own tests).
    b.addSchedContext(parts, spec.budgetUs ?? 1000, spec.periodUs ?? spec.budgetUs ?? 1000, spec.extraRefills ?? 0,
      spec.scBadge ?? 0n, spec.sporadic ?? false, true);
    if (spec.faultEndpoint !== undefined) {
      b.derive(obj(spec.faultEndpoint.object), { obj: parts.tcb.id, index: TcbSlot.FaultHandler },
        { rights: Right.Write | Right.Grant | Right.GrantReply, badge: spec.faultEndpoint.badge ?? 0n });
    }
    if (spec.timeoutEndpoint !== undefined) {
      b.derive(obj(spec.timeoutEndpoint.object), { obj: parts.tcb.id, index: TcbSlot.TimeoutHandler },
        { rights: Right.Write | Right.Grant | Right.GrantReply, badge: spec.timeoutEndpoint.badge ?? 0n });
    }
    if (spec.boundNotification !== undefined) bindNotification(parts.tcb, k.ntfn(obj(spec.boundNotification).cap.obj));
    ts.push({ spec, parts, cnodeH });
  }
  const thread = (name: string): T => {
    const t = ts.find((x) => x.spec.name === name);
    if (t === undefined) throw new Error(`bootBare: no thread named "${name}"`);
    return t;
  };
  for (const { spec, cnodeH } of ts) {
    for (const [slotText, c] of Object.entries(spec.caps ?? {})) {
      const dest = { obj: cnodeH.cap.obj, index: Number(slotText) };
      if ('object' in c) b.derive(obj(c.object), dest, { rights: c.rights ?? RWGGR, badge: c.badge });
      else if ('tcb' in c) b.derive(thread(c.tcb).parts.tcbH, dest);
      else if ('schedContext' in c) {
        const sc = thread(c.schedContext).parts.scH;
        if (sc === null) throw new Error(`bootBare: thread ${c.schedContext} has no scheduling context`);
        b.derive(sc, dest);
      } else if ('cspace' in c) {
        const t = thread(c.cspace);
        b.derive(t.cnodeH, dest, { guardSize: 64 - (t.spec.cnodeBits ?? 8) });
      }
      else if ('vspace' in c) b.derive(thread(c.vspace).parts.vspaceH, dest);
      else if ('irqControl' in c) b.derive(irqControl, dest);
      else if ('schedControl' in c) b.derive(schedControl, dest);
      else if ('asidPool' in c) b.derive(asidPool, dest);
      else {
        issueIrq(k, c.irqHandler, 0);
        const h = makeObjectCap(CapType.IrqHandler, 0);
        h.irq = c.irqHandler;
        cteInsert(k, h, irqControl.slot, dest);
        if (c.notification !== undefined) {
          setIrqNotification(k, c.irqHandler, { ...obj(c.notification).cap, badge: c.badge ?? 0n, rights: Right.Write });
        }
      }
    }
  }
  for (const { spec, parts } of ts) if (spec.start ?? true) b.start(parts.tcb);
  k.s.action = ACTION_CHOOSE;
  k.start();
  return k;
}
