/**
 * The one interface between the kernel model and the tools (recorder, replay, inspectors).
 * Booting a system image yields a BootedKernel; nothing outside emulator/ sees the model itself.
 */
import type {
  BudgetEvent, CapOpEvent, FaultEvent, IpcEvent, IrqEvent, KernelEntryEvent, KernelObserver, ObjectEvent, ScheduleEvent,
  SignalEvent, SyscallEvent, ThreadStateEvent,
} from './observer.js';
import type { KernelView, ThreadContext } from './kernel-view.js';
import type { KernelState } from './kernel/snapshot.js';

/** The kernel's state as plain, versioned data (checkpoints, in-memory snapshots). */
export type KernelSnapshot = KernelState;

/** Which observer hook an event is for. */
export enum KernelHook { Syscall, CapOp, Schedule, ThreadState, Ipc, Signal, Irq, Fault, Budget, Object, KernelEntry }

/** One kernel event, tagged by its hook (events buffered during boot are kept this way). */
export type KernelEvent =
  | { hook: KernelHook.Syscall; e: SyscallEvent } | { hook: KernelHook.CapOp; e: CapOpEvent }
  | { hook: KernelHook.Schedule; e: ScheduleEvent } | { hook: KernelHook.ThreadState; e: ThreadStateEvent }
  | { hook: KernelHook.Ipc; e: IpcEvent } | { hook: KernelHook.Signal; e: SignalEvent }
  | { hook: KernelHook.Irq; e: IrqEvent } | { hook: KernelHook.Fault; e: FaultEvent }
  | { hook: KernelHook.Budget; e: BudgetEvent } | { hook: KernelHook.Object; e: ObjectEvent }
  | { hook: KernelHook.KernelEntry; e: KernelEntryEvent };

/** Hand one tagged event to the matching hook of `o`. */
export function deliverEvent(o: KernelObserver, ev: KernelEvent): void {
  switch (ev.hook) {
    case KernelHook.Syscall: o.onSyscall?.(ev.e); return;
    case KernelHook.CapOp: o.onCapOp?.(ev.e); return;
    case KernelHook.Schedule: o.onSchedule?.(ev.e); return;
    case KernelHook.ThreadState: o.onThreadState?.(ev.e); return;
    case KernelHook.Ipc: o.onIpc?.(ev.e); return;
    case KernelHook.Signal: o.onSignal?.(ev.e); return;
    case KernelHook.Irq: o.onIrq?.(ev.e); return;
    case KernelHook.Fault: o.onFault?.(ev.e); return;
    case KernelHook.Budget: o.onBudget?.(ev.e); return;
    case KernelHook.Object: o.onObject?.(ev.e); return;
    case KernelHook.KernelEntry: o.onKernelEntry?.(ev.e); return;
  }
}

/** A booted kernel model, as the recorder, replay and inspectors use it. */
export interface BootedKernel {
  /**
   * Start (or with undefined, stop) observing. Events the kernel emitted while booting, before
   * anyone could observe, are delivered first, in order, to the first observer attached.
   */
  attachObserver(o: KernelObserver | undefined): void;
  snapshot(): KernelSnapshot;
  restore(state: KernelSnapshot): void;
  /** The kernel's state for inspectors (threads, queues, scheduling contexts, capabilities). */
  inspect(): KernelView;
  /** inspect().current without building the view: the thread on the hart (null: none, or idle). */
  currentThread(): number | null;
  /** The platform setting and cost profile the kernel runs with (trace header). */
  profile(): KernelProfileInfo;
  /** A thread's user registers x0..x31 (saved, or live if it is on the hart); null if no such thread. */
  threadRegisters(id: number): bigint[] | null;
  /**
   * A thread's saved user context as the kernel holds it while the thread is off the hart
   * (registers, resume pc, address space): what a debugger shows for a thread not running.
   */
  threadContext?(id: number): ThreadContext | null;
}

/** Kernel settings a recording was made with (trace header `config.kernel`). */
export interface KernelProfileInfo { plic: string; costs: Record<string, number>; }

/** Kernel options for system images (ignored for bare ELFs). */
export interface KernelBootOptions { plic?: 'claim-at-entry' | 'hold-until-ack'; }
