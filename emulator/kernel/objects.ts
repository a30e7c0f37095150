/**
 * Kernel objects and capabilities as plain data. Objects refer to each other by id (ids are
 * allocated in creation order and never reused; 0 means "none"), so the whole kernel state is
 * a tree of arrays and records that snapshots and restores exactly.
 */
import { CapType, TS, type FaultType, type LookupKind } from './abi.js';

/** A capability in a slot. One shape for all types; unused fields keep their defaults. */
export interface Cap {
  type: CapType;
  /** Object id (0 for caps without an object: IRQControl, SchedControl, Domain). */
  obj: number;
  /** Endpoint/notification badge. */
  badge: bigint;
  /** Right.* bits (endpoint/notification/reply/frame). */
  rights: number;
  /** CNode guard value and size in bits. */
  guard: bigint;
  guardSize: number;
  /** IRQ handler: the IRQ number. */
  irq: number;
  /** Frame/page-table caps: vspace root object id it is mapped in (0 = unmapped) and vaddr. */
  mappedIn: number;
  mappedVaddr: number;
  /** Derivation tree: unique cap id and the id of its parent cap (0 = a root). */
  id: number;
  parent: number;
  revocable: boolean;
  firstBadged: boolean;
}

/** Where a cap lives: a CNode slot or one of a TCB's own slots. */
export interface SlotRef { obj: number; index: number }

/** TCB-internal cap slots (seL4 tcb_cnode_index). */
export const enum TcbSlot { CTable = 0, VTable = 1, Buffer = 2, FaultHandler = 3, TimeoutHandler = 4, Count = 5 }

export interface LookupFault {
  kind: LookupKind;
  bitsLeft: number;
  /** DepthMismatch: bits the level would have taken; GuardMismatch: guard size. */
  bitsFound: number;
  guardFound: bigint;
}

export type Fault =
  | { type: FaultType.Cap; addr: bigint; inRecvPhase: boolean; lookup: LookupFault }
  | { type: FaultType.UnknownSyscall; num: bigint }
  | { type: FaultType.UserException; number: number; code: number }
  | { type: FaultType.Timeout; badge: bigint }
  | { type: FaultType.VM; addr: bigint; fsr: number; instruction: boolean };

export interface TcbObj {
  kind: 'tcb';
  id: number;
  name: string;
  live: boolean;
  /** Saved integer registers as lo/hi int32 pairs (the cpu.x layout). */
  regs: Int32Array;
  /** Saved FP registers f0–f31 (lo/hi pairs, the cpu.f layout) and fcsr, while another thread owns the FPU. */
  fpuRegs: Int32Array;
  fcsr: number;
  /** Address of the trapping instruction and the address to resume at (seL4 FaultIP/NextIP). */
  faultIP: number;
  nextIP: number;
  state: TS;
  blockingObject: number;
  blockingBadge: bigint;
  blockingCanGrant: boolean;
  blockingCanGrantReply: boolean;
  blockingIsCall: boolean;
  /** MCS: reply object of a BlockedOnReceive / BlockedOnReply thread. */
  replyObject: number;
  queued: boolean;
  inReleaseQueue: boolean;
  priority: number;
  mcp: number;
  sc: number;
  boundNtfn: number;
  yieldTo: number;
  /** Pending fault being delivered (seL4 tcbFault; a CapFault carries its lookup failure). */
  fault: Fault | null;
  slots: (Cap | null)[];
  ipcBufferVaddr: number;
  flags: number;
  /** Last thread state reported to the observer (so each change is reported once). */
  reported: string;
  reportedObject: number;
}

export const enum EpState { Idle = 0, Send = 1, Recv = 2 }

export interface EndpointObj {
  kind: 'endpoint';
  id: number;
  name: string;
  live: boolean;
  state: EpState;
  queue: number[];
  /** The kernel-modelled Microkit monitor listens here (see monitor.ts). */
  monitor: boolean;
}

export const enum NtfnState { Idle = 0, Waiting = 1, Active = 2 }

export interface NotificationObj {
  kind: 'notification';
  id: number;
  name: string;
  live: boolean;
  state: NtfnState;
  word: bigint;
  queue: number[];
  boundTcb: number;
  sc: number;
}

export interface CNodeObj {
  kind: 'cnode';
  id: number;
  name: string;
  live: boolean;
  radix: number;
  slots: (Cap | null)[];
  paddr: number;
}

export interface UntypedObj {
  kind: 'untyped';
  id: number;
  name: string;
  live: boolean;
  paddr: number;
  sizeBits: number;
  /** Bytes used from the start (watermark). */
  freeOffset: number;
  isDevice: boolean;
}

/** MCS call-stack link: to an SC (isHead) or to another reply. */
export interface CallStackLink { ptr: number; isHead: boolean }

export interface ReplyObj {
  kind: 'reply';
  id: number;
  name: string;
  live: boolean;
  tcb: number;
  prev: CallStackLink;
  next: CallStackLink;
}

export interface SchedContextObj {
  kind: 'sc';
  id: number;
  name: string;
  live: boolean;
  sizeBits: number;
  /** Period in cycles; 0 for round-robin SCs. */
  period: number;
  /** Refill deque (head = index 0): release times and amounts, in cycles. */
  rTime: number[];
  rAmount: number[];
  /** Capacity of the refill buffer (0 = not configured). */
  refillMax: number;
  /** Configured budget in cycles (for reporting). */
  budget: number;
  /** Cycles consumed since the last Consumed/YieldTo/timeout report. */
  consumed: number;
  tcb: number;
  ntfn: number;
  reply: number;
  badge: bigint;
  sporadic: boolean;
  yieldFrom: number;
}

export interface FrameObj {
  kind: 'frame';
  id: number;
  name: string;
  live: boolean;
  paddr: number;
  sizeBits: number;
  isDevice: boolean;
}

export interface PageTableObj {
  kind: 'pagetable';
  id: number;
  name: string;
  live: boolean;
  paddr: number;
}

export type KObject =
  | TcbObj | EndpointObj | NotificationObj | CNodeObj | UntypedObj | ReplyObj | SchedContextObj
  | FrameObj | PageTableObj;

export type KObjectKind = KObject['kind'];

export function newCap(type: CapType, obj: number): Cap {
  return {
    type, obj, badge: 0n, rights: 0, guard: 0n, guardSize: 0, irq: 0, mappedIn: 0, mappedVaddr: 0,
    id: 0, parent: 0, revocable: false, firstBadged: false,
  };
}

export function copyCap(c: Cap): Cap {
  return { ...c };
}

/** Object type name as shown in traces. */
export function kindName(k: KObjectKind): string {
  switch (k) {
    case 'tcb': return 'TCB';
    case 'endpoint': return 'Endpoint';
    case 'notification': return 'Notification';
    case 'cnode': return 'CNode';
    case 'untyped': return 'Untyped';
    case 'reply': return 'Reply';
    case 'sc': return 'SchedContext';
    case 'frame': return 'Frame';
    case 'pagetable': return 'PageTable';
  }
}

export function isRunnableState(s: TS): boolean {
  return s === TS.Running || s === TS.Restart;
}

/** seL4 isStopped: inactive or blocked on anything. */
export function isStoppedState(s: TS): boolean {
  return s === TS.Inactive || s === TS.BlockedOnReceive || s === TS.BlockedOnSend ||
    s === TS.BlockedOnNotification || s === TS.BlockedOnReply;
}
