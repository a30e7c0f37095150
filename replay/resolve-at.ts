/** Move a session to the point an `--at` spec names; errors list what is valid. */
import type { ReplaySession } from './session.js';
import { SpecError, type AtSpec } from './spec.js';

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
      const addr = r.symbolAddress(spec.name);
      if (addr === undefined) {
        const near = r.similarSymbols(spec.name);
        throw new SpecError(`unknown symbol '${spec.name}'${near.length ? ` (similar: ${near.join(', ')})` : ''}`);
      }
      const hit = r.findPcHit(addr, -1, 'next');
      if (hit === undefined) throw new SpecError(`symbol '${spec.name}' (0x${addr.toString(16)}) is never executed in this recording`);
      r.seekPc(hit, addr);
      return;
    }
  }
}
