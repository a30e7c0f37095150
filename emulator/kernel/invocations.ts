/**
 * Object invocations (seL4 decodeInvocation): dispatch on the invoked cap's type, and the TCB
 * and CNode methods. Untyped, IRQ, scheduling and VSpace methods live in their own modules.
 */
import { CapType, Label, N_FRAME_REGS, N_GP_REGS, Reg, Right, TS, USER_CONTEXT_REGS } from './abi.js';
import type { Kernel } from './kernel.js';
import { TcbSlot, type Cap, type SlotRef, type TcbObj } from './objects.js';
import { SE, type SyscallError } from './errors.js';
import {
  cteDelete, cteInsert, cteMove, cteRevoke, deriveCap, getSlot, lookupSlotForCNodeOp, maskCapRights, rightsFromWord,
  updateCapData,
} from './cspace.js';
import {
  bindNotification, cancelBadgedSends, doReplyTransfer, getMR, sendIPC, sendSignal, setMR, unbindNotification,
  setInfoReg, type ExtraCap,
} from './ipc.js';
import { rescheduleRequired, restart, setPriority, setThreadState, suspend } from './scheduler.js';
import { decodeSchedContextInvocation, decodeSchedControlInvocation, schedContextBindTCB, schedContextUnbindTCB } from './sched-context.js';
import { decodeUntypedInvocation } from './retype.js';
import { decodeIrqControlInvocation, decodeIrqHandlerInvocation } from './irq.js';
import { decodeVSpaceInvocation } from './vspace.js';
import { NtfnState } from './objects.js';

export function decodeInvocation(
  k: Kernel, cur: TcbObj, label: number, length: number, cap: Cap | null, slot: SlotRef, block: boolean, call: boolean,
  canDonate: boolean, firstPhase: boolean, buffer: number, extra: ExtraCap[],
): SyscallError | null {
  if (cap === null) return SE.invalidCapability(0);
  // IPC invocations first: they are most kernel entries and need no decoded arguments.
  switch (cap.type) {
    case CapType.Null: case CapType.Zombie:
      return SE.invalidCapability(0);
    case CapType.Endpoint:
      if ((cap.rights & Right.Write) === 0) return SE.invalidCapability(0);
      setThreadState(k, cur, TS.Restart);
      sendIPC(k, block, call, cap.badge, (cap.rights & Right.Grant) !== 0, (cap.rights & Right.GrantReply) !== 0,
        canDonate, cur, k.ep(cap.obj));
      return null;
    case CapType.Notification:
      if ((cap.rights & Right.Write) === 0) return SE.invalidCapability(0);
      setThreadState(k, cur, TS.Restart);
      sendSignal(k, k.ntfn(cap.obj), cap.badge, cur.id);
      return null;
    case CapType.Reply:
      setThreadState(k, cur, TS.Restart);
      doReplyTransfer(k, cur, k.reply(cap.obj), (cap.rights & Right.Grant) !== 0);
      return null;
    default:
      return decodeObjectInvocation(k, cur, label > 0xffff ? -1 : label, length, cap, slot, call, firstPhase, buffer, extra);
  }
}

/** Invocations of every other object type: methods with arguments and extra caps. */
function decodeObjectInvocation(
  k: Kernel, cur: TcbObj, lbl: number, length: number, cap: Cap, slot: SlotRef, call: boolean, firstPhase: boolean,
  buffer: number, extra: ExtraCap[],
): SyscallError | null {
  const extraCaps: Cap[] = extra.map((e) => e.cap);
  const extraSlots: SlotRef[] = extra.map((e) => e.slot);
  const args = (i: number): bigint => getMR(k, cur, buffer, i);
  switch (cap.type) {
    case CapType.Thread:
      if (firstPhase) return SE.invalidCapability(0);
      return decodeTcbInvocation(k, cur, lbl, length, cap, call, args, extraCaps, extraSlots);
    case CapType.Domain:
      if (firstPhase) return SE.invalidCapability(0);
      return SE.illegalOperation();
    case CapType.CNode:
      if (firstPhase) return SE.invalidCapability(0);
      return decodeCNodeInvocation(k, cur, lbl, length, cap, args, extraCaps);
    case CapType.Untyped:
      return decodeUntypedInvocation(k, cur, lbl, length, slot, cap, args, extraCaps);
    case CapType.IrqControl:
      return decodeIrqControlInvocation(k, cur, lbl, length, slot, args, extraCaps);
    case CapType.IrqHandler:
      return decodeIrqHandlerInvocation(k, cur, lbl, cap.irq, extraCaps);
    case CapType.SchedControl:
      if (firstPhase) return SE.invalidCapability(0);
      return decodeSchedControlInvocation(k, lbl, args, length, extraCaps);
    case CapType.SchedContext:
      if (firstPhase) return SE.invalidCapability(0);
      return decodeSchedContextInvocation(k, lbl, k.sc(cap.obj), call, extraCaps);
    case CapType.Frame: case CapType.PageTable: case CapType.AsidControl: case CapType.AsidPool:
      return decodeVSpaceInvocation(k, cur, lbl, length, cap, call, args, extraCaps);
    default:
      return SE.illegalOperation();
  }
}

// ------------------------------------------------------------------ TCB
/** Replace one of a TCB's own cap slots with a copy of the cap in `src`. */
function installTcbCap(k: Kernel, t: TcbObj, index: TcbSlot, cap: Cap | null, src: SlotRef | null): void {
  const dest: SlotRef = { obj: t.id, index };
  cteDelete(k, dest);
  if (cap !== null && cap.type !== CapType.Null && src !== null) cteInsert(k, cap, src, dest);
}

function validFaultHandler(cap: Cap | null): boolean {
  if (cap === null || cap.type === CapType.Null) return true;
  return cap.type === CapType.Endpoint && (cap.rights & Right.Write) !== 0 &&
    (cap.rights & (Right.Grant | Right.GrantReply)) !== 0;
}

function checkPrio(prio: bigint, auth: TcbObj): SyscallError | null {
  if (prio > BigInt(auth.mcp)) return SE.range(0, auth.mcp);
  return null;
}

function decodeTcbInvocation(
  k: Kernel, cur: TcbObj, label: number, length: number, cap: Cap, call: boolean,
  args: (i: number) => bigint, extra: Cap[], extraSlots: SlotRef[],
): SyscallError | null {
  const t = k.tcb(cap.obj);
  switch (label) {
    case Label.TCBReadRegisters: {
      if (length < 2) return SE.truncated();
      const flags = args(0), n = args(1);
      if (n < 1n || n > BigInt(N_FRAME_REGS + N_GP_REGS)) return SE.range(1, N_FRAME_REGS + N_GP_REGS);
      if (t.id === cur.id) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      if ((flags & 1n) !== 0n) suspend(k, t);
      if (call) {
        const buf = k.ipcBuffer(cur, true);
        k.setReg(cur, Reg.a0, 0n);
        let len = 0;
        for (let i = 0; i < Number(n); i++) len = setMR(k, cur, buf, i, k.getCtxReg(t, USER_CONTEXT_REGS[i]));
        setInfoReg(k, cur, Reg.a1, { label: 0, capsUnwrapped: 0, extraCaps: 0, length: len });
      }
      setThreadState(k, cur, TS.Running);
      return null;
    }
    case Label.TCBWriteRegisters: {
      if (length < 2) return SE.truncated();
      const flags = args(0);
      const n = args(1);
      if (BigInt(length - 2) < n) return SE.truncated();
      if (t.id === cur.id) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      const count = Math.min(Number(n), N_FRAME_REGS + N_GP_REGS);
      for (let i = 0; i < count; i++) k.setCtxReg(t, USER_CONTEXT_REGS[i], args(i + 2));
      t.nextIP = t.faultIP;
      if ((flags & 1n) !== 0n) restart(k, t);
      if (t.id === k.s.cur) rescheduleRequired(k);
      return null;
    }
    case Label.TCBCopyRegisters: {
      if (length < 1 || extra[0] === null || extra[0] === undefined) return SE.truncated();
      const src = extra[0];
      if (src.type !== CapType.Thread) return SE.invalidCapability(1);
      const flags = args(0);
      const from = k.tcb(src.obj);
      setThreadState(k, cur, TS.Restart);
      if ((flags & 1n) !== 0n) suspend(k, from);
      if ((flags & 2n) !== 0n) restart(k, t);
      if ((flags & 4n) !== 0n) for (let i = 0; i < N_FRAME_REGS; i++) k.setCtxReg(t, USER_CONTEXT_REGS[i], k.getCtxReg(from, USER_CONTEXT_REGS[i]));
      if ((flags & 8n) !== 0n) for (let i = N_FRAME_REGS; i < N_FRAME_REGS + N_GP_REGS; i++) k.setCtxReg(t, USER_CONTEXT_REGS[i], k.getCtxReg(from, USER_CONTEXT_REGS[i]));
      t.nextIP = t.faultIP;
      if (t.id === k.s.cur) rescheduleRequired(k);
      return null;
    }
    case Label.TCBConfigure: {
      if (length < 3 || !extra[0] || !extra[1] || !extra[2]) return SE.truncated();
      // MR1 (vspace_data) is ignored on RISC-V.
      const cData = args(0), bufferAddr = args(2);
      let cRoot: Cap | null = extra[0];
      const vRoot = extra[1];
      if (cData !== 0n) cRoot = updateCapData(false, cData, cRoot);
      if (cRoot === null || cRoot.type !== CapType.CNode) return SE.illegalOperation();
      if (vRoot.type !== CapType.PageTable || vRoot.mappedIn === 0) return SE.illegalOperation();
      let bufCap: Cap | null = null;
      if (bufferAddr !== 0n) {
        bufCap = extra[2];
        const e = checkIpcBuffer(bufferAddr, bufCap);
        if (e !== null) return e;
      }
      setThreadState(k, cur, TS.Restart);
      installTcbCap(k, t, TcbSlot.CTable, cRoot, extraSlots[0] ?? null);
      installTcbCap(k, t, TcbSlot.VTable, vRoot, extraSlots[1] ?? null);
      t.ipcBufferVaddr = Number(bufferAddr);
      installTcbCap(k, t, TcbSlot.Buffer, bufCap, extraSlots[2] ?? null);
      if (t.id === k.s.cur) rescheduleRequired(k);
      return null;
    }
    case Label.TCBSetPriority:
    case Label.TCBSetMCPriority: {
      if (length < 1 || !extra[0]) return SE.truncated();
      const prio = args(0);
      const auth = extra[0];
      if (auth.type !== CapType.Thread) return SE.invalidCapability(1);
      const e = checkPrio(prio, k.tcb(auth.obj));
      if (e !== null) return e;
      setThreadState(k, cur, TS.Restart);
      if (label === Label.TCBSetPriority) setPriority(k, t, Number(prio));
      else t.mcp = Number(prio);
      return null;
    }
    case Label.TCBSetSchedParams: {
      if (length < 2 || !extra[0] || !extra[1] || !extra[2]) return SE.truncated();
      const mcp = args(0), prio = args(1);
      const auth = extra[0], scCap = extra[1], fh = extra[2];
      if (auth.type !== CapType.Thread) return SE.invalidCapability(1);
      const a = k.tcb(auth.obj);
      const e1 = checkPrio(mcp, a); if (e1 !== null) return e1;
      const e2 = checkPrio(prio, a); if (e2 !== null) return e2;
      let sc = 0;
      if (scCap.type === CapType.SchedContext) {
        const s = k.sc(scCap.obj);
        if (t.sc !== 0 || (s.tcb !== 0 && s.tcb !== t.id)) return SE.illegalOperation();
        sc = s.id;
      } else if (scCap.type === CapType.Null) {
        if (t.id === cur.id) return SE.illegalOperation();
      } else return SE.invalidCapability(2);
      if (!validFaultHandler(fh)) return SE.invalidCapability(3);
      setThreadState(k, cur, TS.Restart);
      installTcbCap(k, t, TcbSlot.FaultHandler, fh, extraSlots[2] ?? null);
      t.mcp = Number(mcp);
      if (sc !== 0 && t.sc === 0) schedContextBindTCB(k, k.sc(sc), t);
      else if (sc === 0 && t.sc !== 0) schedContextUnbindTCB(k, k.sc(t.sc));
      setPriority(k, t, Number(prio));
      return null;
    }
    case Label.TCBSetTimeoutEndpoint: {
      if (!extra[0]) return SE.truncated();
      if (!validFaultHandler(extra[0])) return SE.invalidCapability(1);
      setThreadState(k, cur, TS.Restart);
      installTcbCap(k, t, TcbSlot.TimeoutHandler, extra[0], extraSlots[0] ?? null);
      return null;
    }
    case Label.TCBSetIPCBuffer: {
      if (length < 1) return SE.truncated();
      const addr = args(0);
      let bufCap: Cap | null = null;
      if (addr !== 0n) {
        if (!extra[0]) return SE.truncated();
        bufCap = extra[0];
        const e = checkIpcBuffer(addr, bufCap);
        if (e !== null) return e;
      }
      setThreadState(k, cur, TS.Restart);
      t.ipcBufferVaddr = Number(addr);
      installTcbCap(k, t, TcbSlot.Buffer, bufCap, extraSlots[0] ?? null);
      return null;
    }
    case Label.TCBSetSpace: {
      if (length < 2 || !extra[0] || !extra[1] || !extra[2]) return SE.truncated();
      const cData = args(0);
      const fh = extra[0];
      let cRoot: Cap | null = extra[1];
      const vRoot = extra[2];
      if (!validFaultHandler(fh)) return SE.invalidCapability(1);
      if (cData !== 0n) cRoot = updateCapData(false, cData, cRoot);
      if (cRoot === null || cRoot.type !== CapType.CNode) return SE.illegalOperation();
      if (vRoot.type !== CapType.PageTable || vRoot.mappedIn === 0) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      installTcbCap(k, t, TcbSlot.FaultHandler, fh, extraSlots[0] ?? null);
      installTcbCap(k, t, TcbSlot.CTable, cRoot, extraSlots[1] ?? null);
      installTcbCap(k, t, TcbSlot.VTable, vRoot, extraSlots[2] ?? null);
      return null;
    }
    case Label.TCBSuspend:
      setThreadState(k, cur, TS.Restart);
      suspend(k, t);
      return null;
    case Label.TCBResume:
      setThreadState(k, cur, TS.Restart);
      restart(k, t);
      return null;
    case Label.TCBBindNotification: {
      if (!extra[0]) return SE.truncated();
      if (t.boundNtfn !== 0) return SE.illegalOperation();
      const nc = extra[0];
      if (nc.type !== CapType.Notification || (nc.rights & Right.Read) === 0) {
        return nc.type !== CapType.Notification ? SE.invalidCapability(1) : SE.illegalOperation();
      }
      const n = k.ntfn(nc.obj);
      if (n.state === NtfnState.Waiting || n.boundTcb !== 0) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      bindNotification(t, n);
      return null;
    }
    case Label.TCBUnbindNotification:
      if (t.boundNtfn === 0) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      unbindNotification(k, t);
      return null;
    case Label.TCBSetTLSBase:
      if (length < 1) return SE.truncated();
      setThreadState(k, cur, TS.Restart);
      k.setReg(t, Reg.tp, args(0));
      return null;
    case Label.TCBSetFlags: {
      if (length < 2) return SE.truncated();
      const clear = args(0), set = args(1);
      setThreadState(k, cur, TS.Restart);
      t.flags = Number((BigInt(t.flags) & ~clear) | set) & 0xffff;
      if (call) {
        k.setReg(cur, Reg.a0, 0n);
        const len = setMR(k, cur, k.ipcBuffer(cur, true), 0, BigInt(t.flags));
        setInfoReg(k, cur, Reg.a1, { label: 0, capsUnwrapped: 0, extraCaps: 0, length: len });
      }
      setThreadState(k, cur, TS.Running);
      return null;
    }
    default:
      return SE.illegalOperation();
  }
}

function checkIpcBuffer(vaddr: bigint, cap: Cap): SyscallError | null {
  if (cap.type !== CapType.Frame) return SE.illegalOperation();
  if ((vaddr & 0x3ffn) !== 0n) return SE.alignment();
  return null;
}

// ------------------------------------------------------------------ CNode
function capOp(k: Kernel, op: 'copy' | 'mint' | 'move' | 'mutate' | 'delete' | 'revoke', cap: Cap | null, dest: SlotRef, error: number): void {
  k.observer?.onCapOp?.({
    cycle: k.now(), thread: k.s.cur, op, srcObject: cap === null || cap.obj === 0 ? null : cap.obj,
    destCnode: dest.obj, destSlot: dest.index, badge: (cap?.badge ?? 0n).toString(), rights: cap?.rights ?? 0, error,
  });
}

function decodeCNodeInvocation(
  k: Kernel, cur: TcbObj, label: number, length: number, cap: Cap, args: (i: number) => bigint, extra: Cap[],
): SyscallError | null {
  if (label < Label.CNodeRevoke || label > Label.CNodeRotate) return SE.illegalOperation();
  if (length < 2) return SE.truncated();
  const index = args(0), depth = args(1);
  const lu = lookupSlotForCNodeOp(k, false, cap, index, depth);
  if (!lu.ok) return lu.err;
  const dest = lu.slot;
  if (label >= Label.CNodeCopy && label <= Label.CNodeMutate) {
    if (length < 4 || !extra[0]) return SE.truncated();
    const srcIndex = args(2), srcDepth = args(3);
    const srcRoot = extra[0];
    if (getSlot(k, dest) !== null) return SE.deleteFirst();
    const sl = lookupSlotForCNodeOp(k, true, srcRoot, srcIndex, srcDepth);
    if (!sl.ok) return sl.err;
    const srcSlot = sl.slot;
    const srcCap = getSlot(k, srcSlot);
    if (srcCap === null || srcCap.type === CapType.Null) {
      return SE.failedLookup(true, { kind: 1, bitsLeft: Number(srcDepth), bitsFound: 0, guardFound: 0n });
    }
    let newCap: Cap | null;
    let isMove = false;
    let op: 'copy' | 'mint' | 'move' | 'mutate';
    switch (label) {
      case Label.CNodeCopy: {
        if (length < 5) return SE.truncated();
        const d = deriveCap(k, srcSlot, maskCapRights(rightsFromWord(args(4)), srcCap));
        if (!d.ok) return d.err;
        newCap = d.cap; op = 'copy';
        break;
      }
      case Label.CNodeMint: {
        if (length < 6) return SE.truncated();
        const masked = maskCapRights(rightsFromWord(args(4)), srcCap);
        const updated = updateCapData(false, args(5), masked);
        if (updated === null) { newCap = null; op = 'mint'; break; }
        const d = deriveCap(k, srcSlot, updated);
        if (!d.ok) return d.err;
        newCap = d.cap; op = 'mint';
        break;
      }
      case Label.CNodeMove:
        newCap = srcCap; isMove = true; op = 'move';
        break;
      default: // Mutate
        if (length < 5) return SE.truncated();
        newCap = updateCapData(true, args(4), srcCap);
        isMove = true; op = 'mutate';
        break;
    }
    if (newCap === null) {
      capOp(k, op, srcCap, dest, 3);
      return SE.illegalOperation();
    }
    setThreadState(k, cur, TS.Restart);
    if (isMove) cteMove(k, newCap, srcSlot, dest);
    else cteInsert(k, newCap, srcSlot, dest);
    capOp(k, op, newCap, dest, 0);
    return null;
  }
  switch (label) {
    case Label.CNodeRevoke:
      setThreadState(k, cur, TS.Restart);
      capOp(k, 'revoke', getSlot(k, dest), dest, 0);
      cteRevoke(k, dest);
      return null;
    case Label.CNodeDelete:
      setThreadState(k, cur, TS.Restart);
      capOp(k, 'delete', getSlot(k, dest), dest, 0);
      cteDelete(k, dest);
      return null;
    case Label.CNodeCancelBadgedSends: {
      const c = getSlot(k, dest);
      if (c === null || c.type !== CapType.Endpoint || (c.rights & Right.All) !== Right.All) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      if (c.badge !== 0n) cancelBadgedSends(k, k.ep(c.obj), c.badge);
      return null;
    }
    default: // Rotate is not modelled
      return SE.illegalOperation();
  }
}
