/** Entry point of the interactive TUI (being built); until then print the state as text. */
import type { ReplaySession } from '../replay/session.js';
import { stateView, renderStateText } from '../replay/state-view.js';

export async function runTui(r: ReplaySession): Promise<number> {
  process.stdout.write(renderStateText(stateView(r)));
  return 0;
}
