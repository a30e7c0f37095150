/**
 * The thin layer between keys and the replay engine: runs engine commands (steps, event jumps,
 * go-to) on the session and builds the plain-data Frame the components draw. Components only
 * ever see a Driver, never the session.
 */
import type { ReplaySession, EventQuery, ThreadInfo } from '../replay/session.js';
import { stateView } from '../replay/state-view.js';
import { describeEvent } from '../replay/describe.js';
import { parseAtSpec, SpecError } from '../replay/spec.js';
import { gotoSpec } from '../replay/resolve-at.js';
import type { KernelView } from '../emulator/kernel-view.js';
import type { EventKind } from '../tracer/schema.js';
import type { EngineCommand, JumpTarget } from './keys.js';
import { KIND_FILTERS, ZOOM_LEVELS, type UiState } from './state.js';
import type { EventLine, Frame, RegCell } from './frame.js';
import { buildLanes, LANE_KINDS, type Lane } from './lanes.js';

/** How much of each pane the frame must fill (from the layout). */
export interface FrameNeeds { timelineCols: number; disasmBefore: number; disasmAfter: number; eventRows: number; }

/** What the components may ask of the engine side. */
export interface Driver {
  exec(cmd: EngineCommand, ui: UiState): string | null;
  goto(text: string): string | null;
  frame(ui: UiState, needs: FrameNeeds): Frame;
  threads(): readonly ThreadInfo[];
  laneCount(): number;
  /** No kernel model (bare image). */
  isBare(): boolean;
  /** Zoom level index that shows the whole recording in `cols` columns. */
  fitZoom(cols: number): number;
  /** Spare-time work (prepare fast steps back); true if it did some. */
  idle(): boolean;
}

const JUMPS: Record<JumpTarget, { what: string; q: EventQuery | null }> = {
  event: { what: 'event', q: null },
  schedule: { what: 'context switch', q: { kinds: ['schedule'] } },
  ipc: { what: 'IPC or notification', q: { kinds: ['ipc', 'signal'] } },
  syscall: { what: 'syscall', q: { kinds: ['syscall'] } },
  interrupt: { what: 'interrupt', q: { kinds: ['irq', 'trap'], trapInterrupt: true } },
  fault: { what: 'fault', q: { kinds: ['fault', 'trap'], trapInterrupt: false } },
};

export class Controller implements Driver {
  private readonly threadInfo: ThreadInfo[];
  private readonly total: number;
  /** Registers before the last move, to highlight what it changed. */
  private before: string[] | null = null;
  private lanes: { key: string; lanes: Lane[] } | null = null;

  constructor(readonly r: ReplaySession) {
    this.threadInfo = r.threadList();
    this.total = r.eventCount();
  }

  threads(): readonly ThreadInfo[] {
    const kv = this.kernelView();
    if (this.threadInfo.length === 0 && kv !== null) return kv.threads.map((t) => ({ id: t.id, name: t.name }));
    return this.threadInfo;
  }

  laneCount(): number {
    const n = this.threads().length;
    return n === 0 ? 1 : n + 1;
  }

  isBare(): boolean {
    return !this.r.isSystem;
  }

  fitZoom(cols: number): number {
    const need = Math.max(1, this.r.endCycle) / Math.max(1, cols);
    const i = ZOOM_LEVELS.findIndex((z) => z >= need);
    return i < 0 ? ZOOM_LEVELS.length - 1 : i;
  }

  idle(): boolean {
    return this.r.timeline.warm();
  }

  private kernelView(): KernelView | null {
    return this.r.kernelView();
  }

  private regValues(): string[] {
    return this.r.registers().x.slice(1).map((v) => v.toString(16));
  }

  /** Run a move, remembering the registers it started from. */
  private move(f: () => void): boolean {
    const regs = this.regValues();
    const i0 = this.r.instret, c0 = this.r.cycle;
    f();
    const moved = this.r.instret !== i0 || this.r.cycle !== c0;
    if (moved) this.before = regs;
    return moved;
  }

  exec(cmd: EngineCommand, ui: UiState): string | null {
    const r = this.r;
    switch (cmd.t) {
      case 'step': {
        if (cmd.n < 0 && r.instret === 0) return 'at the start of the recording';
        if (cmd.n > 0 && r.cycle >= r.endCycle) return 'at the end of the recording';
        this.move(() => r.stepInstruction(cmd.n));
        return null;
      }
      case 'edge':
        this.move(() => r.seek(cmd.to === 'start' ? 0 : r.endCycle));
        return cmd.to === 'start' ? 'start of the recording' : 'end of the recording';
      case 'jump': {
        const j = JUMPS[cmd.target];
        const q: EventQuery = j.q ?? { kinds: KIND_FILTERS[ui.kindFilter].kinds, thread: ui.thread };
        const e = r.neighbourEvent(cmd.dir, q);
        if (e === undefined) {
          const bare = this.threadInfo.length === 0 && ['schedule', 'ipc', 'syscall'].includes(cmd.target) ? ' (bare image: no kernel events)' : '';
          return `no ${cmd.dir > 0 ? 'next' : 'previous'} ${j.what}${bare}`;
        }
        this.move(() => r.gotoEvent(e));
        return `#${e.id} ${e.kind} at cycle ${e.cycle}: ${describeEvent(e.event, this.namer())}`;
      }
    }
  }

  goto(text: string): string | null {
    try {
      const spec = parseAtSpec(text);
      this.move(() => gotoSpec(this.r, spec));
      return `at ${text.trim()}`;
    } catch (e) {
      if (e instanceof SpecError) return e.message;
      throw e;
    }
  }

  private namer(): (id: number) => string {
    const names = new Map<number, string>();
    for (const t of this.threads()) names.set(t.id, t.name);
    const kv = this.kernelView();
    if (kv !== null) for (const o of kv.objects) if (!names.has(o.id)) names.set(o.id, o.name);
    return (id) => names.get(id) ?? `#${id}`;
  }

  frame(ui: UiState, needs: FrameNeeds): Frame {
    const r = this.r;
    const v = stateView(r, { before: needs.disasmBefore, after: needs.disasmAfter });
    const kernel = v.kernel;
    const now = this.regValues();
    const regs: RegCell[] = v.regs.map((g, i) => ({
      name: g.name, value: g.value.slice(2),
      changed: i > 0 && this.before !== null && this.before[i - 1] !== now[i - 1],
    }));

    // Event list around the cursor, the cursor line near the middle.
    const filter = KIND_FILTERS[ui.kindFilter];
    const rows = Math.max(0, needs.eventRows);
    const { past, future } = r.eventsAround({ kinds: filter.kinds, thread: ui.thread }, rows, rows);
    const wantPast = Math.min(past.length, Math.max(Math.ceil(rows / 2), rows - future.length));
    const names = this.namer();
    const line = (e: typeof past[number], isPast: boolean, lastPast: boolean): EventLine => ({
      id: e.id, cycle: e.cycle, kind: e.kind, thread: e.thread, text: describeEvent(e.event, names), past: isPast, lastPast,
      at: e.instret === r.instret && e.cycle === r.cycle,
    });
    const shownPast = past.slice(past.length - wantPast);
    const events = [
      ...shownPast.map((e, i) => line(e, true, i === shownPast.length - 1)),
      ...future.slice(0, rows - wantPast).map((e) => line(e, false, false)),
    ];

    // Timeline window centred on the cursor, clamped to the recording.
    const cols = Math.max(1, needs.timelineCols);
    const cpc = ZOOM_LEVELS[ui.zoom ?? this.fitZoom(cols)];
    const span = cpc * cols;
    const from = Math.max(0, Math.min(r.cycle - Math.floor(span / 2), Math.max(0, r.endCycle + 1 - span)));
    const fromAligned = Math.floor(from / cpc) * cpc;
    const threads = this.threads();
    // Lanes depend only on the (immutable) index and the window: reuse them while scrubbing
    // within one column.
    const key = `${fromAligned}/${cpc}/${cols}/${threads.map((t) => t.id).join(',')}`;
    if (this.lanes?.key !== key) {
      this.lanes = {
        key,
        lanes: buildLanes({
          from: fromAligned, cpc, cols, threads,
          initial: threads.length > 0 ? r.stateEventsBefore(fromAligned) : [],
          events: r.eventsIn(fromAligned, fromAligned + span, LANE_KINDS as EventKind[], 50_000),
        }),
      };
    }
    const lanes = this.lanes.lanes;
    const cursorCol = Math.floor((r.cycle - fromAligned) / cpc);

    return {
      trace: r.streamPath,
      cycle: v.cycle, instret: v.instret, endCycle: r.endCycle,
      timeUs: v.timeUs, endTimeUs: (r.endCycle / r.cyclesPerSecond) * 1e6,
      priv: v.priv, pc: v.pc, location: v.location,
      regs, disasm: v.disasm, console: v.console,
      kernel, bare: this.isBare(),
      threads: [...threads],
      events, eventFilter: `${filter.name}${ui.thread !== null ? ` · ${names(ui.thread)}` : ''}`, eventTotal: this.total,
      timeline: { from: fromAligned, to: fromAligned + span, cyclesPerCol: cpc, cols, cursorCol: cursorCol >= 0 && cursorCol < cols ? cursorCol : -1, lanes },
      atEnd: r.cycle >= r.endCycle,
    };
  }
}
