/**
 * The interactive app: keys → reducer (UI state) or driver (engine moves), then one Frame drawn
 * by Screen. Never touches the replay session itself.
 */
import { useEffect, useMemo, useRef, useState, type JSX } from 'react';
import { Box, Text, useApp, useStdin, useStdout } from 'ink';
import type { Driver, FrameNeeds } from '../controller.js';
import { decodeKeys } from '../keys.js';
import { handleKeys } from '../input.js';
import { computeLayout, paneBox, type Layout } from '../layout.js';
import { disasmSplit, LABEL_W } from '../panes.js';
import { initialUiState, reduce, type PaneId, type UiState } from '../state.js';
import { colourEnabled } from '../theme.js';
import { Screen } from './Screen.js';

export interface AppProps {
  driver: Driver;
  /** Fixed terminal size (tests); otherwise stdout's, following resizes. */
  size?: { cols: number; rows: number };
  /** Milliseconds of quiet before spare-time work (preparing fast steps back); -1 = never. */
  idleDelayMs?: number;
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
 * chunk, so take the chunks themselves: with Ink's 'readable' listener in place (raw mode on),
 * every chunk Ink reads from stdin is also emitted as 'data' (Node streams), so a 'data'
 * listener on the public stdin sees each one once, without taking the stream from Ink.
 */
function useRawKeys(onChunk: (raw: string) => void): void {
  const { stdin, setRawMode, isRawModeSupported } = useStdin();
  const ref = useRef(onChunk);
  ref.current = onChunk;
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const h = (chunk: string | Buffer): void => ref.current(String(chunk));
    stdin.on('data', h);
    return () => {
      stdin.off('data', h);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [stdin, setRawMode, isRawModeSupported]);
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

export function App({ driver, size, idleDelayMs = 40 }: AppProps): JSX.Element {
  const { exit } = useApp();
  const term = useTerminalSize(size);
  const [ui, setUi] = useState<UiState>(initialUiState);
  const uiRef = useRef(ui);
  const [version, setVersion] = useState(0);
  const colour = useMemo(() => colourEnabled(), []);

  // One row is left free: Ink clears the whole terminal when output reaches its height.
  const layout = computeLayout(term.cols, term.rows - 1, ui, driver.laneCount(), driver.isBare());
  const needs = needsOf(layout);
  const needsKey = `${needs.timelineCols}/${needs.disasmBefore}/${needs.disasmAfter}/${needs.eventRows}`;
  const frame = useMemo(() => driver.frame(ui, needs), [driver, version, ui, needsKey]);

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
    const shownPanes = (st: UiState): PaneId[] =>
      computeLayout(term.cols, term.rows - 1, { ...st, maximised: false }, driver.laneCount(), driver.isBare()).rowsOfPanes.flat().map((b) => b.pane);
    const r = handleKeys(decodeKeys(raw), uiRef.current, { driver, shownPanes, timelineCols: needs.timelineCols });
    uiRef.current = r.ui;
    setUi(r.ui);
    if (r.moved) setVersion((v) => v + 1);
    if (r.ui.quit) exit();
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
