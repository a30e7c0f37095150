/**
 * Scheduling contexts: the sporadic-server refill algorithms (seL4 sporadic.c semantics:
 * refill_new/update/budget_check/unblock_check with schedule_used merging), binding and
 * donation, and the SchedContext / SchedControl invocations. All times in cycles.
 */
import { CapType, CORE_SC_BYTES, Label, MIN_REFILLS, REFILL_BYTES, TS } from './abi.js';
import type { Kernel } from './kernel.js';
import type { Cap, NotificationObj, SchedContextObj, TcbObj } from './objects.js';
import { SE, type SyscallError } from './errors.js';
import {
  isSchedulable, possibleSwitchTo, postpone, rescheduleRequired, setThreadState, tcbReleaseRemove,
  tcbSchedDequeue, tcbSchedEnqueue, commitTime,
} from './scheduler.js';
import { setMR } from './ipc.js';

/** Refill release times beyond this are not advanced further (seL4 MAX_RELEASE_TIME guard). */
const MAX_RELEASE_TIME = 2 ** 52;

// ------------------------------------------------------------------ refill queue
export function isRoundRobin(sc: SchedContextObj): boolean { return sc.period === 0; }

/** seL4 ≥ 13 include/kernel/sporadic.h refill_ready: the head refill is strictly due. */
export function refillReady(k: Kernel, sc: SchedContextObj): boolean {
  return sc.rTime[0] <= k.s.curTime;
}

export function refillCapacity(sc: SchedContextObj, usage: number): number {
  const head = sc.rAmount[0];
  return usage > head ? 0 : head - usage;
}

export function refillSufficient(k: Kernel, sc: SchedContextObj, usage: number): boolean {
  return refillCapacity(sc, usage) >= k.minBudget;
}

function popHead(sc: SchedContextObj): [number, number] {
  const t = sc.rTime.shift() as number;
  const a = sc.rAmount.shift() as number;
  return [t, a];
}

function addTail(sc: SchedContextObj, time: number, amount: number): void {
  sc.rTime.push(time);
  sc.rAmount.push(amount);
}

function maybeAddEmptyTail(sc: SchedContextObj): void {
  if (isRoundRobin(sc)) addTail(sc, sc.rTime[0], 0);
}

/** Start an inactive SC with its full budget available now. */
export function refillNew(k: Kernel, sc: SchedContextObj, maxRefills: number, budget: number, period: number): void {
  sc.period = period;
  sc.refillMax = maxRefills;
  sc.rTime = [k.s.curTime];
  sc.rAmount = [budget];
  maybeAddEmptyTail(sc);
}

/** Reconfigure an active SC without exceeding the new budget over the new period. */
export function refillUpdate(k: Kernel, sc: SchedContextObj, newPeriod: number, newBudget: number, newMax: number): void {
  sc.rTime = [sc.rTime[0]];
  sc.rAmount = [sc.rAmount[0]];
  sc.refillMax = newMax;
  sc.period = newPeriod;
  if (refillReady(k, sc)) sc.rTime[0] = k.s.curTime;
  if (sc.rAmount[0] >= newBudget) {
    sc.rAmount[0] = newBudget;
    maybeAddEmptyTail(sc);
  } else {
    addTail(sc, sc.rTime[0] + newPeriod, newBudget - sc.rAmount[0]);
  }
}

/** Schedule a used amount for replenishment, merging with the tail when they overlap or it is full. */
function scheduleUsed(sc: SchedContextObj, time: number, amount: number): void {
  const last = sc.rTime.length - 1;
  if (sc.rTime[last] + sc.rAmount[last] >= time) {
    sc.rAmount[last] += amount;
  } else if (sc.rTime.length < sc.refillMax) {
    addTail(sc, time, amount);
  } else {
    sc.rTime[last] = time - sc.rAmount[last];
    sc.rAmount[last] += amount;
  }
}

function headOverlapping(sc: SchedContextObj): boolean {
  return sc.rTime.length > 1 && sc.rTime[1] <= sc.rTime[0] + sc.rAmount[0];
}

/** Charge `usage` to a sporadic SC's head refill(s) (seL4 refill_budget_check). */
export function refillBudgetCheck(k: Kernel, sc: SchedContextObj, usage: number): void {
  while (sc.rAmount[0] <= usage && sc.rTime[0] < MAX_RELEASE_TIME) {
    usage -= sc.rAmount[0];
    if (sc.rTime.length === 1) {
      sc.rTime[0] += sc.period;
    } else {
      const [t, a] = popHead(sc);
      scheduleUsed(sc, t + sc.period, a);
    }
  }
  if (usage > 0 && sc.rTime[0] < MAX_RELEASE_TIME) {
    const usedTime = sc.rTime[0] + sc.period;
    sc.rAmount[0] -= usage;
    // Keep the head no more than a period before the tail (see seL4's comment).
    sc.rTime[0] += usage;
    scheduleUsed(sc, usedTime, usage);
  }
  while (sc.rAmount[0] < k.minBudget && sc.rTime.length > 1) {
    const [, a] = popHead(sc);
    sc.rAmount[0] += a;
    sc.rTime[0] -= a;
  }
}

/** On unblock: a ready head moves to now and overlapping refills merge. */
export function refillUnblockCheck(k: Kernel, sc: SchedContextObj): void {
  if (isRoundRobin(sc) || sc.refillMax === 0) return;
  if (refillReady(k, sc)) {
    sc.rTime[0] = k.s.curTime;
    k.s.reprogram = true;
    while (headOverlapping(sc)) {
      const [t, a] = popHead(sc);
      sc.rTime[0] = t;
      sc.rAmount[0] += a;
    }
  }
}

/** Most refills an SC object of 2^sizeBits bytes holds. */
export function refillAbsoluteMax(sizeBits: number): number {
  return Math.floor((2 ** sizeBits - CORE_SC_BYTES) / REFILL_BYTES) + MIN_REFILLS;
}

// ------------------------------------------------------------------ binding
export function schedContextResume(k: Kernel, sc: SchedContextObj): void {
  if (sc.tcb === 0) return;
  const t = k.tcb(sc.tcb);
  if (isSchedulable(k, t) && !(refillReady(k, sc) && refillSufficient(k, sc, 0))) postpone(k, sc);
}

export function schedContextBindTCB(k: Kernel, sc: SchedContextObj, t: TcbObj): void {
  t.sc = sc.id;
  sc.tcb = t.id;
  if (sc.sporadic && sc.refillMax > 0 && sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
  schedContextResume(k, sc);
  if (isSchedulable(k, t)) {
    tcbSchedEnqueue(k, t);
    rescheduleRequired(k);
  }
  k.reportThread(t);
}

export function schedContextUnbindTCB(k: Kernel, sc: SchedContextObj): void {
  if (sc.tcb === 0) return;
  const t = k.tcb(sc.tcb);
  if (t.id === k.s.cur) rescheduleRequired(k);
  tcbSchedDequeue(k, t);
  tcbReleaseRemove(k, t);
  t.sc = 0;
  sc.tcb = 0;
  k.reportThread(t);
}

/** Lend `sc` to `to` (which has none), taking it from its current thread. */
export function schedContextDonate(k: Kernel, sc: SchedContextObj, to: TcbObj): void {
  if (sc.tcb !== 0) {
    const from = k.tcb(sc.tcb);
    tcbSchedDequeue(k, from);
    tcbReleaseRemove(k, from);
    from.sc = 0;
    if (from.id === k.s.cur || from.id === k.s.action) rescheduleRequired(k);
    k.reportThread(from);
  }
  sc.tcb = to.id;
  to.sc = sc.id;
  k.reportThread(to);
}

export function schedContextBindNtfn(sc: SchedContextObj, n: NotificationObj): void {
  n.sc = sc.id;
  sc.ntfn = n.id;
}

export function schedContextUnbindNtfn(k: Kernel, sc: SchedContextObj): void {
  if (sc.ntfn === 0) return;
  k.ntfn(sc.ntfn).sc = 0;
  sc.ntfn = 0;
}

/** Consumed time in µs since the last report, resetting it (seL4 schedContext_updateConsumed). */
export function schedContextUpdateConsumed(k: Kernel, sc: SchedContextObj): bigint {
  const us = Math.floor(sc.consumed / k.cyclesPerUs);
  sc.consumed = 0;
  return BigInt(us);
}

function replyConsumed(k: Kernel, t: TcbObj, consumed: bigint): void {
  const buf = k.ipcBuffer(t, true);
  k.setReg(t, 10, 0n);
  const len = setMR(k, t, buf, 0, consumed);
  k.setReg(t, 11, BigInt(len));
}

export function schedContextCancelYieldTo(k: Kernel, t: TcbObj): void {
  if (t.yieldTo === 0) return;
  const sc = k.s.objects[t.yieldTo];
  if (sc && sc.kind === 'sc') sc.yieldFrom = 0;
  t.yieldTo = 0;
}

export function schedContextCompleteYieldTo(k: Kernel, yielder: TcbObj): void {
  if (yielder.yieldTo === 0) return;
  replyConsumed(k, yielder, schedContextUpdateConsumed(k, k.sc(yielder.yieldTo)));
  schedContextCancelYieldTo(k, yielder);
}

// ------------------------------------------------------------------ invocations
export function decodeSchedContextInvocation(
  k: Kernel, label: number, sc: SchedContextObj, call: boolean, extraCaps: Cap[],
): SyscallError | null {
  const cur = k.tcb(k.s.cur);
  switch (label) {
    case Label.SchedContextConsumed: {
      setThreadState(k, cur, TS.Restart);
      const c = schedContextUpdateConsumed(k, sc);
      if (call) replyConsumed(k, cur, c);
      setThreadState(k, cur, TS.Running);
      return null;
    }
    case Label.SchedContextBind: {
      const cap = extraCaps[0] ?? null;
      if (cap === null) return SE.truncated();
      if (cap.type === CapType.Thread) {
        const t = k.tcb(cap.obj);
        if (sc.tcb !== 0 || t.sc !== 0) return SE.illegalOperation();
        const blocked = t.state !== TS.Running && t.state !== TS.Restart && t.state !== TS.Inactive;
        if (blocked && !(sc.refillMax > 0 && refillReady(k, sc) && refillSufficient(k, sc, 0))) return SE.illegalOperation();
        setThreadState(k, cur, TS.Restart);
        schedContextBindTCB(k, sc, t);
        return null;
      }
      if (cap.type === CapType.Notification) {
        const n = k.ntfn(cap.obj);
        if (sc.ntfn !== 0 || n.sc !== 0) return SE.illegalOperation();
        setThreadState(k, cur, TS.Restart);
        schedContextBindNtfn(sc, n);
        return null;
      }
      return SE.invalidCapability(1);
    }
    case Label.SchedContextUnbindObject: {
      const cap = extraCaps[0] ?? null;
      if (cap === null) return SE.truncated();
      if (cap.type === CapType.Thread) {
        if (sc.tcb !== cap.obj || sc.tcb === k.s.cur) return SE.illegalOperation();
        setThreadState(k, cur, TS.Restart);
        schedContextUnbindTCB(k, sc);
        return null;
      }
      if (cap.type === CapType.Notification) {
        if (sc.ntfn !== cap.obj) return SE.illegalOperation();
        setThreadState(k, cur, TS.Restart);
        schedContextUnbindNtfn(k, sc);
        return null;
      }
      return SE.invalidCapability(1);
    }
    case Label.SchedContextUnbind: {
      if (sc.tcb === k.s.cur) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      schedContextUnbindTCB(k, sc);
      schedContextUnbindNtfn(k, sc);
      if (sc.reply !== 0) {
        k.reply(sc.reply).next = { ptr: 0, isHead: false };
        sc.reply = 0;
      }
      return null;
    }
    case Label.SchedContextYieldTo: {
      if (sc.tcb === 0 || sc.tcb === k.s.cur) return SE.illegalOperation();
      const t = k.tcb(sc.tcb);
      if (t.priority > cur.mcp || cur.yieldTo !== 0) return SE.illegalOperation();
      setThreadState(k, cur, TS.Restart);
      invokeYieldTo(k, sc, cur, call);
      return null;
    }
    default:
      return SE.illegalOperation();
  }
}

function invokeYieldTo(k: Kernel, sc: SchedContextObj, cur: TcbObj, call: boolean): void {
  if (sc.yieldFrom !== 0) schedContextCompleteYieldTo(k, k.tcb(sc.yieldFrom));
  schedContextResume(k, sc);
  const t = k.tcb(sc.tcb);
  let returnNow = true;
  if (isSchedulable(k, t)) {
    if (t.priority < cur.priority) {
      tcbSchedDequeue(k, t);
      tcbSchedEnqueue(k, t);
    } else {
      cur.yieldTo = sc.id;
      sc.yieldFrom = cur.id;
      tcbSchedDequeue(k, t);
      tcbSchedEnqueue(k, cur);
      tcbSchedEnqueue(k, t);
      rescheduleRequired(k);
      returnNow = false;
    }
  }
  if (returnNow) {
    const c = schedContextUpdateConsumed(k, sc);
    if (call) replyConsumed(k, cur, c);
    setThreadState(k, cur, TS.Running);
  }
}

/** SchedControl_ConfigureFlags: budget/period in µs, extra refills, badge, flags (bit0 sporadic). */
export function decodeSchedControlInvocation(
  k: Kernel, label: number, args: (i: number) => bigint, length: number, extraCaps: Cap[],
): SyscallError | null {
  if (label !== Label.SchedControlConfigureFlags) return SE.illegalOperation();
  const target = extraCaps[0] ?? null;
  if (target === null || length < 5) return SE.truncated();
  const budgetUs = args(0), periodUs = args(1), extra = args(2), badge = args(3), flags = args(4);
  if (target.type !== CapType.SchedContext) return SE.invalidCapability(1);
  const maxUs = BigInt(Math.floor(2 ** 52 / k.cyclesPerUs));
  const minUs = BigInt(Math.ceil(k.minBudget / k.cyclesPerUs));
  if (budgetUs > maxUs || budgetUs < minUs) return SE.range(minUs, maxUs);
  if (periodUs > maxUs || periodUs < minUs) return SE.range(minUs, maxUs);
  if (budgetUs > periodUs) return SE.range(minUs, periodUs);
  const sc = k.sc(target.obj);
  const absMax = refillAbsoluteMax(sc.sizeBits);
  if (extra + BigInt(MIN_REFILLS) > BigInt(absMax)) return SE.range(0, absMax - MIN_REFILLS);
  setThreadState(k, k.tcb(k.s.cur), TS.Restart);
  configureSchedContext(k, sc, Number(budgetUs) * k.cyclesPerUs, Number(periodUs) * k.cyclesPerUs,
    Number(extra) + MIN_REFILLS, badge, (flags & 1n) !== 0n);
  return null;
}

/** invokeSchedControl_ConfigureFlags (also used by the loader). Times in cycles. */
export function configureSchedContext(
  k: Kernel, sc: SchedContextObj, budget: number, period: number, maxRefills: number, badge: bigint, sporadic: boolean,
): void {
  sc.badge = badge;
  sc.sporadic = sporadic;
  sc.budget = budget;
  if (sc.tcb !== 0) {
    const t = k.tcb(sc.tcb);
    tcbReleaseRemove(k, t);
    tcbSchedDequeue(k, t);
    if (k.s.curSC === sc.id) commitTime(k);
  }
  if (budget === period) {
    period = 0;
    maxRefills = MIN_REFILLS;
  }
  if (sc.refillMax > 0 && sc.tcb !== 0 && (k.tcb(sc.tcb).state === TS.Running || k.tcb(sc.tcb).state === TS.Restart)) {
    refillUpdate(k, sc, period, budget, maxRefills);
  } else {
    refillNew(k, sc, maxRefills, budget, period);
  }
  if (sc.tcb !== 0 && sc.refillMax > 0) {
    const t = k.tcb(sc.tcb);
    schedContextResume(k, sc);
    if ((t.state === TS.Running || t.state === TS.Restart) && t.id !== k.s.cur) possibleSwitchTo(k, t);
    if (t.id === k.s.cur) rescheduleRequired(k);
    k.reportThread(t);
  }
}
