/**
 * The interactive app: keys → reducer (UI state) or driver (engine moves), then one Frame drawn
 * by Screen. Never touches the replay session itself.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useStdin, useStdout } from 'ink';
import type { Driver, FrameNeeds } from '../controller.js';
import { bindingFor, decodeKeys } from '../keys.js';
import { computeLayout, paneBox, type Layout } from '../layout.js';
import { disasmSplit, LABEL_W } from '../panes.js';
import { initialUiState, reduce, type UiAction, type UiState } from '../state.js';
import { colourEnabled } from '../theme.js';
import { Screen } from './Screen.js';

export interface AppProps {
  driver: Driver;
  /** Fixed terminal size (tests); otherwise stdout's, following resizes. */
  size?: { cols: number; rows: number };
  initial?: Partial<UiState>;
  /** Milliseconds of quiet before spare-time work (preparing fast steps back); -1 = never. */
  idleDelayMs?: number;
  /** Called after each frame is committed (latency measurement). */
  onFrame?: () => void;
}

export const MIN_COLS = 40;
export const MIN_ROWS = 10;

function useTerminalSize(fixed: AppProps['size']): { cols: number; rows: number } {
  const { stdout } = useStdout();
  const read = (): { cols: number; rows: number } => ({ cols: fixed?.cols ?? (stdout.columns || 80), rows: fixed?.rows ?? (stdout.rows || 24) });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed !== undefined) return;
    const onResize = (): void => {
      // Lines drawn for the old width may have wrapped: start from a clean screen.
      if (stdout.isTTY) stdout.write('\u001b[2J\u001b[H');
      setSize(read());
    };
    // Before Ink's own listener, so Ink never redraws the old-size tree into the new size.
    stdout.prependListener('resize', onResize);
    // A resize between the first frame and this effect would otherwise be missed.
    const now = read();
    if (now.cols !== size.cols || now.rows !== size.rows) onResize();
    return () => { stdout.off('resize', onResize); };
  }, [stdout, fixed?.cols, fixed?.rows]);
  return fixed ?? size;
}

/**
 * Raw key chunks in raw mode. Ink's useInput parses one key per chunk and drops the rest of a
 * chunk, so read the chunks Ink forwards and split them ourselves.
 */
function useRawKeys(onChunk: (raw: string) => void): void {
  const { setRawMode, isRawModeSupported, internal_eventEmitter: events } = useStdin();
  const ref = useRef(onChunk);
  ref.current = onChunk;
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const h = (chunk: string | Buffer): void => ref.current(String(chunk));
    events.on('input', h);
    return () => {
      events.off('input', h);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [events, setRawMode, isRawModeSupported]);
}

/** What the frame must contain for the panes of a layout. */
export function needsOf(l: Layout): FrameNeeds {
  const tl = paneBox(l, 'timeline');
  const cpu = paneBox(l, 'cpu');
  const ev = paneBox(l, 'events');
  const d = disasmSplit(cpu?.height ?? 2);
  return {
    timelineCols: Math.max(1, (tl?.width ?? l.cols) - LABEL_W),
    disasmBefore: d.before, disasmAfter: d.after,
    eventRows: Math.max(0, (ev?.height ?? 1) - 1),
  };
}

export function App({ driver, size, initial, idleDelayMs = 40, onFrame }: AppProps): JSX.Element {
  const { exit } = useApp();
  const term = useTerminalSize(size);
  const [ui, setUi] = useState<UiState>(() => ({ ...initialUiState(), ...initial }));
  const uiRef = useRef(ui);
  const [version, setVersion] = useState(0);
  const colour = useMemo(() => colourEnabled(), []);

  // One row is left free: Ink clears the whole terminal when output reaches its height.
  const layout = computeLayout(term.cols, term.rows - 1, ui, driver.laneCount(), driver.isBare());
  const needs = needsOf(layout);
  const needsKey = `${needs.timelineCols}/${needs.disasmBefore}/${needs.disasmAfter}/${needs.eventRows}`;
  const frame = useMemo(() => driver.frame(ui, needs), [driver, version, ui, needsKey]);

  useEffect(() => { onFrame?.(); });
  const idleBroken = useRef(false);
  useEffect(() => {
    if (idleDelayMs < 0 || idleBroken.current) return;
    const t = setTimeout(() => {
      try { driver.idle(); } catch (e) {
        // Spare-time work is optional: stop it and say why, keep the session usable.
        idleBroken.current = true;
        uiRef.current = reduce(uiRef.current, { type: 'message', text: `background work stopped: ${(e as Error).message}` });
        setUi(uiRef.current);
      }
    }, idleDelayMs);
    return () => clearTimeout(t);
  }, [driver, version, idleDelayMs]);

  useRawKeys((raw) => {
    let s = uiRef.current;
    let moved = false;
    const apply = (a: UiAction): void => { s = reduce(s, a); };
    // An engine error (e.g. a damaged trace) becomes a message, not a dead terminal.
    const guard = (f: () => string | null): string | null => { try { return f(); } catch (e) { return `error: ${(e as Error).message}`; } };
    for (const k of decodeKeys(raw)) {
      if (s.quit) break;
      if (k === 'ctrl-c') { apply({ type: 'quit' }); break; }
      if (s.prompt !== null) {
        if (k === 'enter') {
          const text = s.prompt;
          apply({ type: 'closePrompt' });
          if (text.trim() !== '') { apply({ type: 'message', text: guard(() => driver.goto(text)) }); moved = true; }
        } else if (k === 'escape') apply({ type: 'closePrompt' });
        else if (k === 'backspace') apply({ type: 'promptBackspace' });
        else if ([...k].length === 1) apply({ type: 'promptInput', text: k });
        continue;
      }
      const b = bindingFor(k);
      if (s.help && (b === undefined || !('ui' in b) || (b.ui.type !== 'toggleHelp' && b.ui.type !== 'closeOverlays')) && !(b !== undefined && 'quit' in b)) {
        apply({ type: 'closeOverlays' }); // any other key just closes the help
        continue;
      }
      apply({ type: 'message', text: null });
      if (b === undefined) { if (k.length === 1) apply({ type: 'message', text: `no key '${k}' (? lists the keys)` }); continue; }
      if ('quit' in b) { apply({ type: 'quit' }); break; }
      if ('engine' in b) { apply({ type: 'message', text: guard(() => driver.exec(b.engine, s)) }); moved = true; continue; }
      const a = b.ui;
      if (a.type === 'selectThread') apply({ ...a, threads: driver.threads().map((t) => t.id) });
      else if (a.type === 'focusNext') {
        // Panes shown for the state as it is now (earlier keys of this chunk may have changed it).
        const unmax = computeLayout(term.cols, term.rows - 1, { ...s, maximised: false }, driver.laneCount(), driver.isBare());
        apply({ ...a, shown: unmax.rowsOfPanes.flat().map((b) => b.pane) });
      }
      else if (a.type === 'zoom' && s.zoom === null) { apply({ type: 'setZoom', level: driver.fitZoom(needs.timelineCols) }); apply(a); }
      else apply(a);
    }
    uiRef.current = s;
    setUi(s);
    if (moved) setVersion((v) => v + 1);
    if (s.quit) exit();
  });

  if (term.cols < MIN_COLS || term.rows < MIN_ROWS) {
    return (
      <Box width={term.cols}>
        <Text wrap="wrap">seltrace: terminal {term.cols}×{term.rows} is too small (need {MIN_COLS}×{MIN_ROWS}); Q quits</Text>
      </Box>
    );
  }
  return <Screen frame={frame} ui={ui} layout={layout} colour={colour} />;
}
