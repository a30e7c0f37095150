/**
 * The kernel's whole mutable state in one plain-data record. Everything that affects future
 * behaviour lives here (and in the machine), so snapshot = encode(state) and restore =
 * decode(snapshot) reproduce execution exactly.
 */
import { NUM_PRIORITIES, MAX_IRQ } from './abi.js';
import type { KObject } from './objects.js';
import { DEFAULT_PLIC_MODE, type PlicMode } from './costs.js';

/** schedulerAction values besides a thread id. */
export const ACTION_RESUME = -1;
export const ACTION_CHOOSE = -2;

export interface IrqState {
  /** 0 inactive, 1 signal (a handler was issued), 2 reserved (kernel timer). */
  state: number;
  /** Notification and badge a raised IRQ is signalled to (0 = none set). */
  ntfn: number;
  badge: bigint;
  ntfnCanSend: boolean;
  /** Claimed from the PLIC and not yet acknowledged (masked until IRQHandler_Ack). */
  inService: boolean;
  trigger: number;
}

/** A Microkit PD as the kernel-modelled monitor knows it. */
export interface MonitorPd {
  badge: bigint;
  name: string;
  tcb: number;
  sc: number;
  ntfn: number;
}

/** Work the monitor does "when it runs" (at the end of the kernel entry that woke it). */
export interface MonitorWork {
  tcb: number;
  badge: bigint;
  label: bigint;
  /** Message words as the monitor would have received them. */
  mrs: bigint[];
  isFault: boolean;
}

/** A fault as recorded by the kernel (all faults, handled by a handler or not). */
export interface FaultRecord {
  cycle: number;
  thread: number;
  threadName: string;
  type: string;
  pc: number;
  addr: string;
  /** Delivered to a fault handler thread (false: no handler, or the modelled monitor). */
  handled: boolean;
  description: string;
}

export interface KState {
  objects: (KObject | null)[];
  nextCapId: number;
  /** Ready queues per priority: FIFO arrays of thread ids. */
  ready: number[][];
  /** Release queue: thread ids ordered by their SC head refill time. */
  release: number[];
  cur: number;
  curSC: number;
  /** Kernel time (cycles) at the last timestamp, and time consumed since the last commit. */
  curTime: number;
  consumed: number;
  action: number;
  reprogram: boolean;
  /** Programmed timer deadline in cycles, -1 if none. */
  deadline: number;
  irqs: IrqState[];
  /** Everything the kernel printed (DebugPutChar and its own messages). */
  console: string;
  physNext: number;
  physEnd: number;
  monitorPds: MonitorPd[];
  monitorWork: MonitorWork[];
  faults: FaultRecord[];
  /** Thread shown as current to the observer (for schedule events). */
  reportedCur: number;
  /** The satp currently loaded (vspace root paddr, -1 = none). */
  activeVSpace: number;
  entries: number;
  /** Platform setting: how PLIC claims complete (a property of the run, carried by snapshots). */
  plic: PlicMode;
  /** Thread whose FP registers are on the hart (seL4 ksCurFPUOwner), 0 = none. */
  fpuOwner: number;
}

export function initialState(physStart: number, physEnd: number): KState {
  const ready: number[][] = [];
  for (let p = 0; p < NUM_PRIORITIES; p++) ready.push([]);
  const irqs: IrqState[] = [];
  for (let i = 0; i <= MAX_IRQ; i++) irqs.push({ state: 0, ntfn: 0, badge: 0n, ntfnCanSend: false, inService: false, trigger: 0 });
  return {
    objects: [null],
    nextCapId: 1,
    ready,
    release: [],
    cur: 0,
    curSC: 0,
    curTime: 0,
    consumed: 0,
    action: ACTION_RESUME,
    reprogram: true,
    deadline: -1,
    irqs,
    console: '',
    physNext: physStart,
    physEnd,
    monitorPds: [],
    monitorWork: [],
    faults: [],
    reportedCur: -1,
    activeVSpace: -1,
    entries: 0,
    plic: DEFAULT_PLIC_MODE,
    fpuOwner: 0,
  };
}
