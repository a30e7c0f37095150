/**
 * Timeline lanes as plain data: one lane per thread (state per column from the index's
 * thread_states intervals, or replayed from schedule / thread_state events; markers for IPC,
 * notifications, IRQs, faults), or one "hart" lane for bare images (traps, console output).
 * Pure: data in, cells out.
 */
import type { EventRow } from '../replay/session.js';
import type { EventKind } from '../tracer/schema.js';
import type { Tone } from './theme.js';

export interface Cell { ch: string; tone: Tone; }
export interface Lane { id: number | null; label: string; cells: Cell[]; }

/** Kinds the timeline reads inside its window. */
export const LANE_KINDS: readonly EventKind[] = ['schedule', 'thread_state', 'ipc', 'signal', 'irq', 'fault', 'trap', 'uart', 'exit'];

type Shown = 'running' | 'ready' | 'blocked' | 'throttled' | 'idle' | 'off';
const GLYPH: Record<Shown, Cell> = {
  running: { ch: '█', tone: 'good' }, ready: { ch: '▒', tone: 'info' }, blocked: { ch: '-', tone: 'muted' },
  throttled: { ch: '~', tone: 'accent' }, idle: { ch: '.', tone: 'muted' }, off: { ch: ' ', tone: 'plain' },
};
/** Which state a column shows when several occur in it: any running beats ready beats ... */
const RANK: Record<Shown, number> = { running: 5, ready: 4, throttled: 3, blocked: 2, idle: 1, off: 0 };

/** Legend for the help overlay / timeline title. */
export const LEGEND = '█ running ▒ ready - blocked ~ throttled ↑ release ! missed  > send < recv * signal I irq X fault x exception | exit';

export function shownState(s: string | undefined): Shown {
  if (s === undefined) return 'off';
  if (s === 'running') return 'running';
  if (s === 'ready') return 'ready';
  if (s === 'throttled') return 'throttled';
  if (s.startsWith('blocked')) return 'blocked';
  if (s === 'idle') return 'idle';
  return 'off';
}

/** Apply one state-affecting event to per-thread states. */
export function applyState(st: Map<number, string>, e: EventRow): void {
  const ev = e.event;
  if (ev.kind === 'thread_state') st.set(ev.thread, ev.state);
  else if (ev.kind === 'schedule') {
    if (ev.from !== null && ev.from !== ev.to && st.get(ev.from) === 'running') st.set(ev.from, 'ready');
    if (ev.to !== null) st.set(ev.to, 'running');
  }
}

export interface LaneInput {
  from: number; cpc: number; cols: number;
  /** Threads (empty for bare images: one hart lane). */
  threads: readonly { id: number; name: string }[];
  /** State events before `from` (the last per thread), in id order. */
  initial: readonly EventRow[];
  /**
   * Thread states as intervals (the index's thread_states table) overlapping the window. When
   * given, lanes are drawn from them and `initial` / state events are not replayed.
   */
  intervals?: readonly { thread: number; state: string; start: number; end: number }[];
  /** Events of LANE_KINDS with from <= cycle < from + cpc*cols, in id order. */
  events: readonly EventRow[];
  /** Last cycle of the recording: columns that start after it stay blank (nothing recorded there). */
  end?: number;
}

interface Mark { ch: string; tone: Tone; rank: number; }

/** Thread-bound markers of an event: [thread, marker] pairs. */
function marksOf(e: EventRow): [number | null, Mark][] {
  const ev = e.event;
  switch (ev.kind) {
    case 'ipc': return [[ev.sender, { ch: '>', tone: 'info', rank: 2 }], [ev.receiver, { ch: '<', tone: 'info', rank: 2 }]];
    case 'signal': return [[ev.sender, { ch: '*', tone: 'accent', rank: 1 }], [ev.woke, { ch: '*', tone: 'accent', rank: 1 }]];
    case 'irq': return [[ev.thread, { ch: 'I', tone: 'accent', rank: 3 }]];
    case 'fault': return [[ev.thread, { ch: 'X', tone: 'bad', rank: 4 }]];
    case 'trap': return [[null, ev.interrupt ? { ch: 'I', tone: 'accent', rank: 3 } : { ch: 'x', tone: 'bad', rank: 4 }]];
    case 'uart': return [[null, { ch: '.', tone: 'info', rank: 0 }]];
    case 'exit': return [[null, { ch: '|', tone: 'bad', rank: 5 }]];
    default: return [];
  }
}

export function buildLanes(inp: LaneInput): Lane[] {
  const { from, cpc, cols } = inp;
  const col = (cycle: number): number => Math.floor((cycle - from) / cpc);
  const inWindow = (c: number): boolean => c >= 0 && c < cols;
  const bare = inp.threads.length === 0;

  // Markers for lanes: thread id → column → strongest mark; null = the hart / irq lane.
  const marks = new Map<number | null, Map<number, Mark>>();
  for (const e of inp.events) {
    const c = col(e.cycle);
    if (!inWindow(c)) continue;
    for (const [tid, m] of marksOf(e)) {
      const key = tid !== null && !bare ? tid : null;
      // Thread-less irq/fault markers belong to the shared lane.
      let lm = marks.get(key);
      if (lm === undefined) { lm = new Map(); marks.set(key, lm); }
      const old = lm.get(c);
      if (old === undefined || m.rank > old.rank) lm.set(c, m);
    }
  }
  const overlay = (cells: Cell[], key: number | null): Cell[] => {
    for (const [c, m] of marks.get(key) ?? []) cells[c] = { ch: m.ch, tone: m.tone };
    return cells;
  };

  const end = inp.end ?? Infinity;
  const recorded = (c: number): boolean => from + c * cpc <= end;
  const blank = (): Cell => ({ ch: ' ', tone: 'plain' });

  if (bare) {
    const cells = Array.from({ length: cols }, (_, c): Cell => recorded(c) ? { ch: '─', tone: 'muted' } : blank());
    return [{ id: null, label: 'hart', cells: overlay(cells, null) }];
  }

  const best = new Map<number, Shown[]>();
  for (const t of inp.threads) best.set(t.id, new Array<Shown>(cols).fill('off'));
  if (inp.intervals !== undefined) {
    // Each column shows the strongest state held at any time within it.
    for (const iv of inp.intervals) {
      const row = best.get(iv.thread);
      if (row === undefined || iv.end <= iv.start) continue;
      const sh = shownState(iv.state);
      // The last interval ends at the recording's end (exclusive); its final column still shows it.
      const last = iv.end >= end ? end : iv.end - 1;
      const c0 = Math.max(0, col(iv.start)), c1 = Math.min(cols - 1, col(last));
      for (let c = c0; c <= c1; c++) if (RANK[sh] > RANK[row[c]]) row[c] = sh;
    }
    return threadLanes(inp, best, overlay);
  }
  const st = new Map<number, string>();
  for (const e of inp.initial) applyState(st, e);
  const note = (c: number): void => {
    for (const [tid, s] of st) {
      const row = best.get(tid);
      if (row === undefined) continue;
      const sh = shownState(s);
      if (RANK[sh] > RANK[row[c]]) row[c] = sh;
    }
  };
  // Sweep columns: each column shows the strongest state held at any time within it.
  let k = 0;
  const stateEvents = inp.events.filter((e) => e.kind === 'thread_state' || e.kind === 'schedule');
  for (let c = 0; c < cols && recorded(c); c++) {
    // Changes at the column's first cycle count as its starting state.
    while (k < stateEvents.length && stateEvents[k].cycle <= from + c * cpc) applyState(st, stateEvents[k++]);
    note(c);
    const end = from + (c + 1) * cpc;
    while (k < stateEvents.length && stateEvents[k].cycle < end) {
      applyState(st, stateEvents[k++]);
      note(c);
    }
  }
  return threadLanes(inp, best, overlay);
}

function threadLanes(inp: LaneInput, best: Map<number, Shown[]>, overlay: (cells: Cell[], key: number | null) => Cell[]): Lane[] {
  const lanes: Lane[] = inp.threads.map((t) => ({
    id: t.id, label: t.name, cells: overlay((best.get(t.id) ?? []).map((s) => ({ ...GLYPH[s] })), t.id),
  }));
  // Interrupts, traps and console output not bound to a thread share one lane (always shown, so
  // lanes do not jump around while scrubbing).
  lanes.push({ id: null, label: 'system', cells: overlay(Array.from({ length: inp.cols }, (): Cell => ({ ch: ' ', tone: 'plain' })), null) });
  return lanes;
}
