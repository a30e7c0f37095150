/** `seltrace replay [trace] --at <spec>`: the TUI on a terminal, else the state as text/JSON. */
import { addrHex0x } from '../../emulator/addr.js';
import { existsSync } from 'node:fs';
import { ReplaySession } from '../../replay/session.js';
import { parseAtSpec } from '../../replay/spec.js';
import { gotoSpec } from '../../replay/resolve-at.js';
import { stateView, renderStateText } from '../../replay/state-view.js';
import { resolveTracePath } from './trace-path.js';
import { lastWrite, parseWriteTarget } from '../../replay/dataflow.js';
import { UserError } from '../errors.js';
import { printable } from '../../tracer/printable.js';

export interface ReplayOptions { at?: string[]; print?: boolean; json?: boolean; lastWrite?: string; }

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
    const note = gotoSpec(r, spec);
    if (note !== null) process.stderr.write(printable(`seltrace: ${note}\n`));
    if (o.lastWrite !== undefined) {
      let target;
      try { target = parseWriteTarget(o.lastWrite); } catch (e) { throw new UserError(`--last-write: ${(e as Error).message}`); }
      const w = lastWrite(r, target);
      if (o.json === true) process.stdout.write(JSON.stringify(w) + '\n');
      else if (w === null) process.stdout.write(`no write to ${o.lastWrite} before cycle ${r.cycle}\n`);
      else {
        const who = w.thread !== null ? ` by ${r.objectNames().get(w.thread) ?? `thread ${w.thread}`}` : '';
        process.stdout.write(printable(`last write to ${o.lastWrite} before cycle ${r.cycle}: cycle ${w.cycle} (instret ${w.instret})${who}\n` +
          `  ${w.by === 'kernel' ? 'kernel (during the trap at' : 'pc'} ${addrHex0x(w.pc)} <${w.location}>${w.by === 'kernel' ? ')' : ''}  ${w.insn}\n  value after: ${w.value}\n`));
      }
      return 0;
    }
    if (o.json === true) {
      process.stdout.write(JSON.stringify(stateView(r), null, 2) + '\n');
      return 0;
    }
    if (o.print === true || process.stdout.isTTY !== true || process.stdin.isTTY !== true) {
      process.stdout.write(printable(renderStateText(stateView(r))));
      return 0;
    }
    const { runTui } = await import('../../tui/run-tui.js');
    return await runTui(r);
  } finally {
    r.close();
  }
}
