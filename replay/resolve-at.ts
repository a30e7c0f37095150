/** Move a session to the point an `--at` spec names; errors list what is valid. */
import { addrHex0x } from '../emulator/addr.js';
import type { ReplaySession } from './session.js';
import { SpecError, type AtSpec } from './spec.js';
import { currentPd } from './state-view.js';

/**
 * Go to `spec`. Returns a note when the point reached is not the one asked for: a cycle inside
 * a kernel entry of the model or an idle stretch has no instruction, so the seek stops at the
 * next instruction boundary — the note says why, so the jump is not a surprise.
 */
export function gotoSpec(r: ReplaySession, spec: AtSpec): string | null {
  switch (spec.kind) {
    case 'cycle':
      if (spec.cycle > r.endCycle) throw new SpecError(`cycle ${spec.cycle} is beyond the recording (valid: 0..${r.endCycle})`);
      r.seek(spec.cycle);
      return skippedNote(r, spec.cycle);
    case 'start': r.seek(0); return null;
    case 'end': r.seek(r.endCycle); return null;
    case 'time': {
      const c = Math.round(spec.seconds * r.cyclesPerSecond);
      const endMs = (r.endCycle / r.cyclesPerSecond) * 1e3;
      if (c > r.endCycle) throw new SpecError(`time ${(spec.seconds * 1e3).toFixed(3)}ms is beyond the recording (valid: 0..${endMs.toFixed(3)}ms)`);
      r.seek(c);
      return skippedNote(r, c);
    }
    case 'event': {
      const e = r.event(spec.id);
      if (e === undefined) {
        const n = r.eventCount();
        throw new SpecError(`event ${spec.id} does not exist (valid: 0..${n - 1})`);
      }
      r.gotoEvent(e);
      return null;
    }
    case 'symbol': {
      const name = r.resolveSymbol(spec.name);
      const addr = r.symbolAddress(name);
      if (addr === undefined) {
        if (!r.hasSymbols()) throw new SpecError(`unknown symbol '${spec.name}': the recorded image has no symbols (stripped?): go by cycle, time or event instead`);
        const near = r.similarSymbols(spec.name);
        throw new SpecError(`unknown symbol '${spec.name}'${near.length ? ` (similar: ${near.join(', ')})` : ''}`);
      }
      // PDs share link addresses: a hit counts only inside the symbol's own PD (by the recorded
      // schedule, then checked on the machine).
      const pd = r.isSystem && name.includes(':') ? name.slice(0, name.indexOf(':')) : null;
      const pdThreads = new Set(r.threadList().filter((t) => t.name === pd).map((t) => t.id));
      const inPd = pd === null ? undefined : (at: number): boolean => pdThreads.has(r.runningThreadAtInstret(at) ?? -1);
      for (let from = -1; ;) {
        const hit = r.findPcHit(addr, from, 'next', inPd);
        if (hit === undefined) throw new SpecError(`symbol '${name}' (${addrHex0x(addr)}) is never executed in this recording`);
        r.seekPc(hit, addr);
        if (pd === null || currentPd(r) === pd) return null;
        from = hit;
      }
    }
  }
}

/** Why a seek to `cycle` stopped later, at r.cycle (null when it did not). */
function skippedNote(r: ReplaySession, cycle: number): string | null {
  if (r.cycle <= cycle) return null;
  const k = r.neighbourEvent(-1, { kinds: ['kernel'] });
  const ev = k?.event as { entry?: string; cost?: number } | undefined;
  let where = 'the hart was idle (no thread ready)';
  if (k !== undefined && ev?.cost !== undefined && k.cycle <= cycle && cycle < k.cycle + ev.cost) {
    const who = k.thread !== null ? ` from ${r.objectNames().get(k.thread) ?? `thread ${k.thread}`}` : '';
    where = `it is inside the kernel entry '${ev.entry ?? '?'}'${who} (cycles ${k.cycle}..${k.cycle + ev.cost})`;
  }
  const shown = r.cycle >= r.endCycle ? `the end of the recording, cycle ${r.cycle}` : `the next instruction, at cycle ${r.cycle}`;
  return `no instruction runs at cycle ${cycle}: ${where}; showing ${shown}`;
}
