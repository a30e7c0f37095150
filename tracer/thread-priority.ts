/**
 * Scheduling priority of this process's threads. On Linux each thread is a task with its own
 * nice value (setpriority on its task id); where /proc/thread-self is missing these do nothing.
 *
 * Why: a recording is as fast as one thread, the one running the hart. Everything else — the
 * deflate and index helpers, V8's compiler and GC threads, the CLI's idle main thread — is work
 * that can wait a little. On a 2-core machine three of them were often runnable at once, and
 * the recording thread spent 130–210 ms of a 1 s recording of ordinary code runnable but not
 * running, most of it behind V8's compiler threads (perf sched). A lower priority changes
 * nothing while a core is free; it only decides who waits when none is.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Nice value of background threads while recording from the CLI (weight ≈ 1/10 of a nice-0 thread). */
export const BACKGROUND_NICE = 10;
/**
 * Nice value of the deflate helper: behind the recording thread, ahead of V8's compiler and GC
 * threads (weight 3:1 against them). The recording thread waits for the helper, or encodes in
 * its place, as soon as it lags four chunks behind — and at nice 10 beside V8's threads it did:
 * in half of the chunks of a loaded run, 350–500 ms of waiting (130–210 ms at nice 5).
 */
export const HELPER_NICE = 5;

/** This thread's task id, or null where it cannot be known. */
export function ownThreadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** Give task `tid` nice value `nice` unless it is that low already (never raises a priority); false if it could not. */
function lower(tid: number, nice: number): boolean {
  try {
    if (getPriority(tid) < nice) setPriority(tid, nice);
    return true;
  } catch {
    return false; // (the thread ended meanwhile, or the host refuses)
  }
}

/** Lower this thread's priority to `nice` (a helper thread, at its start). */
export function lowerOwnPriority(nice: number): void {
  const self = ownThreadId();
  if (self !== null && nice > 0) lower(self, nice);
}

/** Lower every other thread of the process to `nice`; returns how many were lowered. */
export function lowerOtherThreads(nice: number): number {
  const self = ownThreadId();
  if (self === null || nice <= 0) return 0;
  let n = 0;
  let tasks: string[];
  try { tasks = readdirSync('/proc/self/task'); } catch { return 0; }
  for (const t of tasks) {
    const tid = Number(t);
    if (tid !== self && lower(tid, nice)) n++;
  }
  return n;
}
