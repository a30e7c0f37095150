/**
 * The MCS scheduler: 256 priorities with a FIFO ready queue each, the release queue of threads
 * waiting for a refill, budget accounting on every kernel entry, and schedule() with seL4's
 * schedulerAction protocol (ResumeCurrentThread / ChooseNewThread / switch-to candidate).
 * Times are in cycles (see Kernel.cyclesPerUs).
 */
import { TS } from './abi.js';
import type { Kernel } from './kernel.js';
import { isRunnableState, isStoppedState, type SchedContextObj, type TcbObj } from './objects.js';
import { ACTION_CHOOSE, ACTION_RESUME } from './state.js';
import {
  isRoundRobin, refillBudgetCheck, refillCapacity, refillReady, refillSufficient, refillUnblockCheck,
  schedContextCancelYieldTo, schedContextCompleteYieldTo, schedContextResume,
} from './sched-context.js';
import { cancelIPC, reorderEP, reorderNtfn } from './ipc.js';
import { handleTimeout, validTimeoutHandler } from './faults.js';

// ------------------------------------------------------------------ predicates
export function isSchedulable(k: Kernel, t: TcbObj): boolean {
  if (!isRunnableState(t.state) || t.sc === 0 || t.inReleaseQueue) return false;
  return k.sc(t.sc).refillMax > 0;
}

export function curSC(k: Kernel): SchedContextObj | null {
  return k.s.curSC === 0 ? null : k.sc(k.s.curSC);
}

// ------------------------------------------------------------------ thread state
export function setThreadState(k: Kernel, t: TcbObj, ts: TS): void {
  t.state = ts;
  scheduleTCB(k, t);
  k.reportThread(t);
}

export function scheduleTCB(k: Kernel, t: TcbObj): void {
  if (t.id === k.s.cur && k.s.action === ACTION_RESUME && !isSchedulable(k, t)) rescheduleRequired(k);
}

// ------------------------------------------------------------------ ready queues
/** SCHED_ENQUEUE: to the head of its priority's queue (a preempted thread resumes first). */
export function tcbSchedEnqueue(k: Kernel, t: TcbObj): void {
  if (t.queued) return;
  k.s.ready[t.priority].unshift(t.id);
  k.readyBits[t.priority >>> 5] |= 1 << (t.priority & 31);
  t.queued = true;
  k.reportThread(t);
}

/** SCHED_APPEND: to the tail (round robin, yield). */
export function tcbSchedAppend(k: Kernel, t: TcbObj): void {
  if (t.queued) return;
  k.s.ready[t.priority].push(t.id);
  k.readyBits[t.priority >>> 5] |= 1 << (t.priority & 31);
  t.queued = true;
  k.reportThread(t);
}

export function tcbSchedDequeue(k: Kernel, t: TcbObj): void {
  if (!t.queued) return;
  const q = k.s.ready[t.priority];
  const i = q.indexOf(t.id);
  if (i >= 0) q.splice(i, 1);
  if (q.length === 0) k.readyBits[t.priority >>> 5] &= ~(1 << (t.priority & 31));
  t.queued = false;
}

/** Rebuild the ready bitmap from the ready queues (after the state was replaced). */
export function rebuildReadyBits(k: Kernel): void {
  const b = k.readyBits;
  b.fill(0);
  const r = k.s.ready;
  for (let p = 0; p < r.length; p++) if (r[p].length > 0) b[p >>> 5] |= 1 << (p & 31);
}

// ------------------------------------------------------------------ release queue
function headTime(k: Kernel, t: TcbObj): number {
  return k.sc(t.sc).rTime[0];
}

/** Insert ordered by head refill time, after threads with an equal time. */
export function tcbReleaseEnqueue(k: Kernel, t: TcbObj): void {
  if (t.inReleaseQueue) return;
  const q = k.s.release;
  const time = headTime(k, t);
  let i = 0;
  while (i < q.length && time >= headTime(k, k.tcb(q[i]))) i++;
  q.splice(i, 0, t.id);
  if (i === 0) k.s.reprogram = true;
  t.inReleaseQueue = true;
  k.reportThread(t);
}

export function tcbReleaseRemove(k: Kernel, t: TcbObj): void {
  if (!t.inReleaseQueue) return;
  const q = k.s.release;
  const i = q.indexOf(t.id);
  if (i === 0) k.s.reprogram = true;
  if (i >= 0) q.splice(i, 1);
  t.inReleaseQueue = false;
  k.reportThread(t);
}

// ------------------------------------------------------------------ scheduler actions
export function rescheduleRequired(k: Kernel): void {
  const a = k.s.action;
  if (a !== ACTION_RESUME && a !== ACTION_CHOOSE) {
    const t = k.tcb(a);
    if (isSchedulable(k, t)) tcbSchedEnqueue(k, t);
  }
  k.s.action = ACTION_CHOOSE;
}

export function possibleSwitchTo(k: Kernel, t: TcbObj): void {
  if (t.sc === 0 || t.inReleaseQueue) return;
  if (k.s.action !== ACTION_RESUME) {
    rescheduleRequired(k);
    tcbSchedEnqueue(k, t);
  } else {
    k.s.action = t.id;
  }
}

/** Highest priority with a ready thread, -1 if none (seL4's two-level bitmap, here one level of 8 words). */
export function highestPrio(k: Kernel): number {
  const b = k.readyBits;
  for (let w = b.length - 1; w >= 0; w--) {
    const v = b[w];
    if (v !== 0) return w * 32 + 31 - Math.clz32(v);
  }
  return -1;
}

function isHighestPrio(k: Kernel, prio: number): boolean {
  const h = highestPrio(k);
  return h < 0 || prio >= h;
}

function switchToThread(k: Kernel, t: TcbObj): void {
  tcbSchedDequeue(k, t);
  k.s.cur = t.id;
}

function chooseThread(k: Kernel): void {
  const p = highestPrio(k);
  if (p < 0) { k.s.cur = 0; return; }
  switchToThread(k, k.tcb(k.s.ready[p][0]));
}

export function schedule(k: Kernel): void {
  const s = k.s;
  awaken(k);
  // Safety net: a current thread that lost its schedulability always forces a choice.
  if (s.action === ACTION_RESUME && s.cur !== 0 && !isSchedulable(k, k.tcb(s.cur))) s.action = ACTION_CHOOSE;
  if (s.action >= 0 && !isSchedulable(k, k.tcb(s.action))) s.action = ACTION_CHOOSE;
  if (s.action !== ACTION_RESUME) {
    const cur = s.cur === 0 ? null : k.tcb(s.cur);
    const wasRunnable = cur !== null && isSchedulable(k, cur);
    if (wasRunnable && cur !== null) tcbSchedEnqueue(k, cur);
    if (s.action === ACTION_CHOOSE) {
      chooseThread(k);
    } else {
      const cand = k.tcb(s.action);
      const fastfail = cur === null || cand.priority < cur.priority;
      if (fastfail && !isHighestPrio(k, cand.priority)) {
        tcbSchedEnqueue(k, cand);
        s.action = ACTION_CHOOSE;
        chooseThread(k);
      } else if (wasRunnable && cur !== null && cand.priority === cur.priority) {
        tcbSchedAppend(k, cand);
        s.action = ACTION_CHOOSE;
        chooseThread(k);
      } else {
        switchToThread(k, cand);
      }
    }
  }
  s.action = ACTION_RESUME;
  switchSchedContext(k);
  if (s.reprogram) {
    setNextInterrupt(k);
    s.reprogram = false;
  }
}

function switchSchedContext(k: Kernel): void {
  const s = k.s;
  const cur = s.cur === 0 ? null : k.tcb(s.cur);
  const next = cur === null ? 0 : cur.sc;
  if (s.curSC !== next) {
    s.reprogram = true;
    if (next !== 0) {
      const sc = k.sc(next);
      if (!sc.sporadic) refillUnblockCheck(k, sc);
    }
  }
  if (s.reprogram) commitTime(k);
  s.curSC = next;
}

export function activateThread(k: Kernel): void {
  const s = k.s;
  if (s.cur === 0) return;
  const t = k.tcb(s.cur);
  if (t.yieldTo !== 0) schedContextCompleteYieldTo(k, t);
  if (t.state === TS.Restart) {
    t.nextIP = t.faultIP;
    setThreadState(k, t, TS.Running);
  } else if (t.state !== TS.Running) {
    throw new Error(`kernel: current thread ${t.id} (${t.name}) is not runnable`);
  }
}

// ------------------------------------------------------------------ time and budgets
export function updateTimestamp(k: Kernel): void {
  const s = k.s;
  const now = k.now();
  s.consumed += now - s.curTime;
  s.curTime = now;
}

/** Bill the time consumed since the last commit to the current SC (seL4 commitTime). */
export function commitTime(k: Kernel): void {
  const s = k.s;
  const sc = curSC(k);
  if (sc !== null && sc.refillMax > 0) {
    const used = s.consumed;
    if (used > 0) {
      if (isRoundRobin(sc)) {
        const take = Math.min(used, sc.rAmount[0]);
        sc.rAmount[0] -= take;
        sc.rAmount[sc.rAmount.length - 1] += take;
      } else {
        refillBudgetCheck(k, sc, used);
      }
      k.observer?.onBudget?.({
        cycle: k.now(), sc: sc.id, thread: sc.tcb === 0 ? null : sc.tcb, change: 'charged', amount: used, remaining: sc.rAmount[0],
        budget: sc.budget, period: sc.period,
      });
    }
    sc.consumed += used;
  }
  s.consumed = 0;
}

/**
 * seL4 checkBudget: is the head refill still good for another MIN_BUDGET after what was
 * consumed? If not, charge it all and end the timeslice.
 */
export function checkBudget(k: Kernel): boolean {
  const s = k.s;
  const sc = curSC(k);
  if (sc === null) { s.consumed = 0; return false; }
  if (sc.refillMax > 0 && refillCapacity(sc, s.consumed) >= k.minBudget) return true;
  k.observer?.onBudget?.({
    cycle: k.now(), sc: sc.id, thread: s.cur === 0 ? null : s.cur, change: 'exhausted', amount: s.consumed,
    remaining: sc.refillMax > 0 ? refillCapacity(sc, s.consumed) : 0, budget: sc.budget, period: sc.period,
  });
  if (k.entry.reason === null) k.entry.reason = isRoundRobin(sc) ? 'timeslice' : 'budget';
  chargeBudget(k, s.consumed, true);
  return false;
}

/** checkBudget for syscalls: on failure the syscall restarts once the thread runs again. */
export function checkBudgetRestart(k: Kernel): boolean {
  const ok = checkBudget(k);
  if (!ok && k.s.cur !== 0) {
    const t = k.tcb(k.s.cur);
    // seL4 checks isRunnable (the thread state), not schedulability: by now the exhausted
    // thread may already sit in the release queue, and its syscall must still be restarted.
    if (isRunnableState(t.state)) setThreadState(k, t, TS.Restart);
  }
  return ok;
}

export function chargeBudget(k: Kernel, consumed: number, canTimeoutFault: boolean): void {
  const s = k.s;
  const sc = curSC(k);
  if (sc !== null && sc.refillMax > 0) {
    if (isRoundRobin(sc)) {
      const last = sc.rAmount.length - 1;
      sc.rAmount[0] += sc.rAmount[last];
      sc.rAmount[last] = 0;
    } else {
      refillBudgetCheck(k, sc, consumed);
    }
    sc.consumed += consumed;
  }
  s.consumed = 0;
  if (s.cur !== 0) {
    const t = k.tcb(s.cur);
    if (isSchedulable(k, t)) {
      endTimeslice(k, t, canTimeoutFault);
      rescheduleRequired(k);
      s.reprogram = true;
    }
  }
}

function endTimeslice(k: Kernel, t: TcbObj, canTimeoutFault: boolean): void {
  const sc = k.sc(k.s.curSC);
  if (canTimeoutFault && !isRoundRobin(sc) && validTimeoutHandler(t)) {
    handleTimeout(k, t, sc.badge);
  } else if (refillReady(k, sc) && refillSufficient(k, sc, 0)) {
    tcbSchedAppend(k, t);
  } else {
    postpone(k, sc);
  }
}

/** Park the SC's thread in the release queue until its head refill is available. */
export function postpone(k: Kernel, sc: SchedContextObj): void {
  const t = k.tcb(sc.tcb);
  tcbSchedDequeue(k, t);
  tcbReleaseEnqueue(k, t);
  k.s.reprogram = true;
}

/** Move every thread whose refill has arrived from the release queue to the scheduler. */
export function awaken(k: Kernel): void {
  const q = k.s.release;
  while (q.length > 0) {
    const t = k.tcb(q[0]);
    const sc = k.sc(t.sc);
    if (!refillReady(k, sc)) break;
    tcbReleaseRemove(k, t);
    k.observer?.onBudget?.({ cycle: k.now(), sc: sc.id, thread: t.id, change: 'replenished', amount: sc.rAmount[0], remaining: sc.rAmount[0], budget: sc.budget, period: sc.period });
    possibleSwitchTo(k, t);
  }
}

/** Arm the timer: end of the current head refill or the next release, less timer precision. */
function setNextInterrupt(k: Kernel): void {
  const s = k.s;
  let next = Infinity;
  if (s.cur !== 0) {
    const t = k.tcb(s.cur);
    if (t.sc !== 0) {
      const sc = k.sc(t.sc);
      if (sc.refillMax > 0) next = s.curTime + sc.rAmount[0];
    }
  } else {
    // The idle thread runs on its own round-robin SC (CONFIG_BOOT_THREAD_TIME_SLICE).
    next = s.curTime + k.costs.idleTimeslice;
  }
  if (s.release.length > 0) next = Math.min(next, headTime(k, k.tcb(s.release[0])));
  s.deadline = next === Infinity ? -1 : Math.max(0, next - k.timerPrecision);
}

// ------------------------------------------------------------------ thread control
export function suspend(k: Kernel, t: TcbObj): void {
  cancelIPC(k, t);
  if (t.state === TS.Running) t.faultIP = t.nextIP;
  setThreadState(k, t, TS.Inactive);
  tcbSchedDequeue(k, t);
  tcbReleaseRemove(k, t);
  schedContextCancelYieldTo(k, t);
  k.reportThread(t);
}

export function restart(k: Kernel, t: TcbObj): void {
  if (!isStoppedState(t.state)) return;
  cancelIPC(k, t);
  setThreadState(k, t, TS.Restart);
  if (t.sc !== 0) {
    const sc = k.sc(t.sc);
    if (sc.sporadic && sc.id !== k.s.curSC) refillUnblockCheck(k, sc);
    schedContextResume(k, sc);
  }
  if (isSchedulable(k, t)) possibleSwitchTo(k, t);
}

export function setPriority(k: Kernel, t: TcbObj, prio: number): void {
  switch (t.state) {
    case TS.Running: case TS.Restart:
      if (t.queued || t.id === k.s.cur) {
        tcbSchedDequeue(k, t);
        t.priority = prio;
        tcbSchedEnqueue(k, t);
        rescheduleRequired(k);
      } else {
        t.priority = prio;
      }
      break;
    case TS.BlockedOnReceive: case TS.BlockedOnSend:
      t.priority = prio;
      reorderEP(k, k.ep(t.blockingObject), t);
      break;
    case TS.BlockedOnNotification:
      t.priority = prio;
      reorderNtfn(k, k.ntfn(t.blockingObject), t);
      break;
    default:
      t.priority = prio;
  }
}
