import { describe, it, expect } from 'vitest';
import { handleKeys, type InputContext } from '../../tui/input.js';
import { initialUiState, type UiState } from '../../tui/state.js';
import type { Driver, FrameNeeds } from '../../tui/controller.js';
import type { EngineCommand } from '../../tui/keys.js';
import type { Frame } from '../../tui/frame.js';

/** A driver that records what it was asked. */
function fakeDriver(over: Partial<Driver> = {}): Driver & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    exec: (c: EngineCommand) => { calls.push(JSON.stringify(c)); return `did ${c.t}`; },
    goto: (t: string) => { calls.push(`goto ${t}`); return `at ${t}`; },
    frame: (_ui: UiState, _n: FrameNeeds): Frame => { throw new Error('not used'); },
    threads: () => [{ id: 4, name: 'a' }, { id: 9, name: 'b' }],
    laneCount: () => 3, isBare: () => false, fitZoom: () => 12, idle: () => false,
    ...over,
  };
}
const ctx = (driver: Driver): InputContext => ({ driver, shownPanes: () => ['timeline', 'cpu', 'events'], timelineCols: 60 });

describe('handleKeys', () => {
  it('sends engine keys to the driver and shows its answer', () => {
    const d = fakeDriver();
    const r = handleKeys(['left', 'n', 'F'], initialUiState(), ctx(d));
    expect(d.calls).toEqual(['{"t":"step","n":-1}', '{"t":"jump","target":"event","dir":1}', '{"t":"jump","target":"fault","dir":-1}']);
    expect(r.moved).toBe(true);
    expect(r.ui.message).toBe('did jump');
  });

  it('turns engine errors into a message', () => {
    const d = fakeDriver({ exec: () => { throw new Error('checkpoint 3 is damaged'); } });
    const r = handleKeys(['right'], initialUiState(), ctx(d));
    expect(r.ui.message).toBe('error: checkpoint 3 is damaged');
    expect(r.ui.quit).toBe(false);
  });

  it('the prompt takes text until Enter, then goes there; Q is just a letter in it', () => {
    const d = fakeDriver();
    const r = handleKeys(['g', ...'symbol Qx', 'backspace', 'enter'], initialUiState(), ctx(d));
    expect(d.calls).toEqual(['goto symbol Q']);
    expect(r.ui.prompt).toBeNull();
    expect(r.ui.message).toBe('at symbol Q');
    expect(r.ui.quit).toBe(false);
    const c = handleKeys(['g', 'x', 'escape', 'enter'], initialUiState(), ctx(d));
    expect(c.moved).toBe(false);
  });

  it('help: any key closes it without acting; Q still quits', () => {
    const d = fakeDriver();
    const open = handleKeys(['?'], initialUiState(), ctx(d)).ui;
    expect(open.help).toBe(true);
    const r = handleKeys(['right'], open, ctx(d));
    expect([r.ui.help, r.moved, d.calls.length]).toEqual([false, false, 0]);
    expect(handleKeys(['Q'], open, ctx(d)).ui.quit).toBe(true);
    expect(handleKeys(['ctrl-c', 'n'], initialUiState(), ctx(d)).ui.quit).toBe(true);
    expect(d.calls).toEqual([]); // nothing after quit
  });

  it('threads, focus and the first zoom use what the driver and layout know', () => {
    const d = fakeDriver();
    const r = handleKeys(['t', 't', 'tab', 'tab', '+'], initialUiState(), ctx(d));
    expect(r.ui.thread).toBe(9);
    expect(r.ui.focus).toBe('timeline'); // cpu → events → timeline (kernel/console not shown)
    expect(r.ui.zoom).toBe(11); // fitted level 12, then one step in
    expect(handleKeys(['x'], initialUiState(), ctx(d)).ui.message).toBe("no key 'x' (? lists the keys)");
  });
});
