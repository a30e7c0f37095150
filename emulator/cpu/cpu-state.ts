/** Plain-data snapshot of the hart: integer and FP registers, privilege, CSRs, counters, reservation. */
import type { Cpu } from './cpu.js';

export const CPU_STATE_VERSION = 5;

export interface CpuState {
  readonly x: Int32Array;
  /** f0–f31 as lo/hi pairs (bit patterns: NaN payloads and boxing kept). */
  readonly f: Int32Array;
  readonly fcsr: number;
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
    x: cpu.x.slice(), f: cpu.f.slice(), fcsr: c.fcsr, pc: cpu.pc, priv: cpu.priv, cycle: cpu.cycle, instret: cpu.instret,
    reservation: cpu.reservation, wfiWait: cpu.wfiWait, mstatus: c.mstatus, medeleg: c.medeleg, mideleg: c.mideleg,
    mie: c.mie, mipSw: c.mipSw, mipHw: c.mipHw, mcounteren: c.mcounteren, scounteren: c.scounteren,
    r64: c.r64.slice(),
  };
}

export function cpuRestore(cpu: Cpu, s: CpuState): void {
  const c = cpu.csr;
  cpu.x.set(s.x); cpu.f.set(s.f); c.fcsr = s.fcsr; cpu.pc = s.pc; cpu.priv = s.priv; cpu.cycle = s.cycle; cpu.instret = s.instret;
  cpu.reservation = s.reservation;
  cpu.wfiWait = s.wfiWait;
  c.mstatus = s.mstatus; c.medeleg = s.medeleg; c.mideleg = s.mideleg; c.mie = s.mie;
  c.mipSw = s.mipSw; c.mipHw = s.mipHw; c.mcounteren = s.mcounteren; c.scounteren = s.scounteren;
  c.r64.set(s.r64);
  cpu.flushTlb();
  // Decoded code stays valid: it is keyed by physical page, and the machine invalidates
  // exactly the pages whose bytes a restore changes.
}
