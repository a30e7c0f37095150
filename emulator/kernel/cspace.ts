/**
 * CSpaces: CPtr resolution through guarded CNodes (seL4 resolveAddressBits, depth 64),
 * slot access, and the capability derivation tree (insert, move, delete, revoke).
 *
 * The derivation tree is kept as a parent cap id in every cap. A new cap's parent follows
 * seL4's MDB rule (isMDBParentOf): a copy of a revocable cap is its child, a copy of a
 * non-revocable cap is its sibling; badged endpoint/notification caps start a new subtree.
 */
import { CapType, LookupKind, Right } from './abi.js';
import type { Kernel } from './kernel.js';
import { copyCap, newCap, type Cap, type LookupFault, type SlotRef, type TcbObj, TcbSlot } from './objects.js';
import { SE, type SyscallError } from './errors.js';
import { finaliseCap } from './finalise.js';

const MASK64 = (1n << 64n) - 1n;

export type SlotLookup = { ok: true; slot: SlotRef; bitsRemaining: number } | { ok: false; fault: LookupFault };

function lf(kind: LookupKind, bitsLeft = 0, bitsFound = 0, guardFound = 0n): LookupFault {
  return { kind, bitsLeft, bitsFound, guardFound };
}

export function getSlot(k: Kernel, ref: SlotRef): Cap | null {
  const o = k.obj(ref.obj);
  if (o.kind === 'cnode' || o.kind === 'tcb') return o.slots[ref.index] ?? null;
  throw new Error(`kernel: object ${ref.obj} has no cap slots`);
}

export function setSlot(k: Kernel, ref: SlotRef, cap: Cap | null): void {
  const o = k.obj(ref.obj);
  if (o.kind === 'cnode' || o.kind === 'tcb') { o.slots[ref.index] = cap; return; }
  throw new Error(`kernel: object ${ref.obj} has no cap slots`);
}

/** seL4 resolveAddressBits: walk guarded CNodes consuming `nBits` bits of `capptr`. */
export function resolveAddressBits(k: Kernel, nodeCap: Cap | null, capptr: bigint, nBits: number): SlotLookup {
  if (nodeCap === null || nodeCap.type !== CapType.CNode) return { ok: false, fault: lf(LookupKind.InvalidRoot) };
  let cap = nodeCap;
  for (;;) {
    const node = k.cnode(cap.obj);
    const radix = node.radix;
    const guardBits = cap.guardSize;
    const levelBits = radix + guardBits;
    const guard = guardBits === 0 ? 0n : (capptr >> BigInt(nBits - guardBits)) & ((1n << BigInt(guardBits)) - 1n);
    if (guardBits > nBits || guard !== cap.guard) {
      return { ok: false, fault: lf(LookupKind.GuardMismatch, nBits, guardBits, cap.guard) };
    }
    if (levelBits > nBits) return { ok: false, fault: lf(LookupKind.DepthMismatch, nBits, levelBits) };
    const offset = Number((capptr >> BigInt(nBits - levelBits)) & ((1n << BigInt(radix)) - 1n));
    const slot: SlotRef = { obj: node.id, index: offset };
    if (nBits === levelBits) return { ok: true, slot, bitsRemaining: 0 };
    nBits -= levelBits;
    const next = node.slots[offset] ?? null;
    if (next === null || next.type !== CapType.CNode) return { ok: true, slot, bitsRemaining: nBits };
    cap = next;
  }
}

/** Bits [shift, shift + width) of the 64-bit word hi:lo, for width <= 32, as an unsigned number. */
function bitField(lo: number, hi: number, shift: number, width: number): number {
  if (width === 0) return 0;
  let v: number;
  if (shift >= 32) v = hi >>> (shift - 32);
  else if (shift === 0) v = lo;
  else v = (lo >>> shift) | (hi << (32 - shift));
  return width === 32 ? v >>> 0 : (v & ((1 << width) - 1)) >>> 0;
}

const TWO32 = 4294967296;
/** Field values from 2^53 on are not exact doubles. */
const EXACT_HIGH = 1 << 21;

/**
 * resolveAddressBits for a CPtr given as its 32-bit halves: the same walk without BigInt
 * arithmetic. A guard is compared as a double, exact below 2^53 (Microkit's CSpaces have a
 * 55-bit guard of 0); a guard field of 2^53 or more, or a radix over 32 bits, continues in the
 * BigInt walk from that level.
 */
export function resolveAddressBitsWord(k: Kernel, nodeCap: Cap | null, lo: number, hi: number, nBits: number): SlotLookup {
  if (nodeCap === null || nodeCap.type !== CapType.CNode) return { ok: false, fault: lf(LookupKind.InvalidRoot) };
  let cap = nodeCap;
  for (;;) {
    const node = k.cnode(cap.obj);
    const radix = node.radix;
    const guardBits = cap.guardSize;
    if (radix > 32) return resolveAddressBits(k, cap, wordBig(lo, hi), nBits);
    const levelBits = radix + guardBits;
    let guardOk: boolean;
    if (guardBits > nBits) guardOk = false;
    else if (guardBits <= 32) guardOk = bitField(lo, hi, nBits - guardBits, guardBits) === Number(cap.guard);
    else {
      const high = bitField(lo, hi, nBits - guardBits + 32, guardBits - 32);
      if (high >= EXACT_HIGH) return resolveAddressBits(k, cap, wordBig(lo, hi), nBits);
      // Exact: the field is below 2^53; a guard of 2^53 or more converts to a double that is too.
      guardOk = high * TWO32 + bitField(lo, hi, nBits - guardBits, 32) === Number(cap.guard);
    }
    if (!guardOk) {
      return { ok: false, fault: lf(LookupKind.GuardMismatch, nBits, guardBits, cap.guard) };
    }
    if (levelBits > nBits) return { ok: false, fault: lf(LookupKind.DepthMismatch, nBits, levelBits) };
    const offset = bitField(lo, hi, nBits - levelBits, radix);
    const slot: SlotRef = { obj: node.id, index: offset };
    if (nBits === levelBits) return { ok: true, slot, bitsRemaining: 0 };
    nBits -= levelBits;
    const next = node.slots[offset] ?? null;
    if (next === null || next.type !== CapType.CNode) return { ok: true, slot, bitsRemaining: nBits };
    cap = next;
  }
}

/** The 64-bit word hi:lo as an unsigned BigInt. */
export function wordBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** seL4 lookupSlot for the CPtr in a thread's saved register `r`. */
export function lookupSlotReg(k: Kernel, t: TcbObj, r: number): SlotLookup {
  return resolveAddressBitsWord(k, cspaceRoot(t), t.regs[2 * r], t.regs[2 * r + 1], 64);
}

/** seL4 lookupCap for the CPtr in a thread's saved register `r`. */
export function lookupCapReg(k: Kernel, t: TcbObj, r: number): CapLookup {
  return lookupCapWord(k, t, t.regs[2 * r], t.regs[2 * r + 1]);
}

/** seL4 lookupCap for a CPtr given as its 32-bit halves. */
export function lookupCapWord(k: Kernel, t: TcbObj, lo: number, hi: number): CapLookup {
  const l = resolveAddressBitsWord(k, cspaceRoot(t), lo, hi, 64);
  if (!l.ok) return l;
  return { ok: true, cap: getSlot(k, l.slot), slot: l.slot };
}

/** A thread's CSpace root cap. */
export function cspaceRoot(t: TcbObj): Cap | null {
  return t.slots[TcbSlot.CTable] ?? null;
}

/** seL4 lookupSlot (whole 64-bit CPtr in the thread's CSpace; leftover bits are ignored). */
export function lookupSlot(k: Kernel, t: TcbObj, cptr: bigint): SlotLookup {
  return resolveAddressBits(k, cspaceRoot(t), cptr & MASK64, 64);
}

export type CapLookup = { ok: true; cap: Cap | null; slot: SlotRef } | { ok: false; fault: LookupFault };

export function lookupCap(k: Kernel, t: TcbObj, cptr: bigint): CapLookup {
  const r = lookupSlot(k, t, cptr);
  if (!r.ok) return r;
  return { ok: true, cap: getSlot(k, r.slot), slot: r.slot };
}

export type CNodeOpLookup = { ok: true; slot: SlotRef } | { ok: false; err: SyscallError };

/** seL4 lookupSlotForCNodeOp: exact-depth lookup for CNode invocations. */
export function lookupSlotForCNodeOp(k: Kernel, isSource: boolean, root: Cap | null, capptr: bigint, depth: bigint): CNodeOpLookup {
  if (root === null || root.type !== CapType.CNode) {
    return { ok: false, err: SE.failedLookup(isSource, lf(LookupKind.InvalidRoot)) };
  }
  if (depth < 1n || depth > 64n) return { ok: false, err: SE.range(1, 64) };
  const r = resolveAddressBits(k, root, capptr & MASK64, Number(depth));
  if (!r.ok) return { ok: false, err: SE.failedLookup(isSource, r.fault) };
  if (r.bitsRemaining !== 0) {
    return { ok: false, err: SE.failedLookup(isSource, lf(LookupKind.DepthMismatch, r.bitsRemaining, 0)) };
  }
  return { ok: true, slot: r.slot };
}

// ------------------------------------------------------------------ cap transformations
export function rightsFromWord(w: bigint): number {
  return Number(w & 0xfn);
}

export function maskCapRights(rights: number, cap: Cap): Cap {
  const c = copyCap(cap);
  switch (cap.type) {
    case CapType.Endpoint: c.rights = cap.rights & rights; break;
    case CapType.Notification: c.rights = cap.rights & rights & (Right.Write | Right.Read); break;
    case CapType.Reply: c.rights = cap.rights & rights & Right.Grant; break;
    case CapType.Frame: {
      const r = (cap.rights & Right.Read) !== 0 && (rights & Right.Read) !== 0;
      const w = r && (cap.rights & Right.Write) !== 0 && (rights & Right.Write) !== 0;
      c.rights = (r ? Right.Read : 0) | (w ? Right.Write : 0);
      break;
    }
    default: break;
  }
  return c;
}

/** seL4 updateCapData; returns null where seL4 returns a null cap. */
export function updateCapData(preserve: boolean, data: bigint, cap: Cap): Cap | null {
  switch (cap.type) {
    case CapType.Endpoint:
    case CapType.Notification: {
      if (preserve || cap.badge !== 0n) return null;
      const c = copyCap(cap);
      c.badge = data & MASK64;
      return c;
    }
    case CapType.CNode: {
      const guardSize = Number(data & 0x3fn);
      // The guard is the data's bits above 6, truncated to guardSize bits.
      const guard = guardSize === 0 ? 0n : (data >> 6n) & ((1n << BigInt(guardSize)) - 1n);
      return { ...copyCap(cap), guardSize, guard };
    }
    default:
      return copyCap(cap);
  }
}

export type Derived = { ok: true; cap: Cap | null } | { ok: false; err: SyscallError };

/** seL4 deriveCap: what a copy of `cap` (in `slot`) may be; null = not copyable. */
export function deriveCap(k: Kernel, slot: SlotRef, cap: Cap): Derived {
  switch (cap.type) {
    case CapType.Zombie: case CapType.IrqControl: case CapType.AsidControl:
      return { ok: true, cap: null };
    case CapType.Untyped:
      if (hasChildren(k, slot)) return { ok: false, err: SE.revokeFirst() };
      return { ok: true, cap: copyCap(cap) };
    case CapType.Frame: {
      const c = copyCap(cap);
      c.mappedIn = 0;
      c.mappedVaddr = 0;
      return { ok: true, cap: c };
    }
    case CapType.PageTable:
      if (cap.mappedIn === 0) return { ok: false, err: SE.illegalOperation() };
      return { ok: true, cap: copyCap(cap) };
    default:
      return { ok: true, cap: copyCap(cap) };
  }
}

function isCapRevocable(newC: Cap, src: Cap): boolean {
  switch (newC.type) {
    case CapType.Endpoint: case CapType.Notification: return newC.badge !== src.badge;
    case CapType.IrqHandler: return src.type === CapType.IrqControl;
    case CapType.Untyped: return true;
    default: return false;
  }
}

function isMDBParentOf(a: Cap, b: Cap): boolean {
  if (!a.revocable) return false;
  switch (a.type) {
    case CapType.Endpoint: case CapType.Notification:
      return a.badge === 0n || (a.badge === b.badge && !b.firstBadged);
    default: return true;
  }
}

/** Place a cap derived from the one in `src` into the empty slot `dest` (seL4 cteInsert). */
export function cteInsert(k: Kernel, cap: Cap, src: SlotRef, dest: SlotRef): Cap {
  const srcCap = getSlot(k, src);
  const c = copyCap(cap);
  c.id = k.nextCapId();
  if (srcCap === null) {
    c.revocable = true; c.firstBadged = true; c.parent = 0;
  } else {
    const rev = isCapRevocable(c, srcCap);
    c.revocable = rev;
    c.firstBadged = rev;
    c.parent = isMDBParentOf(srcCap, c) ? srcCap.id : srcCap.parent;
  }
  setSlot(k, dest, c);
  return c;
}

/** A cap for a freshly created object: a child of `parentCapId` (0 for boot-time roots). */
export function insertNewCap(k: Kernel, cap: Cap, dest: SlotRef, parentCapId: number): Cap {
  const c = copyCap(cap);
  c.id = k.nextCapId();
  c.revocable = true;
  c.firstBadged = true;
  c.parent = parentCapId;
  setSlot(k, dest, c);
  return c;
}

/** Move a cap (keeping its place in the derivation tree). */
export function cteMove(k: Kernel, cap: Cap, src: SlotRef, dest: SlotRef): void {
  setSlot(k, src, null);
  setSlot(k, dest, cap);
}

/** Every (slot, cap) in the system, in object-id then slot order. */
export function* allCaps(k: Kernel): Generator<[SlotRef, Cap]> {
  const objs = k.s.objects;
  for (let id = 1; id < objs.length; id++) {
    const o = objs[id];
    if (o === null || (o.kind !== 'cnode' && o.kind !== 'tcb')) continue;
    const slots = o.slots;
    for (let i = 0; i < slots.length; i++) {
      const c = slots[i];
      if (c !== null && c !== undefined) yield [{ obj: id, index: i }, c];
    }
  }
}

export function hasChildren(k: Kernel, slot: SlotRef): boolean {
  const cap = getSlot(k, slot);
  if (cap === null) return false;
  for (const [, c] of allCaps(k)) if (c.parent === cap.id) return true;
  return false;
}

/** Do two caps name the same object (seL4 sameObjectAs, enough for the final-cap check)? */
function sameObject(a: Cap, b: Cap): boolean {
  if (a.type === CapType.IrqHandler || b.type === CapType.IrqHandler) {
    return a.type === b.type && a.irq === b.irq;
  }
  if (a.obj === 0 || b.obj === 0) return false;
  if (a.type === CapType.Untyped || b.type === CapType.Untyped) return a.type === b.type && a.obj === b.obj;
  return a.obj === b.obj;
}

export function isFinalCapability(k: Kernel, slot: SlotRef, cap: Cap): boolean {
  for (const [ref, c] of allCaps(k)) {
    if (ref.obj === slot.obj && ref.index === slot.index) continue;
    if (sameObject(c, cap)) return false;
  }
  return true;
}

/** Delete the cap in `slot`; finalise the object if it was the last cap to it. */
export function cteDelete(k: Kernel, slot: SlotRef): void {
  const cap = getSlot(k, slot);
  if (cap === null) return;
  const final = isFinalCapability(k, slot, cap);
  // Empty the slot first so finalisation (which may delete further caps) never sees it again.
  setSlot(k, slot, null);
  for (const [, c] of allCaps(k)) if (c.parent === cap.id) c.parent = cap.parent;
  // A mapped frame cap takes its mapping with it even if other caps to the frame remain.
  if (final || cap.type === CapType.Frame) finaliseCap(k, cap);
}

/** Delete every cap derived from the one in `slot` (seL4 cteRevoke). */
export function cteRevoke(k: Kernel, slot: SlotRef): number {
  const root = getSlot(k, slot);
  if (root === null) return 0;
  let deleted = 0;
  for (;;) {
    const parentOf = new Map<number, number>();
    for (const [, c] of allCaps(k)) parentOf.set(c.id, c.parent);
    let victim: SlotRef | null = null;
    for (const [ref, c] of allCaps(k)) {
      let p = c.parent;
      let depth = 0;
      while (p !== 0 && p !== root.id && depth++ < 1_000_000) p = parentOf.get(p) ?? 0;
      if (p === root.id && c.id !== root.id) { victim = ref; break; }
    }
    if (victim === null) return deleted;
    cteDelete(k, victim);
    deleted++;
  }
}

/** A cap for an object, with all rights (boot and retype). */
export function makeObjectCap(type: CapType, obj: number, rights: number = Right.All): Cap {
  const c = newCap(type, obj);
  c.rights = rights;
  return c;
}
