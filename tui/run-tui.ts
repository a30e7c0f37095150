/**
 * Entry point of the interactive TUI (`seltrace replay` on a terminal). Draws on the alternate
 * screen and always gives the terminal back: normal screen, cursor, cooked mode.
 */
import './production.js';
import { createElement } from 'react';
import { render } from 'ink';
import isInCi from 'is-in-ci';
import type { ReplaySession } from '../replay/session.js';
import { stateView, renderStateText } from '../replay/state-view.js';
import { Controller } from './controller.js';
import { App } from './components/App.js';

const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?1049l';

/** Ink only draws the last frame when it thinks it runs under CI: ask the module Ink asks. */
export const inkThinksCi: boolean = isInCi;

export async function runTui(r: ReplaySession): Promise<number> {
  const stdout = process.stdout, stdin = process.stdin;
  if (inkThinksCi || stdout.isTTY !== true || stdin.isTTY !== true) {
    // No interactive frames possible: print the state like --print would.
    process.stdout.write(renderStateText(stateView(r)));
    return 0;
  }
  const driver = new Controller(r);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (stdin.isTTY) stdin.setRawMode(false);
    stdout.write(`${LEAVE_ALT}\u001b[?25h`);
  };
  // Also on a crash or signal: never leave the terminal on the alternate screen.
  process.once('exit', restore);
  stdout.write(ENTER_ALT);
  const app = render(createElement(App, { driver }), { stdout, stdin, exitOnCtrlC: false, patchConsole: true });
  try {
    await app.waitUntilExit();
  } finally {
    app.cleanup();
    restore();
    process.removeListener('exit', restore);
    // Ink leaves stdin referenced; let the process end.
    stdin.pause();
    stdin.unref();
  }
  return 0;
}
