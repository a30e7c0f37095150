import { describe, it, expect } from 'vitest';
import { computeLayout, paneBox, type Layout } from '../../tui/layout.js';
import { initialUiState, reduce } from '../../tui/state.js';

function check(l: Layout): void {
  // Every row of panes fits the width (with 1-column gaps); the rows fit the body.
  for (const row of l.rowsOfPanes) {
    expect(row.reduce((a, b) => a + b.width, 0) + row.length - 1).toBeLessThanOrEqual(l.cols);
    for (const b of row) expect(b.height).toBe(row[0].height);
  }
  expect(l.rowsOfPanes.reduce((a, r) => a + r[0].height, 0)).toBeLessThanOrEqual(l.bodyHeight);
}

describe('layout', () => {
  it('80×23 usable rows, bare image: timeline, cpu, events + console; kernel dropped', () => {
    const l = computeLayout(80, 23, initialUiState(), 1, true);
    check(l);
    expect(l.rowsOfPanes.map((r) => r.map((b) => b.pane))).toEqual([['timeline'], ['cpu'], ['events', 'console']]);
    expect(l.dropped).toEqual(['kernel']);
    expect(paneBox(l, 'timeline')?.height).toBe(3);
    expect(paneBox(l, 'cpu')!.height).toBeGreaterThanOrEqual(8);
  });

  it('80 columns with a kernel: the console makes room for the kernel pane', () => {
    const l = computeLayout(80, 23, initialUiState(), 5, false);
    check(l);
    expect(l.rowsOfPanes.map((r) => r.map((b) => b.pane))).toEqual([['timeline'], ['cpu'], ['events', 'kernel']]);
    expect(l.dropped).toEqual(['console']);
  });

  it('wide terminals put the kernel next to the CPU and show everything', () => {
    const l = computeLayout(160, 49, initialUiState(), 5, false);
    check(l);
    expect(l.rowsOfPanes.map((r) => r.map((b) => b.pane))).toEqual([['timeline'], ['cpu', 'kernel'], ['events', 'console']]);
    expect(l.dropped).toEqual([]);
    expect(paneBox(l, 'timeline')?.height).toBe(7);
  });

  it('toggled-off panes give their room to the others', () => {
    let ui = initialUiState();
    for (const pane of ['events', 'console', 'kernel'] as const) ui = reduce(ui, { type: 'togglePane', pane });
    const l = computeLayout(80, 23, ui, 1, true);
    check(l);
    expect(l.rowsOfPanes.map((r) => r.map((b) => b.pane))).toEqual([['timeline'], ['cpu']]);
    expect(paneBox(l, 'cpu')?.height).toBe(l.bodyHeight - 3);
  });

  it('maximise shows the focused pane alone', () => {
    const l = computeLayout(100, 30, reduce(initialUiState(), { type: 'toggleMaximise' }), 1, true);
    expect(l.rowsOfPanes).toEqual([[{ pane: 'cpu', width: 100, height: 28 }]]);
  });

  it('many lanes are capped to a third of the body', () => {
    const l = computeLayout(120, 39, initialUiState(), 40, false);
    check(l);
    expect(paneBox(l, 'timeline')?.height).toBe(Math.floor(37 / 3));
  });
});
