/**
 * The narrow interface through which the tracer observes the machine and the kernel model.
 * The emulator never imports the tracer; it calls these optional hooks. Every event carries the
 * machine cycle at which it happened. Thread and object ids are the kernel model's unique ids
 * (never reused, distinct from the capability pointers guests see).
 *
 * 64-bit guest words (badges, labels, message registers) are decimal strings when they may not
 * fit in 53 bits, so no precision is lost.
 */

export type ThreadStateName =
  | 'inactive' | 'running' | 'ready' | 'blocked-send' | 'blocked-recv' | 'blocked-reply'
  | 'blocked-notification' | 'throttled' | 'idle' | 'halted';

export type ScheduleReason =
  | 'boot' | 'preempt' | 'block' | 'yield' | 'timeslice' | 'budget' | 'wake' | 'reply' | 'ipc-donate'
  | 'irq' | 'fault' | 'idle' | 'exit';

export interface SyscallEvent {
  cycle: number; thread: number; pc: number; num: number; name: string;
  cptr: string; info: string; mrs: string[]; result?: string;
}
/**
 * Capability operations: the model's (CNode copy/mint/move/mutate/delete/revoke, Untyped retype,
 * caps moved by IPC), and every other invocation a real kernel's probe decodes by its label
 * (emulator/sel4/invocations.ts).
 */
export type CapOpName =
  | 'copy' | 'mint' | 'move' | 'mutate' | 'delete' | 'revoke' | 'retype' | 'transfer' | 'rotate' | 'cancel-badged-sends'
  | 'tcb-read-registers' | 'tcb-write-registers' | 'tcb-copy-registers' | 'tcb-configure' | 'tcb-set-priority'
  | 'tcb-set-mc-priority' | 'tcb-set-sched-params' | 'tcb-set-timeout-endpoint' | 'tcb-set-ipc-buffer' | 'tcb-set-space'
  | 'tcb-suspend' | 'tcb-resume' | 'tcb-bind-notification' | 'tcb-unbind-notification' | 'tcb-set-tls-base' | 'tcb-set-flags'
  | 'irq-issue-handler' | 'irq-issue-handler-trigger' | 'irq-ack' | 'irq-set-notification' | 'irq-clear-notification'
  | 'domain-set' | 'domain-schedule-configure' | 'domain-schedule-set-start' | 'sched-control-configure'
  | 'sched-context-bind' | 'sched-context-unbind' | 'sched-context-unbind-object' | 'sched-context-consumed' | 'sched-context-yield-to'
  | 'page-table-map' | 'page-table-unmap' | 'page-map' | 'page-unmap' | 'page-get-address'
  | 'asid-control-make-pool' | 'asid-pool-assign' | 'invalid';
export interface CapOpEvent {
  cycle: number; thread: number; op: CapOpName;
  srcObject: number | null; destCnode: number | null; destSlot: number | null; badge: string; rights: number; error: number;
}
export interface ScheduleEvent { cycle: number; from: number | null; to: number | null; reason: ScheduleReason; }
/** `priority`: the thread's (own) priority at the time, for analyses (seL4 MCS has no inheritance). */
export interface ThreadStateEvent { cycle: number; thread: number; state: ThreadStateName; object: number | null; priority: number; }
export interface IpcEvent {
  cycle: number; transfer: 'send' | 'call' | 'reply' | 'fault'; sender: number; receiver: number; endpoint: number | null;
  badge: string; label: string; length: number; caps: number;
}
export interface SignalEvent { cycle: number; notification: number; sender: number | null; badge: string; woke: number | null; }
export interface IrqEvent { cycle: number; irq: number; phase: 'raise' | 'deliver' | 'ack'; thread: number | null; notification: number | null; }
export interface FaultEvent { cycle: number; thread: number; type: string; pc: number; addr: string; handled: boolean; }
export interface BudgetEvent {
  cycle: number; sc: number; thread: number | null; change: 'exhausted' | 'replenished' | 'charged'; amount: number; remaining: number;
  /** The SC's configured budget and period in cycles (period 0: round robin). */
  budget: number; period: number;
}
/**
 * One kernel entry and its modelled cost: the kernel runs from `cycle` to `cycle + cost` (the
 * next user instruction), entered from `thread` (null: the idle hart) for `entry`.
 */
export interface KernelEntryEvent {
  cycle: number; thread: number | null;
  entry: 'fastpathIpc' | 'fastpathSignal' | 'syscall' | 'debugPutChar' | 'interrupt' | 'timer' | 'fault';
  cost: number;
}
export interface ObjectEvent { cycle: number; id: number; type: string; name: string; owner: number | null; }

export interface KernelObserver {
  onSyscall?(e: SyscallEvent): void;
  onCapOp?(e: CapOpEvent): void;
  onSchedule?(e: ScheduleEvent): void;
  onThreadState?(e: ThreadStateEvent): void;
  onIpc?(e: IpcEvent): void;
  onSignal?(e: SignalEvent): void;
  onIrq?(e: IrqEvent): void;
  onFault?(e: FaultEvent): void;
  onBudget?(e: BudgetEvent): void;
  /** A kernel object was created (boot or retype). */
  onObject?(e: ObjectEvent): void;
  /** A kernel entry ended: what it was and the cycles it is modelled to take. */
  onKernelEntry?(e: KernelEntryEvent): void;
}
