/**
 * Faults: turning traps into seL4 faults, delivering them as a kernel-made Call to the
 * thread's fault (or timeout) endpoint, the fault message registers, and fault replies.
 */
import {
  Cause, CapType, EXCEPTION_MSG_REGS, FaultType, Reg, Right, SYSCALL_MSG_REGS, TIMEOUT_REPLY_REGS, TS, faultName,
} from './abi.js';
import type { Kernel } from './kernel.js';
import { TcbSlot, type Fault, type TcbObj } from './objects.js';
import { getMR, infoFromReg, sendIPC, setMR } from './ipc.js';
import { setThreadState } from './scheduler.js';
import { lookupFailureWords } from './errors.js';
import { schedContextUpdateConsumed } from './sched-context.js';


/** The fault a synchronous exception (not ecall) raises. */
export function faultFromException(cause: number, tvalLo: number, tvalHi: number): Fault {
  const addr = (BigInt(tvalHi >>> 0) << 32n) | BigInt(tvalLo >>> 0);
  switch (cause) {
    case Cause.LoadPage: case Cause.LoadAccess:
      return { type: FaultType.VM, addr, fsr: Cause.LoadAccess, instruction: false };
    case Cause.StorePage: case Cause.StoreAccess:
      return { type: FaultType.VM, addr, fsr: Cause.StoreAccess, instruction: false };
    case Cause.FetchPage: case Cause.FetchAccess:
      return { type: FaultType.VM, addr, fsr: Cause.FetchAccess, instruction: true };
    default:
      return { type: FaultType.UserException, number: cause, code: 0 };
  }
}

const CAUSE_NAMES: Record<number, string> = {
  0: 'instruction address misaligned', 1: 'instruction access fault', 2: 'illegal instruction', 3: 'breakpoint',
  4: 'load address misaligned', 5: 'load access fault', 6: 'store/AMO address misaligned', 7: 'store/AMO access fault',
  8: 'environment call from U-mode', 12: 'instruction page fault', 13: 'load page fault', 15: 'store/AMO page fault',
};
export function causeName(c: number): string { return CAUSE_NAMES[c] ?? `cause ${c}`; }

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

export function describeFault(f: Fault): string {
  switch (f.type) {
    case FaultType.Cap:
      return `cap fault in ${f.inRecvPhase ? 'receive' : 'send'} phase at address ${hex(f.addr)}`;
    case FaultType.UnknownSyscall: return `unknown syscall ${BigInt.asIntN(64, f.num)}`;
    case FaultType.UserException: return `user exception: ${causeName(f.number)}`;
    case FaultType.Timeout: return `timeout fault (sched context badge ${hex(f.badge)})`;
    case FaultType.VM:
      return `vm fault on ${f.instruction ? 'code' : 'data'} at address ${hex(f.addr)} with status ${hex(f.fsr)}`;
  }
}

function faultAddr(f: Fault): bigint {
  switch (f.type) {
    case FaultType.Cap: case FaultType.VM: return f.addr;
    case FaultType.UnknownSyscall: return f.num;
    default: return 0n;
  }
}

/** Deliver `fault` from `t` to its fault endpoint, or suspend `t` if it has none. */
export function handleFault(k: Kernel, t: TcbObj, fault: Fault): void {
  const cap = t.slots[TcbSlot.FaultHandler] ?? null;
  const isEp = cap !== null && cap.type === CapType.Endpoint;
  const toMonitor = isEp && k.ep(cap.obj).monitor;
  k.recordFault(t, faultName(fault.type), faultAddr(fault), isEp && !toMonitor, describeFault(fault));
  if (k.entry.reason === null) k.entry.reason = 'fault';
  if (isEp) {
    t.fault = fault;
    sendIPC(k, true, false, cap.badge, (cap.rights & Right.Grant) !== 0, (cap.rights & Right.GrantReply) !== 0,
      t.sc !== 0, t, k.ep(cap.obj));
    return;
  }
  k.print(`Caught ${describeFault(fault)}\nin thread "${t.name}" at address ${hex(t.faultIP)}: no fault handler, thread suspended\n`);
  setThreadState(k, t, TS.Inactive);
}

export function validTimeoutHandler(t: TcbObj): boolean {
  const cap = t.slots[TcbSlot.TimeoutHandler] ?? null;
  return cap !== null && cap.type === CapType.Endpoint;
}

export function handleTimeout(k: Kernel, t: TcbObj, badge: bigint): void {
  const cap = t.slots[TcbSlot.TimeoutHandler] ?? null;
  if (cap === null || cap.type !== CapType.Endpoint) return;
  const fault: Fault = { type: FaultType.Timeout, badge };
  k.recordFault(t, faultName(fault.type), badge, true, describeFault(fault));
  t.fault = fault;
  sendIPC(k, true, false, cap.badge, (cap.rights & Right.Grant) !== 0, (cap.rights & Right.GrantReply) !== 0,
    false, t, k.ep(cap.obj));
}

/** The fault message words of `sender`'s pending fault (setMRs_fault), in order. */
export function faultWords(k: Kernel, sender: TcbObj): bigint[] {
  const f = sender.fault;
  if (f === null) return [];
  switch (f.type) {
    case FaultType.Cap: {
      const w = [BigInt(sender.faultIP), f.addr, f.inRecvPhase ? 1n : 0n];
      return w.concat(lookupFailureWords(f.lookup));
    }
    case FaultType.UnknownSyscall: {
      const w = SYSCALL_MSG_REGS.map((r) => k.getCtxReg(sender, r));
      w.push(f.num);
      return w;
    }
    case FaultType.UserException: {
      const w = EXCEPTION_MSG_REGS.map((r) => k.getCtxReg(sender, r));
      w.push(BigInt(f.number), BigInt(f.code));
      return w;
    }
    case FaultType.Timeout: {
      const w = [f.badge];
      if (sender.sc !== 0) w.push(schedContextUpdateConsumed(k, k.sc(sender.sc)));
      return w;
    }
    case FaultType.VM:
      return [BigInt(sender.faultIP), f.addr, f.instruction ? 1n : 0n, BigInt(f.fsr)];
  }
}

/** Write `sender`'s fault message into `receiver`; returns the message length. */
export function setMRsFault(k: Kernel, sender: TcbObj, receiver: TcbObj, recvBuf: number): number {
  let len = 0;
  const words = faultWords(k, sender);
  for (let i = 0; i < words.length; i++) len = setMR(k, receiver, recvBuf, i, words[i]);
  return len;
}

/** Apply a fault reply; true if the faulting thread restarts (seL4 handleFaultReply). */
export function handleFaultReply(k: Kernel, faulter: TcbObj, replier: TcbObj): boolean {
  const f = faulter.fault;
  if (f === null) return true;
  const info = infoFromReg(replier, Reg.a1);
  const buf = k.ipcBuffer(replier, false);
  const copy = (regs: readonly number[]): void => {
    const n = Math.min(info.length, regs.length);
    for (let i = 0; i < n; i++) k.setCtxReg(faulter, regs[i], getMR(k, replier, buf, i));
  };
  switch (f.type) {
    case FaultType.Cap: return true;
    case FaultType.UnknownSyscall: copy(SYSCALL_MSG_REGS); return info.label === 0;
    case FaultType.UserException: copy(EXCEPTION_MSG_REGS); return info.label === 0;
    case FaultType.Timeout: copy(TIMEOUT_REPLY_REGS); return info.label === 0;
    case FaultType.VM: return true;
  }
}

