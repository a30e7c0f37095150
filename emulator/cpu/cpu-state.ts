/** Plain-data snapshot of the hart: registers, privilege, CSRs, counters, reservation. */
import type { Cpu } from './cpu.js';

export const CPU_STATE_VERSION = 4;

export interface CpuState {
  readonly x: Int32Array;
  readonly pc: number;
  readonly priv: number;
  readonly cycle: number;
  readonly instret: number;
  readonly reservation: number;
  readonly wfiWait: boolean;
  readonly mstatus: number;
  readonly medeleg: number;
  readonly mideleg: number;
  readonly mie: number;
  readonly mipSw: number;
  readonly mipHw: number;
  readonly mcounteren: number;
  readonly scounteren: number;
  readonly r64: Int32Array;
}

export function cpuSnapshot(cpu: Cpu): CpuState {
  const c = cpu.csr;
  return {
    x: cpu.x.slice(), pc: cpu.pc, priv: cpu.priv, cycle: cpu.cycle, instret: cpu.instret,
    reservation: cpu.reservation, wfiWait: cpu.wfiWait, mstatus: c.mstatus, medeleg: c.medeleg, mideleg: c.mideleg,
    mie: c.mie, mipSw: c.mipSw, mipHw: c.mipHw, mcounteren: c.mcounteren, scounteren: c.scounteren,
    r64: c.r64.slice(),
  };
}

export function cpuRestore(cpu: Cpu, s: CpuState): void {
  const c = cpu.csr;
  cpu.x.set(s.x); cpu.pc = s.pc; cpu.priv = s.priv; cpu.cycle = s.cycle; cpu.instret = s.instret;
  cpu.reservation = s.reservation;
  cpu.wfiWait = s.wfiWait;
  c.mstatus = s.mstatus; c.medeleg = s.medeleg; c.mideleg = s.mideleg; c.mie = s.mie;
  c.mipSw = s.mipSw; c.mipHw = s.mipHw; c.mcounteren = s.mcounteren; c.scounteren = s.scounteren;
  c.r64.set(s.r64);
  cpu.flushTlb();
  // Decoded code stays valid: it is keyed by physical page, and the machine invalidates
  // exactly the pages whose bytes a restore changes.
}
