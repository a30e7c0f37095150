/**
 * Text from a trace reaches the terminal escaped by the one rule the CLI uses
 * (tracer/printable.ts): a guest printing terminal control sequences shows them as `\x1b`,
 * `\x07`, never drives the terminal.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { render, cleanup } from 'ink-testing-library';
import { ReplaySession } from '../../replay/session.js';
import { Controller } from '../../tui/controller.js';
import { App } from '../../tui/components/App.js';
import { clean, fit } from '../../tui/text.js';
import { printable } from '../../tracer/printable.js';
import { CLI, ROOT, recordTrace } from './helpers.js';
import { sleep, until } from './ink-helpers.js';

const ESCAPE = 'tests/cli/bin/escape.elf'; // prints "\e[2J\e]0;owned\a" + "hi\r\n"

describe('escaping in the TUI', () => {
  it('a line escapes control characters like the CLI, tabs become blanks, newlines escapes', () => {
    expect(clean('a\u001b[2Jb\u0007\u009b')).toBe(printable('a\u001b[2Jb\u0007\u009b'));
    expect(clean('a\u001b[2Jb\u0007')).toBe('a\\x1b[2Jb\\x07');
    expect(clean('x\ty\rz\nw')).toBe('x y\\rz\\x0aw');
    // Escapes take their columns before a line is cut to its width.
    expect(fit([{ text: '\u001bABC' }], 5)).toEqual([{ text: '\\x1bA' }]);
  });

  let r: ReplaySession;
  beforeAll(() => { r = ReplaySession.open(recordTrace(ESCAPE)); });
  afterAll(() => r.close());
  afterEach(() => cleanup());

  it('the console pane shows what `replay --print` shows, escaped, and no raw control sequence', async () => {
    r.seek(r.endCycle);
    const printed = spawnSync(process.execPath, [CLI, 'replay', r.streamPath, '--at', String(r.endCycle), '--print'], { cwd: ROOT, encoding: 'utf8' });
    expect(printed.status).toBe(0);
    const shown = '\\x1b[2J\\x1b]0;owned\\x07hi';
    expect(printed.stdout).toContain(`| ${shown}`);
    const ui = render(<App driver={new Controller(r)} size={{ cols: 100, rows: 30 }} idleDelayMs={-1} />);
    await sleep(10);
    const f = await until(() => ui.lastFrame(), (x) => x.includes('Console'), 'the console pane');
    expect(f).toContain(` ${shown}`);
    expect(f).not.toContain('\u001b]0;');
    expect(f).not.toContain('\u001b[2J');
    expect(f).not.toContain('\u0007');
  });
});
