/** `seltrace replay [trace] --at <spec>`: the TUI on a terminal, else the state as text/JSON. */
import { existsSync } from 'node:fs';
import { ReplaySession } from '../../replay/session.js';
import { parseAtSpec } from '../../replay/spec.js';
import { gotoSpec } from '../../replay/resolve-at.js';
import { stateView, renderStateText } from '../../replay/state-view.js';
import { resolveTracePath } from './trace-path.js';

export interface ReplayOptions { at?: string[]; print?: boolean; json?: boolean; }

export async function replayCommand(traceArg: string | undefined, o: ReplayOptions): Promise<number> {
  let at = o.at ?? ['cycle', '0'];
  // `--at cycle 120000 my.strace`: a trailing existing file is the trace, not part of the spec.
  if (traceArg === undefined && at.length > 1 && (existsSync(at[at.length - 1]) || existsSync(`${at[at.length - 1]}.strace`))) {
    traceArg = at[at.length - 1];
    at = at.slice(0, -1);
  }
  const spec = parseAtSpec(at);
  const r = ReplaySession.open(resolveTracePath(traceArg));
  try {
    gotoSpec(r, spec);
    if (o.json === true) {
      process.stdout.write(JSON.stringify(stateView(r), null, 2) + '\n');
      return 0;
    }
    if (o.print === true || process.stdout.isTTY !== true || process.stdin.isTTY !== true) {
      process.stdout.write(renderStateText(stateView(r)));
      return 0;
    }
    const { runTui } = await import('../../tui/run-tui.js');
    return await runTui(r);
  } finally {
    r.close();
  }
}
