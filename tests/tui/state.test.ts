import { describe, it, expect } from 'vitest';
import { initialUiState, reduce, KIND_FILTERS, ZOOM_LEVELS, type UiState } from '../../tui/state.js';

const run = (s: UiState, ...as: Parameters<typeof reduce>[1][]): UiState => as.reduce(reduce, s);

describe('ui reducer', () => {
  it('toggles panes and keeps the focus on a visible one', () => {
    const s0 = initialUiState();
    expect(s0.focus).toBe('cpu');
    const s1 = reduce(s0, { type: 'togglePane', pane: 'cpu' });
    expect(s1.panes.cpu).toBe(false);
    expect(s1.panes.timeline).toBe(true);
    expect(s1.focus).toBe('timeline');
    expect(reduce(s1, { type: 'togglePane', pane: 'cpu' }).panes.cpu).toBe(true);
    expect(s0.panes.cpu).toBe(true); // not mutated
  });

  it('cycles focus over visible panes only', () => {
    const s = run(initialUiState(), { type: 'togglePane', pane: 'kernel' }, { type: 'focusNext' });
    expect(s.focus).toBe('events');
    expect(run(s, { type: 'focusNext' }, { type: 'focusNext' }, { type: 'focusNext' }).focus).toBe('cpu');
    // Panes the layout had to drop are skipped too.
    expect(reduce(initialUiState(), { type: 'focusNext', shown: ['timeline', 'cpu', 'console'] }).focus).toBe('console');
  });

  it('maximise follows the focus and ends when no pane is left', () => {
    const s = run(initialUiState(), { type: 'toggleMaximise' });
    expect(s.maximised).toBe(true);
    const s1 = reduce(s, { type: 'togglePane', pane: 'cpu' });
    expect([s1.maximised, s1.focus]).toEqual([true, 'timeline']);
    let s2 = s1;
    for (const pane of ['timeline', 'kernel', 'events', 'console'] as const) s2 = reduce(s2, { type: 'togglePane', pane });
    expect(s2.maximised).toBe(false);
  });

  it('zooms within the levels; + means fewer cycles per column', () => {
    expect(reduce(initialUiState(), { type: 'zoom', dir: 1 }).zoom).toBeNull();
    const s = reduce(initialUiState(), { type: 'setZoom', level: 5 });
    expect(reduce(s, { type: 'zoom', dir: 1 }).zoom).toBe(4);
    expect(reduce(s, { type: 'zoom', dir: -1 }).zoom).toBe(6);
    expect(run(reduce(s, { type: 'setZoom', level: 0 }), { type: 'zoom', dir: 1 }).zoom).toBe(0);
    expect(reduce(s, { type: 'setZoom', level: 999 }).zoom).toBe(ZOOM_LEVELS.length - 1);
    expect(ZOOM_LEVELS.slice(0, 4)).toEqual([1, 2, 5, 10]);
  });

  it('cycles the kind filter both ways', () => {
    const s = reduce(initialUiState(), { type: 'cycleKindFilter', dir: -1 });
    expect(s.kindFilter).toBe(KIND_FILTERS.length - 1);
    expect(reduce(s, { type: 'cycleKindFilter', dir: 1 }).kindFilter).toBe(0);
  });

  it('selects threads all → first … last → all', () => {
    const threads = [3, 7];
    let s = initialUiState();
    const seen: (number | null)[] = [];
    for (let i = 0; i < 4; i++) { s = reduce(s, { type: 'selectThread', dir: 1, threads }); seen.push(s.thread); }
    expect(seen).toEqual([3, 7, null, 3]);
    expect(reduce(initialUiState(), { type: 'selectThread', dir: -1, threads }).thread).toBe(7);
    const none = reduce(initialUiState(), { type: 'selectThread', dir: 1, threads: [] });
    expect(none.thread).toBeNull();
    expect(none.message).toMatch(/no threads/);
  });

  it('edits the go-to prompt and drops control characters', () => {
    const s = run(initialUiState(), { type: 'openPrompt' }, { type: 'promptInput', text: 'cyc' }, { type: 'promptInput', text: '\u0007le' },
      { type: 'promptBackspace' });
    expect(s.prompt).toBe('cycl');
    expect(reduce(s, { type: 'closeOverlays' }).prompt).toBeNull();
    // Typing without a prompt does nothing.
    expect(reduce(initialUiState(), { type: 'promptInput', text: 'x' }).prompt).toBeNull();
  });

  it('help and prompt exclude each other', () => {
    const s = run(initialUiState(), { type: 'openPrompt' }, { type: 'toggleHelp' });
    expect(s.help).toBe(true);
    expect(s.prompt).toBeNull();
    expect(reduce(s, { type: 'openPrompt' }).help).toBe(false);
  });
});
