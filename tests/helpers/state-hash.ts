import { createHash } from 'node:crypto';
import type { Machine } from '../../emulator/machine.js';

/** Hash of everything architecturally visible: x and f registers, pc, privilege, CSRs (fcsr too), counters, RAM. */
export function stateHash(m: Machine): string {
  const h = createHash('sha256');
  const c = m.cpu;
  h.update(Buffer.from(c.x.buffer.slice(0)));
  h.update(Buffer.from(c.f.buffer.slice(0)));
  h.update(Buffer.from(c.csr.r64.buffer.slice(0)));
  h.update(JSON.stringify([c.pc, c.priv, c.cycle, c.instret, c.csr.mstatus, c.csr.mie, c.csr.mip, c.csr.medeleg, c.csr.mideleg, c.csr.fcsr]));
  h.update(m.bus.ram);
  return h.digest('hex');
}
