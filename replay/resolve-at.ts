/** Move a session to the point an `--at` spec names; errors list what is valid. */
import { addrHex0x } from '../emulator/addr.js';
import type { ReplaySession } from './session.js';
import { SpecError, type AtSpec } from './spec.js';
import { currentPd } from './state-view.js';

export function gotoSpec(r: ReplaySession, spec: AtSpec): void {
  switch (spec.kind) {
    case 'cycle':
      if (spec.cycle > r.endCycle) throw new SpecError(`cycle ${spec.cycle} is beyond the recording (valid: 0..${r.endCycle})`);
      r.seek(spec.cycle);
      return;
    case 'time': {
      const c = Math.round(spec.seconds * r.cyclesPerSecond);
      const endMs = (r.endCycle / r.cyclesPerSecond) * 1e3;
      if (c > r.endCycle) throw new SpecError(`time ${(spec.seconds * 1e3).toFixed(3)}ms is beyond the recording (valid: 0..${endMs.toFixed(3)}ms)`);
      r.seek(c);
      return;
    }
    case 'event': {
      const e = r.event(spec.id);
      if (e === undefined) {
        const n = r.eventCount();
        throw new SpecError(`event ${spec.id} does not exist (valid: 0..${n - 1})`);
      }
      r.gotoEvent(e);
      return;
    }
    case 'symbol': {
      const name = r.resolveSymbol(spec.name);
      const addr = r.symbolAddress(name);
      if (addr === undefined) {
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
        if (pd === null || currentPd(r) === pd) return;
        from = hit;
      }
    }
  }
}
