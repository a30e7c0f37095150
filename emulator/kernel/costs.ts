/**
 * The kernel cost profile: modelled kernel execution time per kind of entry, in CPU cycles, and
 * which of seL4's entry paths the modelled kernel has.
 *
 * The TypeScript kernel runs in zero guest time, so without these figures a system would see
 * free IPC and free interrupts. The default figures are round numbers of the magnitude seL4
 * reports for 64-bit RISC-V cores (sel4bench / the seL4 performance page list fastpath IPC in the
 * few-hundred-cycle range and slowpath syscalls and interrupt delivery around a thousand or
 * more cycles on SiFive U54-class cores). They are modelling assumptions, not measurements of
 * this model; a system can supply its own table (e.g. from sel4bench runs on its hardware).
 * Which entry takes which path follows seL4 16.0.0 for riscv64 (emulator/kernel/README.md,
 * "Kernel cost profile", cites the function behind each rule).
 *
 * The cost of an entry is added after the entry's timestamp, so — as in seL4, where time after
 * the kernel's timestamp is charged to whoever runs next — it is billed to the scheduling
 * context of the thread the kernel switches to.
 */
export interface KernelCosts {
  /** Call / ReplyRecv taking seL4's fastpath (short message, no caps, SC donated: see README). */
  fastpathIpc: number;
  /** Signal fastpath; only used when `signalFastpath` is on (riscv64 seL4 has none). */
  fastpathSignal: number;
  /** Any other syscall (slowpath, object invocations, debug calls other than put-char). */
  syscall: number;
  /** seL4_DebugPutChar: no timestamp, no scheduler; the cost is the console's (SBI put-char). */
  debugPutChar: number;
  /** Device interrupt entry, signal delivery and exit. */
  interrupt: number;
  /** Kernel timer interrupt (budget accounting, release queue). */
  timer: number;
  /** Exception entry (VM fault, illegal instruction, ...) including the fault IPC. */
  fault: number;
  /** Extra cost when the entry ends in a different address space (TLB/satp switch). */
  addressSpaceSwitch: number;
  /**
   * The Microkit monitor's fault report, per character printed: the real monitor is a
   * priority-255 PD printing ≈ 40 lines with one seL4_DebugPutChar per character, so a character
   * costs one put-char entry (`debugPutChar`) plus the monitor's own few instructions for it
   * (its puts loop and hex formatting, ≈ 20). Kept as one figure so a recording's header says
   * what its report cost.
   */
  monitorReportPerChar: number;
  /**
   * Longest time an idle hart goes without a timer entry: seL4's idle thread has its own
   * round-robin SC of CONFIG_BOOT_THREAD_TIME_SLICE (5 ms), and setNextInterrupt arms the timer
   * for the end of the current SC's head refill.
   */
  idleTimeslice: number;
  /** 1: Signal takes a fastpath (aarch64 CONFIG_SIGNAL_FASTPATH); 0: slowpath (riscv64). */
  signalFastpath: number;
}

export const DEFAULT_COSTS: Readonly<KernelCosts> = Object.freeze({
  fastpathIpc: 400,
  fastpathSignal: 300,
  syscall: 1000,
  debugPutChar: 300,
  interrupt: 1500,
  timer: 1200,
  fault: 1500,
  addressSpaceSwitch: 100,
  monitorReportPerChar: 320,
  idleTimeslice: 500_000,
  signalFastpath: 0,
});

/** Which cost bucket an entry falls into (also the `entry` of a kernel-entry event). */
export type CostKind = 'fastpathIpc' | 'fastpathSignal' | 'syscall' | 'debugPutChar' | 'interrupt' | 'timer' | 'fault';

export function resolveCosts(partial: Partial<KernelCosts> | undefined): KernelCosts {
  const c: KernelCosts = { ...DEFAULT_COSTS, ...(partial ?? {}) };
  for (const [k, v] of Object.entries(c)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`kernel cost ${k} must be a non-negative integer, got ${v}`);
  }
  if (c.idleTimeslice === 0) throw new Error('kernel cost idleTimeslice must be positive');
  return c;
}

/**
 * How the platform's PLIC is driven. `claim-at-entry`: seL4 on QEMU `virt` completes the claim
 * in the kernel entry and IRQHandler_Ack does nothing; `hold-until-ack`: the claim stays open
 * (the source masked) until the handler's IRQHandler_Ack, as on boards whose port completes there.
 */
export type PlicMode = 'claim-at-entry' | 'hold-until-ack';
export const PLIC_MODES: readonly PlicMode[] = ['hold-until-ack', 'claim-at-entry'];
export const DEFAULT_PLIC_MODE: PlicMode = 'hold-until-ack';
