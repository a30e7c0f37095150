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
import type { DeadlinesData } from './frame.js';
import { analyseRecording, type DeadlineReport, type Miss } from '../replay/analysis/deadlines.js';
import { causeText, missNotes } from '../replay/analysis/describe-cause.js';

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
  /** The deadline analysis, computed once (jobs come from the index's jobs table). */
  private dl: DeadlineReport | null | undefined = undefined;
  private missIdx = -1;
  private causeIdx = -1;

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

  /** x1–x31, then f0–f31 and fcsr: the order of the register cells after pc. */
  private regValues(): string[] {
    const r = this.r.registers();
    return [...r.x.slice(1), ...r.f].map((v) => v.toString(16)).concat(String(r.fcsr));
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

  /** The analysis of a system recording (null for bare ones), loaded on first use. */
  private deadlines(): DeadlineReport | null {
    if (this.dl !== undefined) return this.dl;
    if (!this.r.isSystem) return (this.dl = null);
    // The session checked the index already: nothing to say on stderr (Ink owns the screen).
    this.dl = analyseRecording(this.r.streamPath, {}, () => {});
    return this.dl;
  }

  private misses(): Miss[] {
    return [...(this.deadlines()?.misses ?? [])].sort((a, b) => a.release - b.release);
  }

  /**
   * The miss whose window holds the cursor, else the last visited. Windows overlap (a long miss
   * of one thread spans others' misses): the one `d` / `e` went to stays at hand while its window
   * holds the cursor.
   */
  private missAtHand(): number {
    const ms = this.misses();
    const c = this.r.cycle;
    const holds = (m: Miss): boolean => m.release <= c && c <= (m.finish ?? this.r.endCycle);
    if (this.missIdx >= 0 && this.missIdx < ms.length && holds(ms[this.missIdx])) return this.missIdx;
    const i = ms.findIndex(holds);
    if (i >= 0 && i !== this.missIdx) { this.missIdx = i; this.causeIdx = -1; }
    return this.missIdx < ms.length ? this.missIdx : -1;
  }

  private ms(c: number): string {
    return `${((c / this.r.cyclesPerSecond) * 1e3).toFixed(3)} ms`;
  }

  private sortedCauses(m: Miss): Miss['causes'] {
    return [...m.causes].sort((a, b) => b.cycles - a.cycles || a.start - b.start);
  }

  private gotoMiss(dir: 1 | -1): string {
    if (!this.r.isSystem) return 'no deadline analysis: bare image (no kernel model)';
    const ms = this.misses();
    if (ms.length === 0) return 'no deadline misses in this recording';
    const c = this.r.cycle;
    // A miss released exactly here counts as next unless it is the one at hand (a job released
    // at cycle 0 is reachable from the start).
    const i = dir > 0 ? ms.findIndex((m, k) => m.release > c || (m.release === c && k > this.missIdx))
      : ms.map((m, k) => m.release < c || (m.release === c && k < this.missIdx)).lastIndexOf(true);
    if (i < 0) return `no ${dir > 0 ? 'next' : 'previous'} deadline miss (${ms.length} in all)`;
    const m = ms[i];
    const e = this.r.event(m.releaseEvent);
    if (e === undefined) return `miss release event ${m.releaseEvent} is not in the index`;
    this.move(() => this.r.gotoEvent(e));
    this.missIdx = i; this.causeIdx = -1;
    return `miss ${i + 1}/${ms.length}: ${m.thread} job ${m.job} late by ${this.ms(m.lateness)} (e: go to its causes)`;
  }

  private gotoCause(dir: 1 | -1): string {
    const ms = this.misses();
    const i = this.missAtHand();
    if (i < 0) return ms.length === 0 ? 'no deadline misses in this recording' : 'no miss at hand: d goes to the next one';
    const causes = this.sortedCauses(ms[i]);
    this.causeIdx = ((this.causeIdx + dir) % causes.length + causes.length) % causes.length;
    const c = causes[this.causeIdx];
    const e = this.r.event(c.event);
    if (e === undefined) return `cause event ${c.event} is not in the index`;
    this.move(() => this.r.gotoEvent(e));
    this.missIdx = i;
    return `cause ${this.causeIdx + 1}/${causes.length}: ${c.kind} ${this.ms(c.cycles)} — ${causeText(c)}`;
  }

  private deadlinesData(): DeadlinesData {
    const rep = this.deadlines();
    if (rep === null) return { jobs: 0, misses: 0, current: null, note: 'bare image: no threads, no jobs' };
    const ms = this.misses();
    const base = { jobs: rep.jobs.length, misses: ms.length };
    if (ms.length === 0) return { ...base, current: null, note: `no deadline misses (${rep.jobs.length} jobs)` };
    const i = this.missAtHand();
    if (i < 0) return { ...base, current: null, note: `${ms.length} deadline miss${ms.length === 1 ? '' : 'es'}: d / D go to them` };
    const m = ms[i];
    const causes = this.sortedCauses(m).map((c, k) => ({ kind: c.kind, cycles: c.cycles, time: this.ms(c.cycles), text: causeText(c), event: c.event, selected: k === this.causeIdx }));
    const notes = missNotes(m, (c) => this.ms(c));
    const title = `${m.thread} (${m.priority}) job ${m.job}: released ${this.ms(m.release)}, deadline ${this.ms(m.deadline)}, ` +
      `${m.finish === null ? 'unfinished' : `finished ${this.ms(m.finish)}`}, late by ${this.ms(m.lateness)}`;
    return { ...base, current: { index: i, title, causes, notes }, note: null };
  }

  /** Releases (↑) and missed deadlines (!) on the thread lanes. */
  private markJobs(lanes: Lane[], from: number, cpc: number, cols: number): Lane[] {
    const rep = this.deadlines();
    if (rep === null || rep.jobs.length === 0) return lanes;
    const byName = new Map(this.threads().map((t) => [t.name, t.id]));
    const out = lanes.map((l) => ({ ...l, cells: [...l.cells] }));
    const laneOf = new Map(out.map((l) => [l.id, l]));
    const col = (c: number): number => Math.floor((c - from) / cpc);
    for (const j of rep.jobs) {
      const lane = laneOf.get(byName.get(j.thread) ?? -1);
      if (lane === undefined) continue;
      const rc = col(j.release);
      if (rc >= 0 && rc < cols) lane.cells[rc] = { ch: '↑', tone: 'info' };
      if (j.missed && j.deadline !== null) {
        const dc = col(j.deadline);
        if (dc >= 0 && dc < cols) lane.cells[dc] = { ch: '!', tone: 'bad' };
      }
    }
    return out;
  }

  exec(cmd: EngineCommand, ui: UiState): string | null {
    const r = this.r;
    switch (cmd.t) {
      case 'miss': return this.gotoMiss(cmd.dir);
      case 'cause': return this.gotoCause(cmd.dir);
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
      let note: string | null = null;
      this.move(() => { note = gotoSpec(this.r, spec); });
      return note ?? `at ${text.trim()}`;
    } catch (e) {
      if (e instanceof SpecError) return e.message;
      throw e;
    }
  }

  /** Names of threads and every kernel object the recording created (SCs, endpoints, ...). */
  private namer(): (id: number) => string {
    const names = new Map<number, string>(this.r.objectNames());
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
    // x registers, then the FP registers and fcsr (shown when there is room or when they changed)
    const fcsr = v.csrs.find((g) => g.name === 'fcsr')!;
    const regs: RegCell[] = [...v.regs, ...v.fregs, { name: 'fcsr', value: `0x${fcsr.value.slice(2).padStart(16, '0')}` }].map((g, i) => ({
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
        lanes: this.markJobs(buildLanes({
          from: fromAligned, cpc, cols, threads, end: r.endCycle,
          initial: [],
          intervals: threads.length > 0 ? r.threadStatesIn(fromAligned, fromAligned + span) : [],
          events: r.eventsIn(fromAligned, fromAligned + span, LANE_KINDS as EventKind[], 50_000),
        }), fromAligned, cpc, cols),
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
      kernel, bare: this.isBare(), idle: kernel !== null && kernel.current === null,
      threads: [...threads],
      events, eventFilter: `${filter.name}${ui.thread !== null ? ` · ${names(ui.thread)}` : ''}`, eventTotal: this.total,
      timeline: { from: fromAligned, to: fromAligned + span, cyclesPerCol: cpc, cols, cursorCol: cursorCol >= 0 && cursorCol < cols ? cursorCol : -1, lanes },
      atEnd: r.cycle >= r.endCycle,
      deadlines: ui.panes.deadlines ? this.deadlinesData() : { jobs: 0, misses: 0, current: null, note: null },
    };
  }
}
