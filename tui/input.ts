/**
 * Keys → UI state changes and engine moves, for one chunk of input. The reducer stays pure;
 * engine commands go to the driver, whose answer becomes the status message.
 */
import type { Driver } from './controller.js';
import { bindingFor } from './keys.js';
import { reduce, type PaneId, type UiAction, type UiState } from './state.js';

export interface InputContext {
  driver: Driver;
  /** Panes the layout would show for a state (some may be dropped for lack of room). */
  shownPanes: (s: UiState) => PaneId[];
  timelineCols: number;
}

/** Apply key names in order; `moved` = the engine was asked to move (the frame is stale). */
export function handleKeys(keys: readonly string[], start: UiState, ctx: InputContext): { ui: UiState; moved: boolean } {
  let s = start;
  let moved = false;
  const apply = (a: UiAction): void => { s = reduce(s, a); };
  // An engine error (e.g. a damaged trace) becomes a message, not a dead terminal.
  const ask = (f: () => string | null): void => {
    let text: string | null;
    try { text = f(); } catch (e) { text = `error: ${(e as Error).message}`; }
    apply({ type: 'message', text });
    moved = true;
  };
  for (const k of keys) {
    if (s.quit) break;
    const b = bindingFor(k);
    if (k === 'ctrl-c' || (s.prompt === null && b !== undefined && 'quit' in b)) { apply({ type: 'quit' }); break; }
    if (s.prompt !== null) {
      if (k === 'enter') {
        const text = s.prompt;
        apply({ type: 'closePrompt' });
        if (text.trim() !== '') ask(() => ctx.driver.goto(text));
      } else if (k === 'escape') apply({ type: 'closePrompt' });
      else if (k === 'backspace') apply({ type: 'promptBackspace' });
      else if ([...k].length === 1) apply({ type: 'promptInput', text: k });
      continue;
    }
    if (s.help) {
      // ? and Esc toggle/close it; any other key only closes it (the user cannot see its effect).
      apply({ type: 'closeOverlays' });
      continue;
    }
    apply({ type: 'message', text: null });
    if (b === undefined) {
      if ([...k].length === 1) apply({ type: 'message', text: `no key '${k}' (? lists the keys)` });
      continue;
    }
    if ('quit' in b) continue; // handled above
    if ('engine' in b) {
      const cmd = b.engine;
      ask(() => ctx.driver.exec(cmd, s));
      if (cmd.t === 'miss' || cmd.t === 'cause') apply({ type: 'showPane', pane: 'deadlines' });
      continue;
    }
    const a = b.ui;
    if (a.type === 'selectThread') apply({ ...a, threads: ctx.driver.threads().map((t) => t.id) });
    else if (a.type === 'focusNext') apply({ ...a, shown: ctx.shownPanes(s) });
    else if (a.type === 'zoom' && s.zoom === null) { apply({ type: 'setZoom', level: ctx.driver.fitZoom(ctx.timelineCols) }); apply(a); }
    else apply(a);
  }
  return { ui: s, moved };
}
