/**
 * Where panes go for a terminal size: pure, so 80×24 and big terminals are tested without
 * rendering. Rows: header, timeline (full width), a main row (CPU, plus Kernel when wide), a
 * bottom row (Events, Console, Kernel when not in the main row), footer. Panes that would be
 * too narrow are dropped (lowest priority first) and named in `dropped`.
 */
import type { PaneId, UiState } from './state.js';

export interface PaneBox { pane: PaneId; width: number; height: number; }
export interface Layout {
  cols: number; rows: number;
  /** Rows of panes between header and footer, top to bottom. */
  rowsOfPanes: PaneBox[][];
  /** Panes switched on but not shown for lack of space. */
  dropped: PaneId[];
  /** Help overlay replaces the body. */
  help: boolean;
  bodyHeight: number;
}

const MIN_WIDTH: Record<PaneId, number> = { timeline: 20, cpu: 40, kernel: 26, events: 36, console: 20, deadlines: 34 };
const WEIGHT: Record<PaneId, number> = { timeline: 1, cpu: 3, kernel: 3, events: 3, console: 2, deadlines: 4 };
/** Dropped first when a row is too narrow; a bare image's kernel pane only says "no kernel". */
const DROP_ORDER: PaneId[] = ['console', 'kernel', 'events', 'deadlines', 'cpu', 'timeline'];
const DROP_ORDER_BARE: PaneId[] = ['deadlines', 'kernel', 'console', 'events', 'cpu', 'timeline'];
/** From this width the kernel pane sits next to the CPU pane. */
export const WIDE = 140;

/** How a pane takes width in a row: a fixed width, or a share by weight. */
interface Share { fixed?: number; weight: number; }

/** Split `width` among panes (1-column gaps), dropping panes that get too little. */
function fitRow(panes: PaneId[], width: number, dropped: PaneId[], order: PaneId[], share: (p: PaneId) => Share): { pane: PaneId; width: number }[] {
  let ps = [...panes];
  for (;;) {
    const avail = width - (ps.length - 1);
    const fixed = ps.reduce((a, p) => a + (share(p).fixed ?? 0), 0);
    const total = ps.reduce((a, p) => a + (share(p).fixed === undefined ? share(p).weight : 0), 0);
    const ws = ps.map((p) => share(p).fixed ?? Math.floor(((avail - fixed) * share(p).weight) / Math.max(1, total)));
    // Rounding leftovers go to the last weighted pane.
    const lastWeighted = ps.map((p) => share(p).fixed === undefined).lastIndexOf(true);
    if (lastWeighted >= 0) ws[lastWeighted] += avail - ws.reduce((a, b) => a + b, 0);
    const tooNarrow = ps.some((p, i) => ws[i] < Math.min(MIN_WIDTH[p], share(p).fixed ?? MIN_WIDTH[p]));
    if (!tooNarrow || ps.length === 1) return ps.map((p, i) => ({ pane: p, width: ps.length === 1 ? width : ws[i] }));
    const victim = order.find((p) => ps.includes(p)) as PaneId;
    dropped.push(victim);
    ps = ps.filter((p) => p !== victim);
  }
}

/** `lanes` = number of timeline lanes the trace has; `bare` = no kernel model. */
export function computeLayout(cols: number, rows: number, ui: UiState, lanes: number, bare = false): Layout {
  const bodyHeight = Math.max(1, rows - 2);
  const dropped: PaneId[] = [];
  const base = { cols, rows, dropped, help: ui.help, bodyHeight };
  if (ui.maximised && ui.panes[ui.focus]) {
    return { ...base, rowsOfPanes: [[{ pane: ui.focus, width: cols, height: bodyHeight }]] };
  }
  const on = ui.panes;
  const wide = cols >= WIDE;
  const main: PaneId[] = [];
  const bottom: PaneId[] = [];
  if (on.cpu) main.push('cpu');
  if (on.kernel && wide && on.cpu && !bare) main.push('kernel');
  if (on.deadlines) bottom.push('deadlines');
  if (on.events) bottom.push('events');
  if (on.console) bottom.push('console');
  if (on.kernel && !main.includes('kernel')) bottom.push('kernel');

  let left = bodyHeight;
  const out: PaneBox[][] = [];
  if (on.timeline) {
    // Title + lanes + axis; lanes get at most a third of the body (they scroll).
    const want = 2 + lanes;
    const h = main.length + bottom.length === 0 ? left : Math.max(3, Math.min(want, Math.floor(bodyHeight / 3)));
    out.push([{ pane: 'timeline', width: cols, height: Math.min(h, left) }]);
    left -= Math.min(h, left);
  }
  const order = bare ? DROP_ORDER_BARE : DROP_ORDER;
  // Next to the CPU the kernel pane takes less, so registers keep two columns.
  const mainRow = fitRow(main, cols, dropped, order, (p) => ({ weight: p === 'kernel' ? 2 : WEIGHT[p] }));
  // A bare image's kernel pane holds one short line.
  const bottomRow = fitRow(bottom, cols, dropped, order, (p) => p === 'kernel' && bare ? { fixed: 24, weight: 0 } : { weight: WEIGHT[p] });
  let mainH = 0, bottomH = 0;
  if (mainRow.length > 0 && bottomRow.length > 0) {
    mainH = Math.max(Math.min(6, left), Math.min(left - 4, Math.round(left * 0.55)));
    bottomH = left - mainH;
  } else if (mainRow.length > 0) mainH = left;
  else bottomH = left;
  if (mainRow.length > 0 && mainH > 0) out.push(mainRow.map((p) => ({ ...p, height: mainH })));
  if (bottomRow.length > 0 && bottomH > 0) out.push(bottomRow.map((p) => ({ ...p, height: bottomH })));
  return { ...base, rowsOfPanes: out };
}

/** The size of a pane in a layout, if shown. */
export function paneBox(l: Layout, p: PaneId): PaneBox | undefined {
  for (const row of l.rowsOfPanes) for (const b of row) if (b.pane === p) return b;
  return undefined;
}
