/**
 * System call entry (seL4 handleSyscall / handleUnknownSyscall for MCS): budget check,
 * invocation of a cap (send phase), receive phase, Yield, and the debug syscalls.
 */
import { CapType, FaultType, IpcBuf, Reg, Right, Sys, TS, syscallName, errorName, MSG_MAX_LENGTH } from './abi.js';
import type { Kernel } from './kernel.js';
import { EpState, type Cap, type TcbObj } from './objects.js';
import { getSlot, lookupCap, lookupCapReg, lookupSlotReg } from './cspace.js';
import { infoFromReg, lookupExtraCaps, receiveIPC, receiveSignal, replyFromKernelError, replyFromKernelSuccessEmpty } from './ipc.js';
import { chargeBudget, checkBudgetRestart, highestPrio, setThreadState } from './scheduler.js';
import { faultFromException, handleFault } from './faults.js';
import { decodeInvocation } from './invocations.js';
import { LookupKind } from './abi.js';

const missingCap = (bitsLeft: number) => ({ kind: LookupKind.MissingCapability, bitsLeft, bitsFound: 0, guardFound: 0n });

/**
 * Syscall number from a7 (a negative 64-bit value), -1000 when outside ±1000. Read from the
 * register pair without BigInt: every kernel entry from an ecall asks.
 */
export function syscallNumber(t: TcbObj): number {
  const lo = t.regs[2 * Reg.a7], hi = t.regs[2 * Reg.a7 + 1];
  // hi 0 / -1 with lo's sign matching: the value is lo itself (sign-extended 32 bits).
  if ((hi === 0 && lo >= 0) || (hi === -1 && lo < 0)) return lo > 1000 || lo < -1000 ? -1000 : lo;
  return -1000;
}

export function handleSyscall(k: Kernel, t: TcbObj): void {
  const num = syscallNumber(t);
  const obs = k.observer;
  // The event's arguments, read before the call changes the registers (nobody observes: no event text at all).
  const ev = obs?.onSyscall === undefined ? null : {
    pc: t.faultIP, cptr: k.regString(t, Reg.a0), info: k.regString(t, Reg.a1),
    mrs: [k.regString(t, Reg.a2), k.regString(t, Reg.a3), k.regString(t, Reg.a4), k.regString(t, Reg.a5)],
  };
  k.entry.cost = 'syscall';
  const result = num >= Sys.Yield && num <= Sys.Call ? apiSyscall(k, t, num) : unknownSyscall(k, t, num);
  if (ev !== null) {
    obs!.onSyscall!({ cycle: k.now(), thread: t.id, pc: ev.pc, num, name: syscallName(num), cptr: ev.cptr, info: ev.info, mrs: ev.mrs, result });
  }
}

/** Outcome text for the observer. */
function outcome(t: TcbObj, err: string | null): string {
  if (err !== null) return err;
  switch (t.state) {
    case TS.Running: case TS.Restart: return 'ok';
    case TS.BlockedOnSend: return 'blocked-send';
    case TS.BlockedOnReceive: return 'blocked-recv';
    case TS.BlockedOnReply: return 'blocked-reply';
    case TS.BlockedOnNotification: return 'blocked-notification';
    default: return t.fault !== null ? 'fault' : 'inactive';
  }
}

function apiSyscall(k: Kernel, t: TcbObj, num: number): string {
  if (!checkBudgetRestart(k)) return 'budget-exhausted';
  let err: string | null = null;
  switch (num) {
    case Sys.Send: err = handleInvocation(k, t, false, true, false, false, Reg.a0); break;
    case Sys.NBSend: err = handleInvocation(k, t, false, false, false, false, Reg.a0); break;
    case Sys.Call: err = handleInvocation(k, t, true, true, true, false, Reg.a0); break;
    case Sys.Recv: handleRecv(k, t, true, true); break;
    case Sys.NBRecv: handleRecv(k, t, false, true); break;
    case Sys.Wait: handleRecv(k, t, true, false); break;
    case Sys.NBWait: handleRecv(k, t, false, false); break;
    case Sys.ReplyRecv:
      err = handleInvocation(k, t, false, false, true, true, Reg.a6);
      handleRecv(k, t, true, true);
      break;
    case Sys.NBSendRecv:
      err = handleInvocation(k, t, false, false, true, true, Reg.t0);
      handleRecv(k, t, true, true);
      break;
    case Sys.NBSendWait:
      err = handleInvocation(k, t, false, false, true, true, Reg.a6);
      handleRecv(k, t, true, false);
      break;
    case Sys.Yield: handleYield(k); break;
    default: break;
  }
  return outcome(t, err);
}

/**
 * Invoke the cap whose CPtr is in register `cptrReg` (seL4 handleInvocation). Returns an error
 * description for the observer when the invocation failed (the error reply, if any, is already
 * written).
 */
function handleInvocation(
  k: Kernel, t: TcbObj, isCall: boolean, isBlocking: boolean, canDonate: boolean, firstPhase: boolean, cptrReg: number,
): string | null {
  const info = infoFromReg(t, Reg.a1);
  const lu = lookupSlotReg(k, t, cptrReg);
  if (!lu.ok) {
    if (isBlocking) handleFault(k, t, { type: FaultType.Cap, addr: k.getReg(t, cptrReg), inRecvPhase: false, lookup: lu.fault });
    return 'cap-fault';
  }
  const cap = getSlot(k, lu.slot);
  const buffer = k.ipcBuffer(t, false);
  const extra = lookupExtraCaps(k, t, buffer, info.extraCaps);
  if (!extra.ok) {
    if (isBlocking) handleFault(k, t, { type: FaultType.Cap, addr: extra.cptr, inRecvPhase: false, lookup: extra.fault });
    return 'cap-fault';
  }
  let length = info.length;
  if (length > 4 && buffer === 0) length = 4;
  if (length > MSG_MAX_LENGTH) length = MSG_MAX_LENGTH;
  classifyCost(k, cap, isCall, firstPhase, info.extraCaps, length);
  const err = decodeInvocation(k, t, info.label, length, cap, lu.slot, isBlocking, isCall, canDonate, firstPhase, buffer,
    extra.caps);
  if (err !== null) {
    if (isCall) replyFromKernelError(k, t, err);
    return `error:${errorName(err.type)}`;
  }
  if (t.state === TS.Restart) {
    if (isCall) replyFromKernelSuccessEmpty(k, t);
    setThreadState(k, t, TS.Running);
  }
  return null;
}

/**
 * Which of seL4's riscv64 entry paths a Call / ReplyRecv / Send takes (src/fastpath/fastpath.c,
 * MCS). fastpath_call: the endpoint has a waiting receiver, that receiver is passive (the
 * caller's SC is donated) and will run next (priority ≥ the caller's, or the highest ready).
 * fastpath_reply_recv: the reply object holds a caller with no SC of its own (the donated SC goes
 * back with the reply), the caller is the highest-priority runnable thread and no sender is
 * queued on the receive endpoint. Both need ≤ 4 message registers and no caps. riscv64 seL4 has no
 * Signal fastpath; the profile can enable aarch64's (`signalFastpath`).
 */
function classifyCost(k: Kernel, cap: Cap | null, isCall: boolean, twoPhase: boolean, extraCaps: number, length: number): void {
  if (cap === null || extraCaps !== 0) return;
  const cur = k.s.cur !== 0 ? k.tcb(k.s.cur) : null;
  if (cur === null) return;
  if (length <= 4 && isCall && cap.type === CapType.Endpoint) {
    const ep = k.ep(cap.obj);
    if (ep.state !== EpState.Recv) return;
    const dest = k.tcb(ep.queue[0]);
    if (dest.sc === 0 && cur.sc !== 0 && dest.replyObject !== 0 && (dest.priority >= cur.priority || dest.priority >= highestPrio(k))) {
      k.entry.cost = 'fastpathIpc';
    }
    return;
  }
  if (length <= 4 && twoPhase && cap.type === CapType.Reply) {
    const reply = k.reply(cap.obj);
    if (reply.tcb === 0 || !reply.next.isHead || reply.next.ptr !== cur.sc) return;
    const caller = k.tcb(reply.tcb);
    const recvEp = lookupCapReg(k, cur, Reg.a0);
    const sendersQueued = recvEp.ok && recvEp.cap !== null && recvEp.cap.type === CapType.Endpoint && k.ep(recvEp.cap.obj).state === EpState.Send;
    if (caller.sc === 0 && caller.priority >= highestPrio(k) && !sendersQueued) k.entry.cost = 'fastpathIpc';
    return;
  }
  if (!isCall && !twoPhase && cap.type === CapType.Notification && k.costs.signalFastpath !== 0) k.entry.cost = 'fastpathSignal';
}


/** The receive phase (seL4 handleRecv). */
function handleRecv(k: Kernel, t: TcbObj, isBlocking: boolean, canReply: boolean): void {
  // The CPtrs stay in their registers; a BigInt is made only for a fault message.
  const epCPtr = (): bigint => k.getReg(t, Reg.a0);
  const lu = lookupCapReg(k, t, Reg.a0);
  if (!lu.ok) {
    handleFault(k, t, { type: FaultType.Cap, addr: epCPtr(), inRecvPhase: true, lookup: lu.fault });
    return;
  }
  const cap = lu.cap;
  if (cap !== null && cap.type === CapType.Endpoint) {
    if ((cap.rights & Right.Read) === 0) {
      handleFault(k, t, { type: FaultType.Cap, addr: epCPtr(), inRecvPhase: true, lookup: missingCap(0) });
      return;
    }
    let replyCap: Cap | null = null;
    if (canReply) {
      const r = lookupCapReg(k, t, Reg.a6);
      if (!r.ok) {
        handleFault(k, t, { type: FaultType.Cap, addr: k.getReg(t, Reg.a6), inRecvPhase: true, lookup: r.fault });
        return;
      }
      if (r.cap === null || r.cap.type !== CapType.Reply) {
        handleFault(k, t, { type: FaultType.Cap, addr: k.getReg(t, Reg.a6), inRecvPhase: true, lookup: missingCap(0) });
        return;
      }
      replyCap = r.cap;
    }
    receiveIPC(k, t, cap, isBlocking, replyCap);
    return;
  }
  if (cap !== null && cap.type === CapType.Notification) {
    const n = k.ntfn(cap.obj);
    if ((cap.rights & Right.Read) === 0 || (n.boundTcb !== 0 && n.boundTcb !== t.id)) {
      handleFault(k, t, { type: FaultType.Cap, addr: epCPtr(), inRecvPhase: true, lookup: missingCap(0) });
      return;
    }
    receiveSignal(k, t, cap, isBlocking);
    return;
  }
  handleFault(k, t, { type: FaultType.Cap, addr: epCPtr(), inRecvPhase: true, lookup: missingCap(0) });
}

/** MCS Yield: give up the rest of the head refill (the thread waits for its next one). */
function handleYield(k: Kernel): void {
  const sc = k.s.curSC === 0 ? null : k.sc(k.s.curSC);
  if (sc === null || sc.refillMax === 0) return;
  const consumed = sc.consumed + k.s.consumed;
  k.entry.reason = 'yield';
  chargeBudget(k, sc.rAmount[0], false);
  sc.consumed = consumed;
}

function unknownSyscall(k: Kernel, t: TcbObj, num: number): string {
  switch (num) {
    case Sys.DebugPutChar:
      k.entry.cost = 'debugPutChar';
      k.putChar(Number(k.getReg(t, Reg.a0) & 0xffn));
      return 'ok';
    case Sys.DebugDumpScheduler:
    case Sys.DebugSnapshot:
      return 'ok';
    case Sys.DebugHalt:
      k.print(`Debug halt syscall from user thread "${t.name}"\n`);
      // DebugHalt is how a system ends its run: a clean guest exit (code 0).
      k.machine.requestExit({ kind: 'exit', code: 0, source: 'kernel' });
      return 'halt';
    case Sys.DebugCapIdentify: {
      const r = lookupCap(k, t, k.getReg(t, Reg.a0));
      k.setReg(t, Reg.a0, BigInt(r.ok && r.cap !== null ? r.cap.type : CapType.Null));
      return 'ok';
    }
    case Sys.DebugNameThread: {
      const r = lookupCap(k, t, k.getReg(t, Reg.a0));
      const buf = k.ipcBuffer(t, true);
      if (!r.ok || r.cap === null || r.cap.type !== CapType.Thread || buf === 0) {
        k.print('SysDebugNameThread: cap is not a TCB, halting\n');
        k.machine.requestExit({ kind: 'halt', reason: 'seL4_DebugNameThread on a cap that is not a TCB' });
        return 'halt';
      }
      const bus = k.machine.bus;
      const off = bus.ramOffset(buf + IpcBuf.msg);
      let name = '';
      for (let i = 0; i < MSG_MAX_LENGTH * 8 && off + i < bus.ramSize; i++) {
        const c = bus.ram[off + i];
        if (c === 0) break;
        name += String.fromCharCode(c);
      }
      k.tcb(r.cap.obj).name = name;
      return 'ok';
    }
    default:
      if (!checkBudgetRestart(k)) return 'budget-exhausted';
      handleFault(k, t, { type: FaultType.UnknownSyscall, num: BigInt(num) });
      return 'fault';
  }
}

/** A synchronous exception other than ecall: VM fault or user exception. */
export function handleException(k: Kernel, t: TcbObj, cause: number, tvalLo: number, tvalHi: number): void {
  if (!checkBudgetRestart(k)) return;
  handleFault(k, t, faultFromException(cause, tvalLo, tvalHi));
}
