/**
 * Object creation: the kernel objects behind every object type, created at boot by the loader
 * or by Untyped_Retype (real type numbers and size_bits, watermark allocation inside the
 * untyped, frames and page tables zeroed in guest RAM).
 */
import {
  CapType, ENDPOINT_BITS, GIGA_BITS, Label, MAX_UNTYPED_BITS, MEGA_BITS, MIN_SC_BITS, MIN_UNTYPED_BITS,
  NOTIFICATION_BITS, OBJECT_TYPE_COUNT, ObjType, PAGE_BITS, PT_BITS, REPLY_BITS, RETYPE_FAN_OUT_LIMIT, Right,
  SLOT_BITS, TCB_BITS, TS,
} from './abi.js';
import type { Kernel } from './kernel.js';
import { EpState, NtfnState, TcbSlot, type Cap, type SlotRef, type TcbObj } from './objects.js';
import { SE, type SyscallError } from './errors.js';
import { getSlot, hasChildren, insertNewCap, lookupSlotForCNodeOp, makeObjectCap } from './cspace.js';
import { setThreadState } from './scheduler.js';

/** Size in bits of an object of `type` with user size `userSize` (seL4 getObjectSize). */
export function objectSizeBits(type: number, userSize: number): number {
  switch (type) {
    case ObjType.Untyped: return userSize;
    case ObjType.TCB: return TCB_BITS;
    case ObjType.Endpoint: return ENDPOINT_BITS;
    case ObjType.Notification: return NOTIFICATION_BITS;
    case ObjType.CapTable: return SLOT_BITS + userSize;
    case ObjType.SchedContext: return userSize;
    case ObjType.Reply: return REPLY_BITS;
    case ObjType.GigaPage: return GIGA_BITS;
    case ObjType.Page4K: return PAGE_BITS;
    case ObjType.MegaPage: return MEGA_BITS;
    case ObjType.PageTable: return PT_BITS;
    default: return 0;
  }
}

export function newTcb(k: Kernel, name: string, owner: number | null = null): TcbObj {
  return k.addObject((id) => ({
    kind: 'tcb', id, name, live: true, regs: new Int32Array(64), fpuRegs: new Int32Array(64), fcsr: 0, faultIP: 0, nextIP: 0, state: TS.Inactive,
    blockingObject: 0, blockingBadge: 0n, blockingCanGrant: false, blockingCanGrantReply: false, blockingIsCall: false,
    replyObject: 0, queued: false, inReleaseQueue: false, priority: 0, mcp: 0, sc: 0, boundNtfn: 0, yieldTo: 0,
    fault: null, slots: new Array<Cap | null>(TcbSlot.Count).fill(null), ipcBufferVaddr: 0, flags: 0,
    reported: '', reportedObject: 0,
  }), owner);
}

/**
 * Create one object of `type` at physical address `paddr` (its memory already belongs to the
 * caller) and return a cap to it with all rights. `name` labels it in traces.
 */
export function createObject(k: Kernel, type: number, userSize: number, paddr: number, isDevice: boolean, name: string, owner: number | null = null): Cap {
  const bits = objectSizeBits(type, userSize);
  switch (type) {
    case ObjType.Untyped: {
      const o = k.addObject((id) => ({ kind: 'untyped' as const, id, name, live: true, paddr, sizeBits: bits, freeOffset: 0, isDevice }), owner);
      return makeObjectCap(CapType.Untyped, o.id);
    }
    case ObjType.TCB: {
      const o = newTcb(k, name, owner);
      return makeObjectCap(CapType.Thread, o.id);
    }
    case ObjType.Endpoint: {
      const o = k.addObject((id) => ({ kind: 'endpoint' as const, id, name, live: true, state: EpState.Idle, queue: [], monitor: false }), owner);
      return makeObjectCap(CapType.Endpoint, o.id);
    }
    case ObjType.Notification: {
      const o = k.addObject((id) => ({
        kind: 'notification' as const, id, name, live: true, state: NtfnState.Idle, word: 0n, queue: [], boundTcb: 0, sc: 0,
      }), owner);
      return makeObjectCap(CapType.Notification, o.id);
    }
    case ObjType.CapTable: {
      const o = k.addObject((id) => ({
        kind: 'cnode' as const, id, name, live: true, radix: userSize, slots: new Array<Cap | null>(2 ** userSize).fill(null), paddr,
      }), owner);
      return makeObjectCap(CapType.CNode, o.id);
    }
    case ObjType.SchedContext: {
      const o = k.addObject((id) => ({
        kind: 'sc' as const, id, name, live: true, sizeBits: bits, period: 0, rTime: [], rAmount: [], refillMax: 0, budget: 0,
        consumed: 0, tcb: 0, ntfn: 0, reply: 0, badge: 0n, sporadic: false, yieldFrom: 0,
      }), owner);
      return makeObjectCap(CapType.SchedContext, o.id);
    }
    case ObjType.Reply: {
      const o = k.addObject((id) => ({
        kind: 'reply' as const, id, name, live: true, tcb: 0, prev: { ptr: 0, isHead: false }, next: { ptr: 0, isHead: false },
      }), owner);
      return makeObjectCap(CapType.Reply, o.id, Right.Grant);
    }
    case ObjType.Page4K: case ObjType.MegaPage: case ObjType.GigaPage: {
      if (!isDevice) k.zeroPhys(paddr, 2 ** bits);
      const o = k.addObject((id) => ({ kind: 'frame' as const, id, name, live: true, paddr, sizeBits: bits, isDevice }), owner);
      return makeObjectCap(CapType.Frame, o.id, Right.Read | Right.Write);
    }
    case ObjType.PageTable: {
      k.zeroPhys(paddr, 2 ** bits);
      const o = k.addObject((id) => ({ kind: 'pagetable' as const, id, name, live: true, paddr }), owner);
      return makeObjectCap(CapType.PageTable, o.id);
    }
    default:
      throw new Error(`kernel: cannot create object type ${type}`);
  }
}

const TYPE_NAMES = ['untyped', 'tcb', 'endpoint', 'notification', 'cnode', 'sc', 'reply', 'gigapage', 'page', 'megapage', 'pagetable'];

export function decodeUntypedInvocation(
  k: Kernel, cur: TcbObj, label: number, length: number, slot: SlotRef, cap: Cap, args: (i: number) => bigint, extra: Cap[],
): SyscallError | null {
  if (label !== Label.UntypedRetype) return SE.illegalOperation();
  if (length < 6 || !extra[0]) return SE.truncated();
  const newType = args(0), userSizeW = args(1), nodeIndex = args(2), nodeDepth = args(3), nodeOffsetW = args(4), windowW = args(5);
  const root = extra[0];
  if (newType >= BigInt(OBJECT_TYPE_COUNT)) return SE.invalidArgument(0);
  const type = Number(newType);
  if (userSizeW >= 64n) return SE.range(0, MAX_UNTYPED_BITS);
  const userSize = Number(userSizeW);
  const objBits = objectSizeBits(type, userSize);
  if (objBits > MAX_UNTYPED_BITS) return SE.range(0, MAX_UNTYPED_BITS);
  if (type === ObjType.CapTable && userSize === 0) return SE.invalidArgument(1);
  if (type === ObjType.Untyped && userSize < MIN_UNTYPED_BITS) return SE.invalidArgument(1);
  if (type === ObjType.SchedContext && userSize < MIN_SC_BITS) return SE.invalidArgument(1);
  let nodeCap: Cap | null;
  if (nodeDepth === 0n) {
    nodeCap = root;
  } else {
    const lu = lookupSlotForCNodeOp(k, false, root, nodeIndex, nodeDepth);
    if (!lu.ok) return lu.err;
    nodeCap = getSlot(k, lu.slot);
  }
  if (nodeCap === null || nodeCap.type !== CapType.CNode) {
    return SE.failedLookup(false, { kind: 1, bitsLeft: Number(nodeDepth), bitsFound: 0, guardFound: 0n });
  }
  const node = k.cnode(nodeCap.obj);
  const nodeSize = 2 ** node.radix;
  if (nodeOffsetW > BigInt(nodeSize - 1)) return SE.range(0, nodeSize - 1);
  const nodeOffset = Number(nodeOffsetW);
  if (windowW < 1n || windowW > BigInt(RETYPE_FAN_OUT_LIMIT)) return SE.range(1, RETYPE_FAN_OUT_LIMIT);
  if (windowW > BigInt(nodeSize - nodeOffset)) return SE.range(1, nodeSize - nodeOffset);
  const window = Number(windowW);
  for (let i = 0; i < window; i++) if ((node.slots[nodeOffset + i] ?? null) !== null) return SE.deleteFirst();
  const ut = k.untyped(cap.obj);
  const reset = !hasChildren(k, slot);
  const freeRef = reset ? ut.paddr : ut.paddr + ut.freeOffset;
  const objSize = 2 ** objBits;
  const aligned = Math.ceil(freeRef / objSize) * objSize;
  const freeBytes = 2 ** ut.sizeBits - (aligned - ut.paddr);
  if (freeBytes < 0 || Math.floor(freeBytes / objSize) < window) return SE.notEnoughMemory(Math.max(0, freeBytes));
  const isFrame = type === ObjType.Page4K || type === ObjType.MegaPage || type === ObjType.GigaPage;
  if (ut.isDevice && !isFrame && type !== ObjType.Untyped) return SE.invalidArgument(1);
  setThreadState(k, cur, TS.Restart);
  for (let i = 0; i < window; i++) {
    const pa = aligned + i * objSize;
    const c = createObject(k, type, userSize, pa, ut.isDevice, `${TYPE_NAMES[type]}@${pa.toString(16)}`, cur.id);
    const dest = { obj: node.id, index: nodeOffset + i };
    const parent = getSlot(k, slot);
    insertNewCap(k, c, dest, parent === null ? 0 : parent.id);
    k.observer?.onCapOp?.({
      cycle: k.now(), thread: cur.id, op: 'retype', srcObject: ut.id, destCnode: node.id, destSlot: dest.index,
      badge: '0', rights: c.rights, error: 0,
    });
  }
  ut.freeOffset = aligned + window * objSize - ut.paddr;
  return null;
}
