/**
 * What an inspector (replay, TUI, gdb stub) can ask the kernel model about its state at the
 * current point. Plain data; ids are the kernel's unique object ids.
 */
export interface CapView { slot: number; type: string; object: number | null; badge: string; rights: string; }
export interface ThreadView {
  id: number; name: string; priority: number; state: string;
  /** Object the thread is blocked on, if any. */
  blockedOn: number | null;
  scId: number | null;
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
}
