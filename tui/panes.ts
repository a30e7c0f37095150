/**
 * What each pane shows, as styled lines for a given size: pure functions of the Frame and the
 * UI state. Components only lay these out, so this is where the view logic is tested.
 */
import { addrHex } from '../emulator/addr.js';
import { basename } from 'node:path';
import type { Frame } from './frame.js';
import type { PaneId, UiState } from './state.js';
import type { Layout } from './layout.js';
import { BINDINGS } from './keys.js';
import { LEGEND, shownState } from './lanes.js';
import type { Tone } from './theme.js';
import { printable } from '../tracer/printable.js';
import { compact, fit, num, seg, timeText, type Line } from './text.js';

export interface PaneContent { title: Line; body: Line[]; }

export const PANE_TITLES: Record<PaneId, string> = { timeline: 'Timeline', cpu: 'CPU', kernel: 'Kernel', events: 'Events', console: 'Console', deadlines: 'Deadlines' };
const PANE_KEYS: Record<PaneId, string> = { timeline: '1', cpu: '2', kernel: '3', events: '4', console: '5', deadlines: '6' };
/** Width of a timeline lane label (markers + name). */
export const LABEL_W = 12;

function titleLine(p: PaneId, focused: boolean, extra: string, width: number): Line {
  return fit([seg(` ${PANE_KEYS[p]} ${PANE_TITLES[p]} `, undefined, { bold: true, inverse: focused }), seg(extra ? ` ${extra}` : '', 'muted')], width);
}

const pad = (n: number, w: number): string => String(n).padStart(w);

// ------------------------------------------------------------------ timeline
export function timelinePane(f: Frame, ui: UiState, width: number, height: number): PaneContent {
  const t = f.timeline;
  const title = titleLine('timeline', ui.focus === 'timeline',
    `cursor ${num(f.cycle)} (${timeText(f.timeUs)})  ${compact(t.cyclesPerCol)} cyc/col  +/- zoom`, width);
  const laneRows = Math.max(0, height - 2);
  const lanes = t.lanes;
  // Scroll lanes so the selected thread stays visible.
  const sel = lanes.findIndex((l) => l.id !== null && l.id === ui.thread);
  const start = sel < 0 ? 0 : Math.max(0, Math.min(sel - laneRows + 1, lanes.length - laneRows));
  const body: Line[] = [];
  const running = f.kernel?.current ?? null;
  for (const lane of lanes.slice(start, start + laneRows)) {
    const mark = lane.id !== null && lane.id === ui.thread ? '>' : lane.id !== null && lane.id === running ? '*' : ' ';
    const label = fit([seg(mark, 'accent'), seg(lane.label, undefined, { bold: lane.id === ui.thread && lane.id !== null })], LABEL_W - 1, true);
    const cells: Line = lane.cells.map((c, i) => seg(c.ch, c.tone, { inverse: i === t.cursorCol }));
    body.push(fit([...label, seg(' '), ...cells], width));
  }
  // Axis: window start, cursor caret, window end.
  const axis = new Array<string>(t.cols).fill(' ');
  const put = (s: string, at: number): void => { for (let i = 0; i < s.length && at + i < axis.length; i++) if (at + i >= 0) axis[at + i] = s[i]; };
  const left = compact(t.from), right = compact(Math.min(t.to, f.endCycle));
  put(left, 0);
  if (t.cols > left.length + right.length + 2) put(right, t.cols - right.length);
  if (t.cursorCol >= 0) put('^', t.cursorCol);
  const hidden = lanes.length > laneRows ? `${lanes.length - laneRows} more` : '';
  body.push(fit([seg(hidden.padEnd(LABEL_W), 'muted'), ...axis.map((ch, i) => seg(ch, i === t.cursorCol ? 'accent' : 'muted', { bold: i === t.cursorCol }))], width));
  while (body.length < height - 1) body.push(fit([], width));
  return { title, body: body.slice(0, Math.max(0, height - 1)) };
}

// ------------------------------------------------------------------ cpu
/** Register columns that fit next to a disassembly of at least 34 columns. */
export const regColumns = (width: number): number => Math.max(1, Math.min(4, Math.floor((width - 34) / 22)));

export function cpuPane(f: Frame, ui: UiState, width: number, height: number): PaneContent {
  // Idle: the hart's pc is the last thread's, which does not run; say so instead.
  const title = titleLine('cpu', ui.focus === 'cpu', f.idle ? 'idle: no thread runs (the kernel waits for an interrupt)' : `priv ${f.priv}  pc ${addrHex(f.pc)} <${f.location}>`, width);
  const rows = Math.max(0, height - 1);
  const rc = regColumns(width);
  const regW = rc * 22;
  const disW = Math.max(10, width - regW);
  // Registers: in order, but never hide one the last move changed.
  const cap = rc * rows;
  let regs = f.regs;
  if (regs.length > cap) {
    const keep = regs.slice(0, cap);
    const missing = regs.slice(cap).filter((g) => g.changed);
    regs = [...keep.slice(0, cap - missing.length), ...missing];
  }
  const body: Line[] = [];
  for (let row = 0; row < rows; row++) {
    const d = f.disasm[row];
    let dl: Line = [];
    if (d !== undefined) {
      const text = d.text.replace(/\t/g, ' ');
      dl = [
        seg(d.current ? '=>' : '  ', d.current ? 'accent' : undefined, { bold: d.current }),
        seg(addrHex(d.addr).padStart(9), d.current ? undefined : 'muted', { inverse: d.current }),
        seg(` ${text}`, undefined, { bold: d.current, inverse: d.current }),
        seg(d.symbol !== null ? `  <${d.symbol}>` : '', 'info'),
      ];
    }
    const line: Line = fit(dl, disW, true);
    for (let c = 0; c < rc; c++) {
      const g = regs[c * rows + row];
      if (g === undefined) { line.push(seg(' '.repeat(22))); continue; }
      line.push(seg(g.changed ? ' *' : '  ', 'accent', { bold: true }), seg(g.name.padStart(3), g.changed ? 'accent' : 'muted', { bold: g.changed }),
        seg(` ${g.value}`, g.changed ? 'accent' : undefined, { bold: g.changed }));
    }
    body.push(fit(line, width));
  }
  return { title, body };
}

/** Disassembly lines before / at-and-after pc for a CPU pane of `height`. */
export function disasmSplit(height: number): { before: number; after: number } {
  const rows = Math.max(1, height - 1);
  const before = Math.floor(rows / 3);
  return { before, after: rows - before };
}

// ------------------------------------------------------------------ kernel
const stateTone = (s: string): Tone => {
  const sh = shownState(s);
  return sh === 'running' ? 'good' : sh === 'ready' ? 'info' : sh === 'throttled' ? 'accent' : sh === 'blocked' ? 'plain' : 'muted';
};

export function kernelPane(f: Frame, ui: UiState, width: number, height: number): PaneContent {
  const k = f.kernel;
  const rows = Math.max(0, height - 1);
  if (k === null) {
    const title = titleLine('kernel', ui.focus === 'kernel', '', width);
    const body = [fit([seg(f.bare ? ' no kernel (bare image)' : ' kernel state not available', 'muted')], width)];
    while (body.length < rows) body.push(fit([], width));
    return { title, body: body.slice(0, rows) };
  }
  const name = (id: number | null): string => id === null ? '-' : k.threads.find((t) => t.id === id)?.name ?? k.objects.find((o) => o.id === id)?.name ?? `#${id}`;
  const title = titleLine('kernel', ui.focus === 'kernel', `${k.threads.length} threads  ${k.current === null ? 'idle' : `running ${name(k.current)}`}`, width);
  const nameW = Math.min(14, Math.max(6, ...k.threads.map((t) => t.name.length)));
  const threads: Line[] = k.threads.map((t) => fit([
    seg(t.id === k.current ? '*' : ' ', 'good', { bold: true }), seg(t.id === ui.thread ? '>' : ' ', 'accent', { bold: true }),
    seg(t.name.padEnd(nameW), undefined, { bold: t.id === ui.thread }),
    seg(` p${pad(t.priority, 3)} `, 'muted'),
    seg(t.state, stateTone(t.state), { bold: t.state === 'running' }),
    seg(t.blockedOn !== null ? ` on ${t.blockedOnName ?? name(t.blockedOn)}` : ''),
    seg(t.scName !== null ? `  sc ${t.scName}` : '', 'info'),
    seg(t.budgetLeftUs !== null ? `  budget ${t.budgetLeftUs}µs` : '', 'muted'),
    seg(t.nextReplenishUs !== null ? ` refill ${t.nextReplenishUs}µs` : '', 'muted'),
  ], width));
  const queues: Line[] = [...k.objects].sort((a, b) => (b.queue.length > 0 ? 1 : 0) - (a.queue.length > 0 ? 1 : 0)).map((o) => fit([
    seg(` ${o.kind === 'endpoint' ? 'ep ' : 'ntf'} `, 'info'), seg(o.name),
    seg(o.state !== undefined ? ` ${o.state}` : '', 'muted'), seg(o.word !== undefined ? ` word ${o.word}` : '', 'muted'),
    seg(o.queue.length > 0 ? `  queue: ${o.queue.map(name).join(', ')}` : '  queue empty', o.queue.length > 0 ? 'accent' : 'muted'),
  ], width));
  const sel = k.threads.find((t) => t.id === ui.thread);
  const cspace: Line[] = sel === undefined
    ? [fit([seg(' t selects a thread to show its CSpace', 'muted')], width)]
    : [fit([seg(` CSpace of ${sel.name}`, undefined, { bold: true }), seg(` (${sel.cspace.length} caps)`, 'muted')], width),
      ...sel.cspace.map((c) => fit([
        seg(`  ${pad(c.slot, 4)} `, 'muted'), seg(c.type, 'info'), seg(c.object !== null ? ` ${name(c.object)}` : ''),
        seg(c.badge !== '0' && c.badge !== '' ? ` badge ${c.badge}` : '', 'muted'), seg(c.rights ? ` ${c.rights}` : '', 'muted'),
      ], width))];
  const head = (s: string): Line => fit([seg(s, undefined, { bold: true })], width);
  const body = [...threads, ...(queues.length ? [head(' Endpoints / notifications'), ...queues] : []), ...cspace];
  while (body.length < rows) body.push(fit([], width));
  return { title, body: body.slice(0, rows) };
}

// ------------------------------------------------------------------ events
const kindTone = (kind: string, text: string): Tone | undefined => {
  switch (kind) {
    case 'fault': case 'exit': return 'bad';
    case 'trap': return /interrupt/.test(text) ? 'accent' : 'bad';
    case 'irq': case 'budget': return 'accent';
    case 'ipc': case 'signal': return 'info';
    case 'schedule': case 'thread_state': return 'good';
    default: return undefined;
  }
};
const KIND_LABEL: Record<string, string> = { thread_state: 'state' };

export function eventsPane(f: Frame, ui: UiState, width: number, height: number): PaneContent {
  const title = titleLine('events', ui.focus === 'events', `${f.eventFilter} · ${num(f.eventTotal)} in trace`, width);
  const rows = Math.max(0, height - 1);
  // Columns as wide as the rows shown need, so narrow panes keep room for the description.
  const idW = Math.max(0, ...f.events.map((e) => String(e.id).length)) + 1;
  const cycW = Math.max(0, ...f.events.map((e) => String(e.cycle).length));
  const kindW = Math.max(0, ...f.events.map((e) => (KIND_LABEL[e.kind] ?? e.kind).length));
  // '>' = happens at the cursor (the next instruction); '·' = the last one before it.
  const body: Line[] = f.events.map((e) => fit([
    seg(e.at ? '>' : e.lastPast ? '·' : ' ', 'accent', { bold: true }),
    seg(`#${e.id}`.padEnd(idW), e.at ? undefined : 'muted', { inverse: e.at }),
    seg(` ${String(e.cycle).padStart(cycW)} `, e.at ? undefined : 'muted', { inverse: e.at }),
    seg((KIND_LABEL[e.kind] ?? e.kind).padEnd(kindW), kindTone(e.kind, e.text), { bold: e.at }),
    seg(` ${e.text}`, undefined, { bold: e.at }),
  ], width));
  if (body.length === 0) body.push(fit([seg(' no events match the filter', 'muted')], width));
  while (body.length < rows) body.push(fit([], width));
  return { title, body: body.slice(0, rows) };
}

// ------------------------------------------------------------------ deadlines
const CAUSE_TONE: Record<string, Tone> = {
  running: 'good', preempted: 'info', blocked: 'muted', throttled: 'accent', interrupt: 'accent', kernel: 'muted', inversion: 'bad', backlog: 'accent',
};

/** Wrap plain text to `width` columns (word boundaries where possible). */
function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

export function deadlinesPane(f: Frame, ui: UiState, width: number, height: number): PaneContent {
  const d = f.deadlines;
  const title = titleLine('deadlines', ui.focus === 'deadlines', f.bare ? 'bare image' : `${num(d.misses)} miss${d.misses === 1 ? '' : 'es'} · ${num(d.jobs)} jobs  d/D miss  e/E cause`, width);
  const rows = Math.max(0, height - 1);
  const body: Line[] = [];
  if (d.current === null) {
    body.push(fit([seg(` ${d.note ?? ''}`, 'muted')], width));
  } else {
    const c = d.current;
    for (const l of wrapText(`MISS ${c.title}`, Math.max(10, width - 1))) body.push(fit([seg(` ${l}`, 'bad', { bold: true })], width));
    const msW = Math.max(...c.causes.map((x) => x.time.length));
    for (const x of c.causes) {
      // The words wrap under the first line so a narrow pane still reads whole.
      const head = 1 + 10 + msW + 1;
      const words = wrapText(`${x.text} #${x.event}`, Math.max(10, width - head));
      body.push(fit([
        seg(x.selected ? '>' : ' ', 'accent', { bold: true }),
        seg(x.kind.padEnd(10), CAUSE_TONE[x.kind] ?? 'plain', { bold: x.kind === 'inversion' }),
        seg(`${x.time.padStart(msW)} `, 'muted'),
        seg(words[0] ?? '', undefined, { inverse: x.selected }),
      ], width));
      for (const w of words.slice(1)) body.push(fit([seg(' '.repeat(head)), seg(w, undefined, { inverse: x.selected })], width));
    }
    for (const n of c.notes) body.push(fit([seg(` ${n}`, 'muted')], width));
  }
  while (body.length < rows) body.push(fit([], width));
  return { title, body: body.slice(0, rows) };
}

// ------------------------------------------------------------------ console
export function consolePane(f: Frame, ui: UiState, width: number, height: number): PaneContent {
  const title = titleLine('console', ui.focus === 'console', `${num(f.console.length)} bytes so far`, width);
  const rows = Math.max(0, height - 1);
  // Escaped first (the CLI's rule, tracer/printable.ts), then wrapped: escapes take columns.
  const lines = printable(f.console).replace(/\t/g, ' ').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const w = Math.max(1, width - 1);
  const wrapped: string[] = [];
  for (const l of lines.slice(-rows)) {
    const cs = [...l];
    if (cs.length === 0) wrapped.push('');
    for (let i = 0; i < cs.length; i += w) wrapped.push(cs.slice(i, i + w).join(''));
  }
  const body: Line[] = f.console.length === 0 ? [fit([seg(' (no output yet)', 'muted')], width)] : wrapped.slice(-rows).map((l) => fit([seg(' '), seg(l)], width));
  while (body.length < rows) body.push(fit([], width));
  return { title, body };
}

// ------------------------------------------------------------------ help, header, footer
export function helpLines(width: number, height: number): Line[] {
  const rows = BINDINGS.filter((b) => b.label !== '');
  const items: Line[] = rows.map((b) => [seg(b.label.padEnd(11), 'accent', { bold: true }), seg(b.help)]);
  // Two columns from 80 wide, so the whole table fits 80×24.
  const cols = width >= 80 ? 2 : 1;
  const colW = Math.floor(width / cols);
  const per = Math.ceil(items.length / cols);
  const out: Line[] = [fit([seg(' Keys', undefined, { bold: true }), seg('  (? or Esc closes)', 'muted')], width)];
  for (let r = 0; r < per; r++) {
    const line: Line = [];
    for (let c = 0; c < cols; c++) line.push(...fit([seg(' '), ...(items[c * per + r] ?? [])], colW, c < cols - 1));
    out.push(fit(line, width));
  }
  out.push([], fit([seg(' go to   ', undefined, { bold: true }), seg('cycle 120000 | 120000 | time 1.2ms | event 12 | symbol main')], width));
  const half = LEGEND.indexOf('  ');
  out.push(fit([seg(' lanes   ', undefined, { bold: true }), seg(LEGEND.slice(0, half))], width));
  out.push(fit([seg('         '), seg(LEGEND.slice(half + 2))], width));
  out.push(fit([seg(' cpu     ', undefined, { bold: true }), seg('=> current instruction   * register changed by the last move')], width));
  out.push(fit([seg(' events  ', undefined, { bold: true }), seg('> happens at the cursor (next instruction)   · last one before it')], width));
  out.push(fit([seg(' panes   ', undefined, { bold: true }), seg('1 timeline  2 cpu  3 kernel  4 events  5 console  6 deadlines')], width));
  return out.slice(0, height);
}

export function headerLine(f: Frame, width: number): Line {
  return fit([
    seg(' seltrace ', undefined, { bold: true, inverse: true }),
    seg(` ${basename(f.trace)} `, 'muted'),
    seg(` cycle ${num(f.cycle)}`, undefined, { bold: true }), seg(`/${num(f.endCycle)}`, 'muted'),
    seg(`  ${timeText(f.timeUs)}`, 'info'),
    seg(`  instret ${num(f.instret)}`),
    seg(f.idle ? '  idle' : `  ${f.priv}`, 'accent', { bold: true }),
    seg(f.bare ? '  bare image' : '', 'muted'),
    seg(f.atEnd ? '  [end]' : '', 'bad', { bold: true }),
  ], width);
}

export function footerLine(ui: UiState, layout: Layout, width: number): Line {
  if (ui.prompt !== null) {
    return fit([
      seg(' go to: ', 'accent', { bold: true }), seg(ui.prompt), seg('_', undefined, { inverse: true }),
      seg('   cycle N | N | time 1.2ms | event N | symbol NAME   Enter go, Esc cancel', 'muted'),
    ], width);
  }
  const hints = '←/→ step  n/N event  g go to  ? help  Q quit';
  const dropped = layout.dropped.length > 0 ? `  (no room: ${layout.dropped.map((p) => PANE_TITLES[p].toLowerCase()).join(', ')})` : '';
  const left = ` ${ui.message ?? ''}${dropped}`;
  // A message wins over the key hints when both do not fit.
  if (left.length + hints.length + 1 > width) return fit([seg(left)], width);
  return fit([seg(left.padEnd(width - hints.length - 1)), seg(hints, 'muted'), seg(' ')], width);
}
