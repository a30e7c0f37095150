/**
 * UI state and its pure reducer: what is shown and how, never where in time we are (that is the
 * replay session's, driven by the controller). Tested without rendering.
 */
import type { EventKind } from '../tracer/schema.js';

export const PANES = ['timeline', 'cpu', 'kernel', 'events', 'console', 'deadlines'] as const;
export type PaneId = typeof PANES[number];

/** Events-pane kind filters, cycled with k / K (null = every kind). */
export const KIND_FILTERS: readonly { name: string; kinds: readonly EventKind[] | null }[] = [
  { name: 'all', kinds: null },
  { name: 'schedule', kinds: ['schedule', 'thread_state'] },
  { name: 'ipc', kinds: ['ipc', 'signal'] },
  { name: 'syscall', kinds: ['syscall'] },
  { name: 'interrupt', kinds: ['irq', 'trap'] },
  { name: 'fault', kinds: ['fault', 'trap'] },
  { name: 'console', kinds: ['uart'] },
  { name: 'kernel objects', kinds: ['object', 'capop', 'budget'] },
];

/** Timeline zoom levels: cycles per column. */
export const ZOOM_LEVELS: readonly number[] = (() => {
  const z: number[] = [];
  for (let p = 1; p <= 1e9; p *= 10) z.push(p, 2 * p, 5 * p);
  return z;
})();

export interface UiState {
  focus: PaneId;
  panes: Record<PaneId, boolean>;
  /** Focused pane fills the screen. */
  maximised: boolean;
  /** Index into ZOOM_LEVELS; null until the first frame picks one that fits the recording. */
  zoom: number | null;
  kindFilter: number;
  /** Selected thread (kernel pane CSpace, events filter); null = all threads. */
  thread: number | null;
  /** Text of the go-to prompt while it is open. */
  prompt: string | null;
  help: boolean;
  /** One-line feedback (where a jump landed, why it could not). */
  message: string | null;
  quit: boolean;
}

export type UiAction =
  | { type: 'togglePane'; pane: PaneId }
  | { type: 'showPane'; pane: PaneId }
  /** `shown` = panes the layout actually shows (some may be dropped for lack of room). */
  | { type: 'focusNext'; shown?: readonly PaneId[] }
  | { type: 'toggleMaximise' }
  | { type: 'zoom'; dir: 1 | -1 }
  | { type: 'setZoom'; level: number }
  | { type: 'cycleKindFilter'; dir: 1 | -1 }
  /** `threads` = ids to cycle through (in display order), supplied by the caller. */
  | { type: 'selectThread'; dir: 1 | -1; threads?: readonly number[] }
  | { type: 'toggleHelp' }
  | { type: 'openPrompt' }
  | { type: 'promptInput'; text: string }
  | { type: 'promptBackspace' }
  | { type: 'closePrompt' }
  | { type: 'closeOverlays' }
  | { type: 'message'; text: string | null }
  | { type: 'quit' };

export function initialUiState(): UiState {
  return {
    focus: 'cpu', panes: { timeline: true, cpu: true, kernel: true, events: true, console: true, deadlines: false },
    maximised: false, zoom: null, kindFilter: 0, thread: null, prompt: null, help: false, message: null, quit: false,
  };
}

const wrap = (i: number, n: number): number => ((i % n) + n) % n;

export function reduce(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'togglePane': {
      const panes = { ...s.panes, [a.pane]: !s.panes[a.pane] };
      // Keep focus on something visible.
      const focus = panes[s.focus] ? s.focus : PANES.find((p) => panes[p]) ?? s.focus;
      return { ...s, panes, focus, maximised: s.maximised && panes[focus] };
    }
    case 'showPane': return s.panes[a.pane] ? s : { ...s, panes: { ...s.panes, [a.pane]: true } };
    case 'focusNext': {
      const vis = PANES.filter((p) => s.panes[p] && (a.shown === undefined || a.shown.includes(p)));
      if (vis.length === 0) return s;
      return { ...s, focus: vis[wrap(vis.indexOf(s.focus) + 1, vis.length)] };
    }
    case 'toggleMaximise': return { ...s, maximised: !s.maximised && s.panes[s.focus] };
    case 'zoom': {
      if (s.zoom === null) return s;
      // Zooming in = fewer cycles per column.
      return { ...s, zoom: Math.max(0, Math.min(ZOOM_LEVELS.length - 1, s.zoom - a.dir)) };
    }
    case 'setZoom': return { ...s, zoom: Math.max(0, Math.min(ZOOM_LEVELS.length - 1, a.level)) };
    case 'cycleKindFilter': return { ...s, kindFilter: wrap(s.kindFilter + a.dir, KIND_FILTERS.length) };
    case 'selectThread': {
      const ids = a.threads ?? [];
      if (ids.length === 0) return { ...s, thread: null, message: 'no threads in this recording' };
      // Cycle: all → first … last → all.
      const order: (number | null)[] = [null, ...ids];
      const at = order.indexOf(s.thread);
      return { ...s, thread: order[wrap((at < 0 ? 0 : at) + a.dir, order.length)] };
    }
    case 'toggleHelp': return { ...s, help: !s.help, prompt: null };
    case 'openPrompt': return { ...s, prompt: '', help: false };
    case 'promptInput': return s.prompt === null ? s : { ...s, prompt: s.prompt + a.text.replace(/[\u0000-\u001f\u007f]/g, '') };
    case 'promptBackspace': return s.prompt === null ? s : { ...s, prompt: s.prompt.slice(0, -1) };
    case 'closePrompt': return { ...s, prompt: null };
    case 'closeOverlays': return { ...s, prompt: null, help: false };
    case 'message': return { ...s, message: a.text };
    case 'quit': return { ...s, quit: true };
  }
}
