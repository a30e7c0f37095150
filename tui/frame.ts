/** The plain-data snapshot components render: everything on screen, nothing live. */
import type { KernelView } from '../emulator/kernel-view.js';
import type { DisasmLine } from '../replay/state-view.js';
import type { EventKind } from '../tracer/schema.js';
import type { Lane } from './lanes.js';

export interface RegCell { name: string; value: string; changed: boolean; }

export interface EventLine {
  id: number; cycle: number; kind: EventKind; thread: number | null; text: string;
  /** Happens at the cursor: the machine is right before it (after a jump to it, for instance). */
  at: boolean;
  /** The last event strictly before the cursor. */
  lastPast: boolean;
  /** Strictly before the cursor. */
  past: boolean;
}

export interface TimelineData {
  from: number; to: number; cyclesPerCol: number; cols: number;
  /** Column of the cursor, or -1 when outside the window. */
  cursorCol: number;
  lanes: Lane[];
}

/** One cause of the miss at hand, as the deadlines pane lists it (largest first). */
export interface CauseLine { kind: string; cycles: number; time: string; text: string; event: number; selected: boolean; }

export interface DeadlinesData {
  jobs: number; misses: number;
  /** The miss whose window holds the cursor, else the last one visited with d / D. */
  current: { index: number; title: string; causes: CauseLine[]; notes: string[] } | null;
  /** Why there is nothing to show (bare image, no misses), else null. */
  note: string | null;
}

export interface Frame {
  trace: string;
  cycle: number; instret: number; endCycle: number;
  timeUs: number; endTimeUs: number;
  priv: 'U' | 'S' | 'M';
  pc: number; location: string;
  regs: RegCell[];
  disasm: DisasmLine[];
  console: string;
  /** null for bare images (no kernel model). */
  kernel: KernelView | null;
  bare: boolean;
  /** A system with no thread on the hart (the kernel idles until an interrupt). */
  idle: boolean;
  threads: { id: number; name: string }[];
  events: EventLine[];
  eventFilter: string;
  eventTotal: number;
  timeline: TimelineData;
  atEnd: boolean;
  deadlines: DeadlinesData;
}
