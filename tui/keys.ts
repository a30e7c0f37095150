/**
 * Every key of the TUI, as data: one row per binding. The input handler, the help overlay and
 * the footer hints are all derived from this table.
 */
import type { UiAction } from './state.js';

/** Where an event jump goes; each maps to event kinds (and a trap predicate) in the controller. */
export type JumpTarget = 'event' | 'schedule' | 'ipc' | 'syscall' | 'interrupt' | 'fault';

export type EngineCommand =
  | { t: 'step'; n: number }
  | { t: 'jump'; target: JumpTarget; dir: 1 | -1 }
  | { t: 'edge'; to: 'start' | 'end' }
  /** Next / previous deadline miss (its release), and the causes of the miss at hand. */
  | { t: 'miss'; dir: 1 | -1 }
  | { t: 'cause'; dir: 1 | -1 };

/**
 * `keys`: names decodeKeys produces: a single character, or right, left, up, down, home, end,
 * pageup, pagedown, tab, enter, escape, backspace, ctrl-c. An empty `label` continues the row
 * above it in the help (n / N share one line).
 */
export type Binding =
  | { keys: string[]; label: string; help: string; engine: EngineCommand }
  | { keys: string[]; label: string; help: string; ui: UiAction }
  | { keys: string[]; label: string; help: string; quit: true };

export const BINDINGS: readonly Binding[] = [
  { keys: ['right', 'l'], label: '→ / l', help: 'step one instruction', engine: { t: 'step', n: 1 } },
  { keys: ['left', 'h'], label: '← / h', help: 'step one instruction back', engine: { t: 'step', n: -1 } },
  { keys: [']'], label: '] / [', help: '1000 instructions fwd/back', engine: { t: 'step', n: 1000 } },
  { keys: ['['], label: '', help: '', engine: { t: 'step', n: -1000 } },
  { keys: ['n'], label: 'n / N', help: 'next/prev event (filtered)', engine: { t: 'jump', target: 'event', dir: 1 } },
  { keys: ['N'], label: '', help: '', engine: { t: 'jump', target: 'event', dir: -1 } },
  { keys: ['s'], label: 's / S', help: 'next/prev context switch', engine: { t: 'jump', target: 'schedule', dir: 1 } },
  { keys: ['S'], label: '', help: '', engine: { t: 'jump', target: 'schedule', dir: -1 } },
  { keys: ['i'], label: 'i / I', help: 'next/prev IPC, notification', engine: { t: 'jump', target: 'ipc', dir: 1 } },
  { keys: ['I'], label: '', help: '', engine: { t: 'jump', target: 'ipc', dir: -1 } },
  { keys: ['c'], label: 'c / C', help: 'next/prev syscall', engine: { t: 'jump', target: 'syscall', dir: 1 } },
  { keys: ['C'], label: '', help: '', engine: { t: 'jump', target: 'syscall', dir: -1 } },
  { keys: ['r'], label: 'r / R', help: 'next/prev interrupt', engine: { t: 'jump', target: 'interrupt', dir: 1 } },
  { keys: ['R'], label: '', help: '', engine: { t: 'jump', target: 'interrupt', dir: -1 } },
  { keys: ['f'], label: 'f / F', help: 'next/prev fault, exception', engine: { t: 'jump', target: 'fault', dir: 1 } },
  { keys: ['F'], label: '', help: '', engine: { t: 'jump', target: 'fault', dir: -1 } },
  { keys: ['d'], label: 'd / D', help: 'next/prev deadline miss', engine: { t: 'miss', dir: 1 } },
  { keys: ['D'], label: '', help: '', engine: { t: 'miss', dir: -1 } },
  { keys: ['e'], label: 'e / E', help: 'next/prev cause of the miss', engine: { t: 'cause', dir: 1 } },
  { keys: ['E'], label: '', help: '', engine: { t: 'cause', dir: -1 } },
  { keys: ['home', '<'], label: '< / >', help: 'start / end of recording', engine: { t: 'edge', to: 'start' } },
  { keys: ['end', '>'], label: '', help: '', engine: { t: 'edge', to: 'end' } },
  { keys: ['g'], label: 'g', help: 'go to (--at forms)', ui: { type: 'openPrompt' } },
  { keys: ['t'], label: 't / T', help: 'select thread (filters)', ui: { type: 'selectThread', dir: 1 } },
  { keys: ['T'], label: '', help: '', ui: { type: 'selectThread', dir: -1 } },
  { keys: ['k'], label: 'k / K', help: 'event kind filter', ui: { type: 'cycleKindFilter', dir: 1 } },
  { keys: ['K'], label: '', help: '', ui: { type: 'cycleKindFilter', dir: -1 } },
  { keys: ['+', '='], label: '+ / -', help: 'zoom timeline in / out', ui: { type: 'zoom', dir: 1 } },
  { keys: ['-', '_'], label: '', help: '', ui: { type: 'zoom', dir: -1 } },
  { keys: ['1'], label: '1-6', help: 'toggle panes (see titles)', ui: { type: 'togglePane', pane: 'timeline' } },
  { keys: ['2'], label: '', help: '', ui: { type: 'togglePane', pane: 'cpu' } },
  { keys: ['3'], label: '', help: '', ui: { type: 'togglePane', pane: 'kernel' } },
  { keys: ['4'], label: '', help: '', ui: { type: 'togglePane', pane: 'events' } },
  { keys: ['5'], label: '', help: '', ui: { type: 'togglePane', pane: 'console' } },
  { keys: ['6'], label: '', help: '', ui: { type: 'togglePane', pane: 'deadlines' } },
  { keys: ['tab'], label: 'Tab', help: 'focus next pane', ui: { type: 'focusNext' } },
  { keys: ['z'], label: 'z', help: 'maximise focused pane', ui: { type: 'toggleMaximise' } },
  { keys: ['?'], label: '?', help: 'this help', ui: { type: 'toggleHelp' } },
  { keys: ['escape'], label: 'Esc', help: 'close help / prompt', ui: { type: 'closeOverlays' } },
  { keys: ['Q', 'q', 'ctrl-c'], label: 'Q / Ctrl-C', help: 'quit', quit: true },
];

const BY_KEY = new Map<string, Binding>();
for (const b of BINDINGS) for (const k of b.keys) {
  if (BY_KEY.has(k)) throw new Error(`key ${k} bound twice`);
  BY_KEY.set(k, b);
}

export function bindingFor(key: string): Binding | undefined {
  return BY_KEY.get(key);
}

const CSI: Record<string, string> = {
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', '[H': 'home', '[F': 'end', 'OA': 'up', 'OB': 'down',
  'OC': 'right', 'OD': 'left', 'OH': 'home', 'OF': 'end', '[1~': 'home', '[4~': 'end', '[5~': 'pageup', '[6~': 'pagedown',
  '[7~': 'home', '[8~': 'end', '[3~': 'backspace', '[Z': 'backtab',
};

/**
 * Turn one raw chunk read from the terminal into key names. A chunk can hold several keys
 * (typed or auto-repeated while a frame was computing, or pasted); none is lost.
 */
export function decodeKeys(raw: string): string[] {
  let s = raw;
  const out: string[] = [];
  while (s.length > 0) {
    if (s[0] === '\u001b') {
      const m = /^\u001b(\[[0-9;]*[A-Za-z~]|O[A-Z])/.exec(s);
      if (m !== null) {
        // Modified arrows (ESC [1;5C) count as plain ones.
        const name = CSI[m[1].replace(/^\[1;\d+/, '[')];
        if (name !== undefined) out.push(name);
        s = s.slice(m[0].length);
      } else { out.push('escape'); s = s.slice(1); }
      continue;
    }
    const ch = [...s][0];
    out.push(ch === '\r' || ch === '\n' ? 'enter' : ch === '\t' ? 'tab' : ch === '\u007f' || ch === '\b' ? 'backspace' : ch === '\u0003' ? 'ctrl-c' : ch);
    s = s.slice(ch.length);
  }
  return out;
}
