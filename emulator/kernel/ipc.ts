/**
 * IPC: endpoints (send/receive rendezvous, priority-ordered queues), the MCS reply objects and
 * call stack (scheduling-context donation on Call, return on reply), notifications (badge
 * OR-ing, bound notifications, SC lending to passive waiters), message and cap transfer.
 */
import { CapType, FaultType, IpcBuf, MSG_MAX_LENGTH, MSG_REGS, N_MSG_REGS, Reg, TS } from './abi.js';
import type { Kernel } from './kernel.js';
import {
  isRunnableState, type Cap, type EndpointObj, type LookupFault, type NotificationObj, type ReplyObj, type SlotRef,
  type TcbObj,
  EpState, NtfnState,
} from './objects.js';
import {
  isSchedulable, possibleSwitchTo, postpone, rescheduleRequired, scheduleTCB, setThreadState,
} from './scheduler.js';
import { refillReady, refillSufficient, refillUnblockCheck, schedContextDonate, schedContextResume } from './sched-context.js';
import { cteInsert, deriveCap, lookupCap, lookupCapWord, lookupSlotForCNodeOp } from './cspace.js';
import { handleFaultReply, handleTimeout, setMRsFault, validTimeoutHandler } from './faults.js';
import { errorWords, type SyscallError } from './errors.js';
import { monitorReceive } from './monitor.js';

const NULL_LINK = { ptr: 0, isHead: false };
/** No extra caps (shared, never written). */
const NO_EXTRA: ExtraCap[] = [];
const NO_EXTRA_CAPS = { ok: true, caps: NO_EXTRA } as const;

// ------------------------------------------------------------------ message info
/** seL4_MessageInfo. The label is bits 12–63 of the word: 52 bits, exact as a number. */
export interface MessageInfo { label: number; capsUnwrapped: number; extraCaps: number; length: number }

const TWO20 = 1 << 20;

/** The message info in a thread's saved register `r` (read from its 32-bit halves, no BigInt). */
export function infoFromReg(t: TcbObj, r: number): MessageInfo {
  const lo = t.regs[2 * r], hi = t.regs[2 * r + 1];
  const length = lo & 0x7f;
  return {
    label: (lo >>> 12) + (hi >>> 0) * TWO20,
    capsUnwrapped: (lo >>> 9) & 7,
    extraCaps: (lo >>> 7) & 3,
    length: length > MSG_MAX_LENGTH ? MSG_MAX_LENGTH : length,
  };
}

/** Write message info `i` into a thread's saved register `r`. */
export function setInfoReg(k: Kernel, t: TcbObj, r: number, i: MessageInfo): void {
  const label = i.label;
  const lo = ((label % TWO20) << 12) | ((i.capsUnwrapped & 7) << 9) | ((i.extraCaps & 3) << 7) | (i.length & 0x7f);
  k.setRegWord(t, r, lo, Math.floor(label / TWO20) | 0);
}

// ------------------------------------------------------------------ message registers
/** Write message register `offset` of a receiver (seL4 setMR); returns the new length. */
export function setMR(k: Kernel, t: TcbObj, buf: number, offset: number, v: bigint): number {
  if (offset >= N_MSG_REGS) {
    if (buf === 0) return N_MSG_REGS;
    k.writeU64(buf + IpcBuf.msg + 8 * offset, v);
    return offset + 1;
  }
  k.setReg(t, MSG_REGS[offset], v);
  return offset + 1;
}

/** Read message register / syscall argument `i` of a sender (seL4 getSyscallArg). */
export function getMR(k: Kernel, t: TcbObj, buf: number, i: number): bigint {
  if (i < N_MSG_REGS) return k.getReg(t, MSG_REGS[i]);
  if (buf === 0) return 0n;
  return k.readU64(buf + IpcBuf.msg + 8 * i);
}

function copyMRs(k: Kernel, sender: TcbObj, sendBuf: number, receiver: TcbObj, recvBuf: number, n: number): number {
  let i = 0;
  for (; i < n && i < N_MSG_REGS; i++) k.copyReg(receiver, MSG_REGS[i], sender, MSG_REGS[i]);
  if (recvBuf === 0 || sendBuf === 0) return i;
  for (; i < n; i++) k.copyU64(recvBuf + IpcBuf.msg + 8 * i, sendBuf + IpcBuf.msg + 8 * i);
  return i;
}

export function replyFromKernelError(k: Kernel, t: TcbObj, e: SyscallError): void {
  const buf = k.ipcBuffer(t, true);
  k.setReg(t, Reg.a0, 0n);
  let len = 0;
  for (const w of errorWords(e)) len = setMR(k, t, buf, len, w);
  setInfoReg(k, t, Reg.a1, { label: e.type, capsUnwrapped: 0, extraCaps: 0, length: len });
}

export function replyFromKernelSuccessEmpty(k: Kernel, t: TcbObj): void {
  k.setRegWord(t, Reg.a0, 0, 0);
  k.setRegWord(t, Reg.a1, 0, 0);
}

export function doNBRecvFailedTransfer(k: Kernel, t: TcbObj): void {
  k.setRegWord(t, Reg.a0, 0, 0);
}

// ------------------------------------------------------------------ queues
/** MCS endpoint/notification queues: priority ordered, FIFO among equal priorities. */
function queueAppend(k: Kernel, q: number[], t: TcbObj): void {
  let i = q.length;
  while (i > 0 && k.tcb(q[i - 1]).priority < t.priority) i--;
  q.splice(i, 0, t.id);
}

function queueRemove(q: number[], id: number): void {
  const i = q.indexOf(id);
  if (i >= 0) q.splice(i, 1);
}

export function reorderEP(k: Kernel, ep: EndpointObj, t: TcbObj): void {
  queueRemove(ep.queue, t.id);
  queueAppend(k, ep.queue, t);
}

export function reorderNtfn(k: Kernel, n: NotificationObj, t: TcbObj): void {
  queueRemove(n.queue, t.id);
  queueAppend(k, n.queue, t);
}

// ------------------------------------------------------------------ transfer
export interface ExtraCap { cap: Cap; slot: SlotRef }

/** Look up the sender's extra caps (caps_or_badges CPtrs); a failure yields the bad CPtr. */
export function lookupExtraCaps(k: Kernel, t: TcbObj, buf: number, count: number):
  { ok: true; caps: ExtraCap[] } | { ok: false; cptr: bigint; fault: LookupFault } {
  if (buf === 0 || count === 0) return NO_EXTRA_CAPS;
  const caps: ExtraCap[] = [];
  for (let i = 0; i < count; i++) {
    const a = buf + IpcBuf.capsOrBadges + 8 * i;
    const r = lookupCapWord(k, t, k.readLo(a), k.readHi(a));
    if (!r.ok) return { ok: false, cptr: k.readU64(a), fault: r.fault };
    if (r.cap !== null) caps.push({ cap: r.cap, slot: r.slot });
    else caps.push({ cap: { ...nullCap }, slot: r.slot });
  }
  return { ok: true, caps };
}

const nullCap: Cap = {
  type: CapType.Null, obj: 0, badge: 0n, rights: 0, guard: 0n, guardSize: 0, irq: 0, mappedIn: 0, mappedVaddr: 0,
  id: 0, parent: 0, revocable: false, firstBadged: false,
};

function getReceiveSlot(k: Kernel, receiver: TcbObj, buf: number): SlotRef | null {
  const root = k.readU64(buf + IpcBuf.receiveCNode);
  const index = k.readU64(buf + IpcBuf.receiveIndex);
  const depth = k.readU64(buf + IpcBuf.receiveDepth);
  const r = lookupCap(k, receiver, root);
  if (!r.ok) return null;
  const l = lookupSlotForCNodeOp(k, false, r.cap, index, depth);
  if (!l.ok) return null;
  const o = k.obj(l.slot.obj);
  if (o.kind !== 'cnode' || (o.slots[l.slot.index] ?? null) !== null) return null;
  return l.slot;
}

function transferCaps(
  k: Kernel, info: MessageInfo, ep: EndpointObj | null, receiver: TcbObj, recvBuf: number, extra: ExtraCap[],
): MessageInfo {
  info.extraCaps = 0;
  info.capsUnwrapped = 0;
  if (extra.length === 0 || extra[0].cap.type === CapType.Null || recvBuf === 0) return info;
  let dest = getReceiveSlot(k, receiver, recvBuf);
  let i = 0;
  for (; i < extra.length && i < 3 && extra[i].cap.type !== CapType.Null; i++) {
    const { cap, slot } = extra[i];
    if (cap.type === CapType.Endpoint && ep !== null && cap.obj === ep.id) {
      k.writeU64(recvBuf + IpcBuf.capsOrBadges + 8 * i, cap.badge);
      info.capsUnwrapped |= 1 << i;
    } else {
      if (dest === null) break;
      const d = deriveCap(k, slot, cap);
      if (!d.ok || d.cap === null) break;
      const c = cteInsert(k, d.cap, slot, dest);
      k.observer?.onCapOp?.({
        cycle: k.now(), thread: receiver.id, op: 'transfer', srcObject: c.obj === 0 ? null : c.obj,
        destCnode: dest.obj, destSlot: dest.index, badge: c.badge.toString(), rights: c.rights, error: 0,
      });
      dest = null;
    }
  }
  info.extraCaps = i;
  return info;
}

function doNormalTransfer(
  k: Kernel, sender: TcbObj, sendBuf: number, ep: EndpointObj | null, badge: bigint, canGrant: boolean,
  receiver: TcbObj, recvBuf: number,
): MessageInfo {
  let info = infoFromReg(sender, Reg.a1);
  let extra: ExtraCap[] = NO_EXTRA;
  if (canGrant && info.extraCaps !== 0) {
    const r = lookupExtraCaps(k, sender, sendBuf, info.extraCaps);
    if (r.ok) extra = r.caps;
  }
  const sent = copyMRs(k, sender, sendBuf, receiver, recvBuf, info.length);
  info = transferCaps(k, info, ep, receiver, recvBuf, extra);
  info.length = sent;
  setInfoReg(k, receiver, Reg.a1, info);
  k.setReg(receiver, Reg.a0, badge);
  return info;
}

export function doIPCTransfer(
  k: Kernel, sender: TcbObj, ep: EndpointObj | null, badge: bigint, canGrant: boolean, receiver: TcbObj,
  kind: 'send' | 'call' | 'reply',
): void {
  const recvBuf = k.ipcBuffer(receiver, true);
  let info: MessageInfo;
  let ipcKind: 'send' | 'call' | 'reply' | 'fault' = kind;
  if (sender.fault === null) {
    info = doNormalTransfer(k, sender, k.ipcBuffer(sender, false), ep, badge, canGrant, receiver, recvBuf);
  } else {
    const len = setMRsFault(k, sender, receiver, recvBuf);
    info = { label: sender.fault.type, capsUnwrapped: 0, extraCaps: 0, length: len };
    setInfoReg(k, receiver, Reg.a1, info);
    k.setReg(receiver, Reg.a0, badge);
    ipcKind = 'fault';
  }
  k.observer?.onIpc?.({
    cycle: k.now(), transfer: ipcKind, sender: sender.id, receiver: receiver.id, endpoint: ep === null ? null : ep.id,
    badge: badge.toString(), label: String(info.label), length: info.length, caps: info.extraCaps,
  });
}

// ------------------------------------------------------------------ reply objects (MCS)
export function replyUnlink(k: Kernel, reply: ReplyObj, t: TcbObj): void {
  t.replyObject = 0;
  reply.tcb = 0;
  setThreadState(k, t, TS.Inactive);
}

/** Link `caller` to `reply` and, if allowed, donate its SC to `callee` (push on the call stack). */
export function replyPush(k: Kernel, caller: TcbObj, callee: TcbObj, reply: ReplyObj, canDonate: boolean): void {
  const donated = caller.sc;
  reply.tcb = caller.id;
  caller.state = TS.BlockedOnReply;
  caller.replyObject = reply.id;
  scheduleTCB(k, caller);
  k.reportThread(caller);
  if (donated !== 0 && callee.sc === 0 && canDonate) {
    const sc = k.sc(donated);
    const old = sc.reply;
    if (old !== 0) k.reply(old).next = { ptr: reply.id, isHead: false };
    reply.prev = { ptr: old, isHead: false };
    sc.reply = reply.id;
    reply.next = { ptr: sc.id, isHead: true };
    schedContextDonate(k, sc, callee);
    k.entry.donatedTo = callee.id;
  }
}

function replyPop(k: Kernel, reply: ReplyObj, t: TcbObj): void {
  const scId = reply.next.ptr;
  const prev = reply.prev.ptr;
  const sc = k.sc(scId);
  sc.reply = prev;
  if (prev !== 0) k.reply(prev).next = { ...reply.next };
  reply.next = { ...NULL_LINK };
  if (t.sc === 0) schedContextDonate(k, sc, t);
  reply.prev = { ...NULL_LINK };
  replyUnlink(k, reply, t);
}

export function replyRemove(k: Kernel, reply: ReplyObj, t: TcbObj): void {
  const next = reply.next;
  const prev = reply.prev.ptr;
  if (next.ptr !== 0 && next.isHead) {
    replyPop(k, reply, t);
    return;
  }
  if (next.ptr !== 0) k.reply(next.ptr).prev = { ...NULL_LINK };
  if (prev !== 0) k.reply(prev).next = { ...NULL_LINK };
  reply.prev = { ...NULL_LINK };
  reply.next = { ...NULL_LINK };
  replyUnlink(k, reply, t);
}

export function replyRemoveTcb(k: Kernel, t: TcbObj): void {
  const reply = k.reply(t.replyObject);
  const next = reply.next;
  const prev = reply.prev.ptr;
  if (next.ptr !== 0) {
    if (next.isHead) k.sc(next.ptr).reply = 0;
    else k.reply(next.ptr).prev = { ...NULL_LINK };
  }
  if (prev !== 0) k.reply(prev).next = { ...NULL_LINK };
  reply.prev = { ...NULL_LINK };
  reply.next = { ...NULL_LINK };
  replyUnlink(k, reply, t);
}

/** Reply through `reply` (a Send on a reply cap, or the reply half of ReplyRecv). */
export function doReplyTransfer(k: Kernel, sender: TcbObj, reply: ReplyObj, grant: boolean): void {
  if (reply.tcb === 0) return;
  const receiver = k.tcb(reply.tcb);
  if (receiver.state !== TS.BlockedOnReply) return;
  // reply_remove leaves the receiver Inactive for a moment; it gets its real state below.
  k.holdReports = receiver.id;
  replyRemove(k, reply, receiver);
  if (receiver.sc !== 0) {
    const sc = k.sc(receiver.sc);
    if (sc.sporadic && sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
  }
  const fault = receiver.fault;
  if (fault === null) {
    doIPCTransfer(k, sender, null, 0n, grant, receiver, 'reply');
    k.holdReports = 0;
    setThreadState(k, receiver, TS.Running);
  } else {
    const restart = handleFaultReply(k, receiver, sender);
    receiver.fault = null;
    k.observer?.onIpc?.({
      cycle: k.now(), transfer: 'reply', sender: sender.id, receiver: receiver.id, endpoint: null, badge: '0',
      label: String(infoFromReg(sender, Reg.a1).label), length: 0, caps: 0,
    });
    k.holdReports = 0;
    setThreadState(k, receiver, restart ? TS.Restart : TS.Inactive);
  }
  k.entry.repliedTo = receiver.id;
  if (receiver.sc !== 0 && isRunnableState(receiver.state)) {
    const sc = k.sc(receiver.sc);
    if (refillReady(k, sc) && refillSufficient(k, sc, 0)) {
      possibleSwitchTo(k, receiver);
    } else if (validTimeoutHandler(receiver) && (fault === null || fault.type !== FaultType.Timeout)) {
      handleTimeout(k, receiver, sc.badge);
    } else {
      postpone(k, sc);
    }
  }
}

// ------------------------------------------------------------------ endpoints
function blockOn(k: Kernel, t: TcbObj, state: TS, obj: number): void {
  t.state = state;
  t.blockingObject = obj;
  scheduleTCB(k, t);
}

export function sendIPC(
  k: Kernel, blocking: boolean, doCall: boolean, badge: bigint, canGrant: boolean, canGrantReply: boolean,
  canDonate: boolean, thread: TcbObj, ep: EndpointObj,
): void {
  if (ep.monitor) {
    monitorReceive(k, thread, badge, doCall);
    return;
  }
  if (ep.state === EpState.Idle || ep.state === EpState.Send) {
    if (!blocking) return;
    blockOn(k, thread, TS.BlockedOnSend, ep.id);
    thread.blockingBadge = badge;
    thread.blockingCanGrant = canGrant;
    thread.blockingCanGrantReply = canGrantReply;
    thread.blockingIsCall = doCall;
    queueAppend(k, ep.queue, thread);
    ep.state = EpState.Send;
    k.reportThread(thread);
    return;
  }
  // A receiver is waiting.
  const dest = k.tcb(ep.queue.shift() as number);
  if (ep.queue.length === 0) ep.state = EpState.Idle;
  doIPCTransfer(k, thread, ep, badge, canGrant, dest, doCall ? 'call' : 'send');
  const reply = dest.replyObject === 0 ? null : k.reply(dest.replyObject);
  // reply_unlink leaves the receiver Inactive (and a donation reports it) until it is set
  // Running below, all in this entry: not an interval worth reporting.
  k.holdReports = dest.id;
  if (reply !== null) replyUnlink(k, reply, dest);
  if (doCall || thread.fault !== null) {
    if (reply !== null && (canGrant || canGrantReply)) replyPush(k, thread, dest, reply, canDonate);
    else setThreadState(k, thread, TS.Inactive);
  } else if (canDonate && dest.sc === 0 && thread.sc !== 0) {
    schedContextDonate(k, k.sc(thread.sc), dest);
    k.entry.donatedTo = dest.id;
  }
  k.holdReports = 0;
  setThreadState(k, dest, TS.Running);
  if (dest.sc !== 0) {
    const sc = k.sc(dest.sc);
    if (sc.sporadic && sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
  }
  possibleSwitchTo(k, dest);
}

export function receiveIPC(k: Kernel, thread: TcbObj, epCap: Cap, isBlocking: boolean, replyCap: Cap | null): void {
  const ep = k.ep(epCap.obj);
  const reply = replyCap !== null && replyCap.type === CapType.Reply ? k.reply(replyCap.obj) : null;
  if (reply !== null && reply.tcb !== 0 && reply.tcb !== thread.id) cancelIPC(k, k.tcb(reply.tcb));
  const ntfn = thread.boundNtfn === 0 ? null : k.ntfn(thread.boundNtfn);
  if (ntfn !== null && ntfn.state === NtfnState.Active) {
    completeSignal(k, ntfn, thread);
    return;
  }
  if (ntfn !== null && isBlocking) maybeReturnSchedContext(k, ntfn, thread);
  if (ep.state === EpState.Idle || ep.state === EpState.Recv) {
    if (!isBlocking) { doNBRecvFailedTransfer(k, thread); return; }
    blockOn(k, thread, TS.BlockedOnReceive, ep.id);
    thread.replyObject = reply === null ? 0 : reply.id;
    if (reply !== null) reply.tcb = thread.id;
    queueAppend(k, ep.queue, thread);
    ep.state = EpState.Recv;
    k.reportThread(thread);
    return;
  }
  // A sender is waiting.
  const sender = k.tcb(ep.queue.shift() as number);
  if (ep.queue.length === 0) ep.state = EpState.Idle;
  const badge = sender.blockingBadge;
  const canGrant = sender.blockingCanGrant;
  const canGrantReply = sender.blockingCanGrantReply;
  const doCall = sender.blockingIsCall;
  doIPCTransfer(k, sender, ep, badge, canGrant, thread, doCall ? 'call' : 'send');
  if (sender.sc !== 0) {
    const sc = k.sc(sender.sc);
    if (sc.sporadic && sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
  }
  if (doCall || sender.fault !== null) {
    if ((canGrant || canGrantReply) && reply !== null) {
      const canDonate = sender.sc !== 0 && (sender.fault === null || sender.fault.type !== FaultType.Timeout);
      replyPush(k, sender, thread, reply, canDonate);
    } else {
      setThreadState(k, sender, TS.Inactive);
    }
  } else {
    setThreadState(k, sender, TS.Running);
    possibleSwitchTo(k, sender);
  }
}

export function cancelIPC(k: Kernel, t: TcbObj): void {
  t.fault = null;
  switch (t.state) {
    case TS.BlockedOnSend:
    case TS.BlockedOnReceive: {
      const ep = k.ep(t.blockingObject);
      queueRemove(ep.queue, t.id);
      if (ep.queue.length === 0) ep.state = EpState.Idle;
      if (t.replyObject !== 0) replyUnlink(k, k.reply(t.replyObject), t);
      setThreadState(k, t, TS.Inactive);
      break;
    }
    case TS.BlockedOnNotification:
      cancelSignal(k, t, k.ntfn(t.blockingObject));
      break;
    case TS.BlockedOnReply:
      replyRemoveTcb(k, t);
      break;
    default:
      break;
  }
}

function restartCancelled(k: Kernel, t: TcbObj): void {
  if (t.fault === null) {
    setThreadState(k, t, TS.Restart);
    if (t.sc !== 0) {
      const sc = k.sc(t.sc);
      if (sc.sporadic && sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
    }
    possibleSwitchTo(k, t);
  } else {
    setThreadState(k, t, TS.Inactive);
  }
}

export function cancelAllIPC(k: Kernel, ep: EndpointObj): void {
  if (ep.state === EpState.Idle) return;
  const q = ep.queue;
  ep.queue = [];
  ep.state = EpState.Idle;
  for (const id of q) {
    const t = k.tcb(id);
    if (t.replyObject !== 0) replyUnlink(k, k.reply(t.replyObject), t);
    restartCancelled(k, t);
  }
  rescheduleRequired(k);
}

export function cancelBadgedSends(k: Kernel, ep: EndpointObj, badge: bigint): void {
  if (ep.state !== EpState.Send) return;
  const keep: number[] = [];
  for (const id of ep.queue) {
    const t = k.tcb(id);
    if (t.blockingBadge === badge) restartCancelled(k, t);
    else keep.push(id);
  }
  ep.queue = keep;
  ep.state = keep.length > 0 ? EpState.Send : EpState.Idle;
  rescheduleRequired(k);
}

// ------------------------------------------------------------------ notifications
function maybeDonateSchedContext(k: Kernel, t: TcbObj, n: NotificationObj): void {
  if (t.sc !== 0 || n.sc === 0) return;
  const sc = k.sc(n.sc);
  if (sc.tcb !== 0) return;
  schedContextDonate(k, sc, t);
  if (sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
  schedContextResume(k, sc);
}

export function maybeReturnSchedContext(k: Kernel, n: NotificationObj, t: TcbObj): void {
  if (n.sc === 0 || n.sc !== t.sc) return;
  const sc = k.sc(n.sc);
  t.sc = 0;
  sc.tcb = 0;
  if (t.id === k.s.cur) rescheduleRequired(k);
  k.reportThread(t);
}

/** Wake `t` with `badge`, lending it the notification's SC if it is passive. */
function wakeWithSignal(k: Kernel, t: TcbObj, n: NotificationObj, badge: bigint): void {
  // A passive thread is Running without an SC (reads `inactive`) until the notification's SC
  // is donated below: report only where it ends up.
  k.holdReports = t.id;
  setThreadState(k, t, TS.Running);
  k.setReg(t, Reg.a0, badge);
  if (t.sc !== 0) {
    const sc = k.sc(t.sc);
    if (sc.sporadic && sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
  }
  maybeDonateSchedContext(k, t, n);
  k.holdReports = 0;
  k.reportThread(t);
  if (isSchedulable(k, t)) possibleSwitchTo(k, t);
}

export function sendSignal(k: Kernel, n: NotificationObj, badge: bigint, sender: number | null): void {
  let woke: number | null = null;
  switch (n.state) {
    case NtfnState.Idle: {
      const t = n.boundTcb === 0 ? null : k.tcb(n.boundTcb);
      if (t !== null && t.state === TS.BlockedOnReceive) {
        k.holdReports = t.id; // cancelIPC leaves it Inactive; woken at once below
        cancelIPC(k, t);
        wakeWithSignal(k, t, n, badge);
        woke = t.id;
      } else {
        n.state = NtfnState.Active;
        n.word = badge;
      }
      break;
    }
    case NtfnState.Waiting: {
      const t = k.tcb(n.queue.shift() as number);
      if (n.queue.length === 0) n.state = NtfnState.Idle;
      wakeWithSignal(k, t, n, badge);
      woke = t.id;
      break;
    }
    case NtfnState.Active:
      n.word |= badge;
      break;
  }
  k.observer?.onSignal?.({ cycle: k.now(), notification: n.id, sender, badge: badge.toString(), woke });
}

export function receiveSignal(k: Kernel, t: TcbObj, cap: Cap, isBlocking: boolean): void {
  const n = k.ntfn(cap.obj);
  if (n.state === NtfnState.Active) {
    k.setReg(t, Reg.a0, n.word);
    n.state = NtfnState.Idle;
    n.word = 0n;
    maybeDonateSchedContext(k, t, n);
    return;
  }
  if (!isBlocking) { doNBRecvFailedTransfer(k, t); return; }
  blockOn(k, t, TS.BlockedOnNotification, n.id);
  maybeReturnSchedContext(k, n, t);
  queueAppend(k, n.queue, t);
  n.state = NtfnState.Waiting;
  k.reportThread(t);
}

/** seL4 src/object/notification.c completeSignal (MCS): a passive receiver gets the notification's SC. */
function completeSignal(k: Kernel, n: NotificationObj, t: TcbObj): void {
  k.setReg(t, Reg.a0, n.word);
  n.state = NtfnState.Idle;
  n.word = 0n;
  maybeDonateSchedContext(k, t, n);
  if (t.sc !== 0 && t.sc !== k.s.curSC) {
    const sc = k.sc(t.sc);
    if (sc.sporadic) refillUnblockCheck(k, sc);
  }
}

export function cancelSignal(k: Kernel, t: TcbObj, n: NotificationObj): void {
  queueRemove(n.queue, t.id);
  if (n.queue.length === 0) n.state = NtfnState.Idle;
  setThreadState(k, t, TS.Inactive);
}

export function cancelAllSignals(k: Kernel, n: NotificationObj): void {
  if (n.state !== NtfnState.Waiting) return;
  const q = n.queue;
  n.queue = [];
  n.state = NtfnState.Idle;
  for (const id of q) {
    const t = k.tcb(id);
    setThreadState(k, t, TS.Restart);
    possibleSwitchTo(k, t);
  }
  rescheduleRequired(k);
}

export function bindNotification(t: TcbObj, n: NotificationObj): void {
  n.boundTcb = t.id;
  t.boundNtfn = n.id;
}

export function unbindNotification(k: Kernel, t: TcbObj): void {
  if (t.boundNtfn === 0) return;
  k.ntfn(t.boundNtfn).boundTcb = 0;
  t.boundNtfn = 0;
}

export function unbindMaybeNotification(k: Kernel, n: NotificationObj): void {
  if (n.boundTcb === 0) return;
  k.tcb(n.boundTcb).boundNtfn = 0;
  n.boundTcb = 0;
}
