/**
 * Modelled kernel execution time, in CPU cycles added per kernel entry.
 *
 * The TypeScript kernel runs in zero guest time, so without these figures a system would see
 * free IPC and free interrupts. The defaults are round numbers of the magnitude seL4 reports
 * for 64-bit RISC-V cores (sel4bench / the seL4 performance page list fastpath IPC in the
 * few-hundred-cycle range and slowpath syscalls and interrupt delivery around a thousand or
 * more cycles on SiFive U54-class cores). They are modelling assumptions, not measurements of
 * this model; a system can supply its own table (e.g. from sel4bench runs on its hardware).
 *
 * The cost of an entry is added after the entry's timestamp, so — as in seL4, where time after
 * the kernel's timestamp is charged to whoever runs next — it is billed to the scheduling
 * context of the thread the kernel switches to.
 */
export interface KernelCosts {
  /** Call / ReplyRecv on an endpoint or reply cap with ≤ 4 MRs and no caps (seL4 fastpath). */
  fastpathIpc: number;
  /** Send / NBSend / Signal on a notification with no extra caps (seL4 signal fastpath). */
  fastpathSignal: number;
  /** Any other syscall (slowpath, object invocations, debug calls). */
  syscall: number;
  /** Device interrupt entry, signal delivery and exit. */
  interrupt: number;
  /** Kernel timer interrupt (budget accounting, release queue). */
  timer: number;
  /** Exception entry (VM fault, illegal instruction, ...) including the fault IPC. */
  fault: number;
  /** Extra cost when the entry ends in a different address space (TLB/satp switch). */
  addressSpaceSwitch: number;
}

export const DEFAULT_COSTS: Readonly<KernelCosts> = Object.freeze({
  fastpathIpc: 400,
  fastpathSignal: 300,
  syscall: 1000,
  interrupt: 1500,
  timer: 1200,
  fault: 1500,
  addressSpaceSwitch: 100,
});

/** Which cost bucket an entry falls into. */
export type CostKind = Exclude<keyof KernelCosts, 'addressSpaceSwitch'>;

export function resolveCosts(partial: Partial<KernelCosts> | undefined): KernelCosts {
  const c: KernelCosts = { ...DEFAULT_COSTS, ...(partial ?? {}) };
  for (const [k, v] of Object.entries(c)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`kernel cost ${k} must be a non-negative integer, got ${v}`);
  }
  return c;
}
