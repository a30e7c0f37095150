/**
 * Capability invocations of a real seL4 16.0.0 MCS kernel (riscv64) by their message label
 * (emulator/kernel/abi.ts Label, the MCS ≥ 15.0 numbering), named as the trace's `capop.op`:
 * the CNode operations and Retype with the names the kernel model uses, the rest as
 * `<object>-<method>`.
 */
import { Label } from '../kernel/abi.js';
import type { CapOpName } from '../observer.js';

const NAMES: Record<number, CapOpName> = {
  [Label.UntypedRetype]: 'retype',
  [Label.TCBReadRegisters]: 'tcb-read-registers', [Label.TCBWriteRegisters]: 'tcb-write-registers',
  [Label.TCBCopyRegisters]: 'tcb-copy-registers', [Label.TCBConfigure]: 'tcb-configure',
  [Label.TCBSetPriority]: 'tcb-set-priority', [Label.TCBSetMCPriority]: 'tcb-set-mc-priority',
  [Label.TCBSetSchedParams]: 'tcb-set-sched-params', [Label.TCBSetTimeoutEndpoint]: 'tcb-set-timeout-endpoint',
  [Label.TCBSetIPCBuffer]: 'tcb-set-ipc-buffer', [Label.TCBSetSpace]: 'tcb-set-space',
  [Label.TCBSuspend]: 'tcb-suspend', [Label.TCBResume]: 'tcb-resume',
  [Label.TCBBindNotification]: 'tcb-bind-notification', [Label.TCBUnbindNotification]: 'tcb-unbind-notification',
  [Label.TCBSetTLSBase]: 'tcb-set-tls-base', [Label.TCBSetFlags]: 'tcb-set-flags',
  [Label.CNodeRevoke]: 'revoke', [Label.CNodeDelete]: 'delete', [Label.CNodeCancelBadgedSends]: 'cancel-badged-sends',
  [Label.CNodeCopy]: 'copy', [Label.CNodeMint]: 'mint', [Label.CNodeMove]: 'move', [Label.CNodeMutate]: 'mutate',
  [Label.CNodeRotate]: 'rotate',
  [Label.IRQIssueIRQHandler]: 'irq-issue-handler', [Label.IRQAckIRQ]: 'irq-ack',
  [Label.IRQSetIRQHandler]: 'irq-set-notification', [Label.IRQClearIRQHandler]: 'irq-clear-notification',
  [Label.DomainSetSet]: 'domain-set', [Label.DomainScheduleConfigure]: 'domain-schedule-configure',
  [Label.DomainScheduleSetStart]: 'domain-schedule-set-start',
  [Label.SchedControlConfigureFlags]: 'sched-control-configure',
  [Label.SchedContextBind]: 'sched-context-bind', [Label.SchedContextUnbind]: 'sched-context-unbind',
  [Label.SchedContextUnbindObject]: 'sched-context-unbind-object', [Label.SchedContextConsumed]: 'sched-context-consumed',
  [Label.SchedContextYieldTo]: 'sched-context-yield-to',
  [Label.RISCVPageTableMap]: 'page-table-map', [Label.RISCVPageTableUnmap]: 'page-table-unmap',
  [Label.RISCVPageMap]: 'page-map', [Label.RISCVPageUnmap]: 'page-unmap', [Label.RISCVPageGetAddress]: 'page-get-address',
  [Label.RISCVASIDControlMakePool]: 'asid-control-make-pool', [Label.RISCVASIDPoolAssign]: 'asid-pool-assign',
  [Label.RISCVIRQIssueIRQHandlerTrigger]: 'irq-issue-handler-trigger',
};

/** The operation an invocation with `label` asks for ('invalid' for labels seL4 does not define). */
export function invocationName(label: number): CapOpName { return NAMES[label] ?? 'invalid'; }
