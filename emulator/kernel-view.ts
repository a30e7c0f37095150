/**
 * What an inspector (replay and its front ends) can ask the kernel model about its state at the
 * current point. Plain data; ids are the kernel's unique object ids.
 */
export interface CapView { slot: number; type: string; object: number | null; badge: string; rights: string; }
export interface ThreadView {
  id: number; name: string; priority: number; state: string;
  /** Object the thread is blocked on, if any. */
  blockedOn: number | null;
  /** That object's name (e.g. `server-reply` while waiting for a protected call's reply). */
  blockedOnName: string | null;
  /** The scheduling context it runs on: its own, or one donated to it (a passive server's caller's). */
  scId: number | null;
  scName: string | null;
  budgetLeftUs: number | null;
  nextReplenishUs: number | null;
  pc: number;
  cspace: CapView[];
}
export interface QueueView { id: number; kind: 'endpoint' | 'notification'; name: string; queue: number[]; word?: string; state?: string; }
export interface KernelView {
  current: number | null;
  threads: ThreadView[];
  objects: QueueView[];
}

/** A thread's saved user context as the kernel holds it while the thread is off the hart. */
export interface ThreadContext {
  /** Integer registers as lo/hi int32 pairs (the cpu.x layout; a copy). */
  x: Int32Array;
  /** Where the thread resumes. */
  pc: number;
  /** Physical address of its Sv39 root page table, or -1 if it has no VSpace. */
  vspaceRoot: number;
  /**
   * Its FP registers f0–f31 (lo/hi pairs, a copy) and fcsr: the hart's while it owns the FPU,
   * else the copy saved in its TCB at the last FPU owner switch.
   */
  f?: Int32Array;
  fcsr?: number;
}
