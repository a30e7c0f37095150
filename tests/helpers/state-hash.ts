import { createHash } from 'node:crypto';
import type { Machine } from '../../emulator/machine.js';
import type { BootedKernel } from '../../emulator/kernel-api.js';
import { pack } from '../../tracer/trace-stream.js';

/**
 * Hash of everything architecturally visible: registers, pc, privilege, CSRs, counters, RAM;
 * with a kernel model, its whole state too (threads and their saved registers, endpoint and
 * notification queues, scheduling contexts and their refills, CSpaces, the timer).
 */
export function stateHash(m: Machine, kernel: BootedKernel | null = null): string {
  const h = createHash('sha256');
  const c = m.cpu;
  h.update(Buffer.from(c.x.buffer, c.x.byteOffset, c.x.byteLength));
  h.update(Buffer.from(c.f.buffer.slice(0)));
  h.update(Buffer.from(c.csr.r64.buffer.slice(0)));
  h.update(JSON.stringify([c.pc, c.priv, c.cycle, c.instret, c.csr.mstatus, c.csr.mie, c.csr.mip, c.csr.medeleg, c.csr.mideleg, c.csr.fcsr, m.idle]));
  h.update(m.bus.ram);
  if (kernel !== null) h.update(pack(kernel.snapshot()));
  return h.digest('hex');
}
