/**
 * Machine/supervisor CSR state and its WARL rules. The executor calls `read`/`write`;
 * anything that changes translation or interrupt enables reports it through the return flags
 * so the CPU can flush its TLB and end the current batch.
 */
import { Csr } from './csr-names.js';

/** mstatus bits (low 32; the high half is constant UXL = SXL = 2). */
export const enum MS {
  SIE = 1 << 1, MIE = 1 << 3, SPIE = 1 << 5, UBE = 1 << 6, MPIE = 1 << 7, SPP = 1 << 8,
  MPP = 3 << 11, FS = 3 << 13, MPRV = 1 << 17, SUM = 1 << 18, MXR = 1 << 19, TVM = 1 << 20, TW = 1 << 21, TSR = 1 << 22,
}
export const MSTATUS_HI = 0xa; // UXL=2 (bits 33:32), SXL=2 (bits 35:34)
const MSTATUS_WMASK = MS.SIE | MS.MIE | MS.SPIE | MS.MPIE | MS.SPP | MS.MPP | MS.FS | MS.MPRV | MS.SUM | MS.MXR | MS.TVM | MS.TW | MS.TSR;
const SSTATUS_MASK = MS.SIE | MS.SPIE | MS.SPP | MS.FS | MS.SUM | MS.MXR;
/** mstatus/sstatus.SD (bit 63): FS (the only context-status field here) is Dirty. */
const sdBit = (mstatus: number): number => ((mstatus & MS.FS) === MS.FS ? 0x80000000 | 0 : 0);

export const MIP_SSIP = 1 << 1, MIP_MSIP = 1 << 3, MIP_STIP = 1 << 5, MIP_MTIP = 1 << 7, MIP_SEIP = 1 << 9, MIP_MEIP = 1 << 11;
const S_INTS = MIP_SSIP | MIP_STIP | MIP_SEIP;
const ALL_INTS = S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP;
/** Exceptions that may be delegated (not ecall-from-M = 11). */
const MEDELEG_MASK = 0xb3ff;
// misa: MXL=2 (63:62), extensions A C D F I M S U.
const MISA_LO = (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);
const MISA_HI = 0x80000000 | 0;

/** Slots of 64-bit CSRs in `CsrFile.r64` (lo at 2k, hi at 2k+1). */
export const enum R64 {
  MSCRATCH, MEPC, MTVAL, MCAUSE, MTVEC, SSCRATCH, SEPC, STVAL, SCAUSE, STVEC, SATP,
  CYCLE_OFF, INSTRET_OFF,
  /** PMP: pmpcfg0, pmpcfg2 (RV64 has only the even ones), then pmpaddr0..15. */
  PMPCFG0, PMPCFG2, PMPADDR0,
  /** Privileged 1.12 environment configuration (only FIOM is writable: no Sstc/Svpbmt/Zicbo*). */
  MENVCFG = PMPADDR0 + 16, SENVCFG,
  COUNT,
}

/** Flags returned by `write`. */
export const enum CsrEffect {
  NONE = 0,
  /** Translation or permission inputs changed: flush TLBs. */
  FLUSH_TLB = 1,
  /** Interrupt enable/pending inputs changed: re-check interrupts. */
  RECHECK_IRQ = 2,
}

export class CsrFile {
  mstatus = 0;
  medeleg = 0;
  mideleg = 0;
  mie = 0;
  /** Software-writable pending bits (SSIP, STIP, SEIP). */
  mipSw = 0;
  /** Device-driven pending lines (MSIP, MTIP, MEIP, SEIP). */
  mipHw = 0;
  mcounteren = 0;
  scounteren = 0;
  /** fcsr: frm in bits 7:5, fflags (NV DZ OF UF NX) in bits 4:0. */
  fcsr = 0;
  readonly r64 = new Int32Array(R64.COUNT * 2);

  get mip(): number { return this.mipSw | this.mipHw; }

  reset(): void {
    this.mstatus = 0; this.medeleg = 0; this.mideleg = 0; this.mie = 0; this.mipSw = 0;
    this.mcounteren = 0; this.scounteren = 0; this.fcsr = 0; this.r64.fill(0);
  }
}

/** Is CSR `n` implemented? (Unimplemented ones raise illegal instruction, as the ISA tests expect.) */
export function csrExists(n: number): boolean {
  switch (n) {
    case Csr.FFLAGS: case Csr.FRM: case Csr.FCSR:
    case Csr.SSTATUS: case Csr.SIE: case Csr.STVEC: case Csr.SCOUNTEREN: case Csr.SSCRATCH: case Csr.SEPC:
    case Csr.SCAUSE: case Csr.STVAL: case Csr.SIP: case Csr.SATP:
    case Csr.MSTATUS: case Csr.MISA: case Csr.MEDELEG: case Csr.MIDELEG: case Csr.MIE: case Csr.MTVEC:
    case Csr.MCOUNTEREN: case Csr.MCOUNTINHIBIT: case Csr.MSCRATCH: case Csr.MEPC: case Csr.MCAUSE:
    case Csr.MTVAL: case Csr.MIP: case Csr.TSELECT: case Csr.TDATA1: case Csr.TDATA2: case Csr.TDATA3:
    case Csr.MCYCLE: case Csr.MINSTRET: case Csr.CYCLE: case Csr.TIME: case Csr.INSTRET:
    case Csr.MVENDORID: case Csr.MARCHID: case Csr.MIMPID: case Csr.MHARTID: case Csr.MCONFIGPTR:
    case Csr.MENVCFG: case Csr.SENVCFG:
      return true;
  }
  // PMP (16 entries, granularity 4 bytes; stored, not enforced — see README).
  if (n === 0x3a0 || n === 0x3a2 || (n >= 0x3b0 && n <= 0x3bf)) return true;
  // hpm counters/events: present, hard-wired to zero.
  if ((n >= 0xb03 && n <= 0xb1f) || (n >= 0xc03 && n <= 0xc1f) || (n >= 0x323 && n <= 0x33f)) return true;
  return false;
}

/**
 * Read CSR `n` into out[0..1] (lo, hi). `counters` supplies (cycle, instret, time) at the
 * current instruction. Privilege/counter-enable checks are the caller's job.
 */
export function csrRead(f: CsrFile, n: number, cycle: number, instret: number, time: number, out: Int32Array): void {
  const r = f.r64;
  let lo = 0, hi = 0;
  switch (n) {
    case Csr.MSTATUS: lo = f.mstatus; hi = MSTATUS_HI | sdBit(f.mstatus); break;
    case Csr.SSTATUS: lo = f.mstatus & SSTATUS_MASK; hi = 0x2 | sdBit(f.mstatus); break; // UXL visible in sstatus
    case Csr.FFLAGS: lo = f.fcsr & 0x1f; break;
    case Csr.FRM: lo = (f.fcsr >>> 5) & 7; break;
    case Csr.FCSR: lo = f.fcsr & 0xff; break;
    case Csr.MISA: lo = MISA_LO; hi = MISA_HI; break;
    case Csr.MEDELEG: lo = f.medeleg; break;
    case Csr.MIDELEG: lo = f.mideleg; break;
    case Csr.MIE: lo = f.mie; break;
    case Csr.MIP: lo = f.mip; break;
    case Csr.SIE: lo = f.mie & f.mideleg; break;
    case Csr.SIP: lo = f.mip & f.mideleg; break;
    case Csr.MCOUNTEREN: lo = f.mcounteren; break;
    case Csr.SCOUNTEREN: lo = f.scounteren; break;
    case Csr.MSCRATCH: lo = r[R64.MSCRATCH * 2]; hi = r[R64.MSCRATCH * 2 + 1]; break;
    case Csr.MEPC: lo = r[R64.MEPC * 2]; hi = r[R64.MEPC * 2 + 1]; break;
    case Csr.MTVAL: lo = r[R64.MTVAL * 2]; hi = r[R64.MTVAL * 2 + 1]; break;
    case Csr.MCAUSE: lo = r[R64.MCAUSE * 2]; hi = r[R64.MCAUSE * 2 + 1]; break;
    case Csr.MTVEC: lo = r[R64.MTVEC * 2]; hi = r[R64.MTVEC * 2 + 1]; break;
    case Csr.SSCRATCH: lo = r[R64.SSCRATCH * 2]; hi = r[R64.SSCRATCH * 2 + 1]; break;
    case Csr.SEPC: lo = r[R64.SEPC * 2]; hi = r[R64.SEPC * 2 + 1]; break;
    case Csr.STVAL: lo = r[R64.STVAL * 2]; hi = r[R64.STVAL * 2 + 1]; break;
    case Csr.SCAUSE: lo = r[R64.SCAUSE * 2]; hi = r[R64.SCAUSE * 2 + 1]; break;
    case Csr.STVEC: lo = r[R64.STVEC * 2]; hi = r[R64.STVEC * 2 + 1]; break;
    case Csr.SATP: lo = r[R64.SATP * 2]; hi = r[R64.SATP * 2 + 1]; break;
    case Csr.MENVCFG: lo = r[R64.MENVCFG * 2]; break;
    case Csr.SENVCFG: lo = r[R64.SENVCFG * 2]; break;
    case Csr.MCYCLE: case Csr.CYCLE: add64(cycle, r, R64.CYCLE_OFF, out); return;
    case Csr.MINSTRET: case Csr.INSTRET: add64(instret, r, R64.INSTRET_OFF, out); return;
    case Csr.TIME: lo = time % 4294967296; hi = Math.floor(time / 4294967296); break;
    case 0x3a0: lo = r[R64.PMPCFG0 * 2]; hi = r[R64.PMPCFG0 * 2 + 1]; break;
    case 0x3a2: lo = r[R64.PMPCFG2 * 2]; hi = r[R64.PMPCFG2 * 2 + 1]; break;
    default:
      if (n >= 0x3b0 && n <= 0x3bf) { const k = R64.PMPADDR0 + (n - 0x3b0); lo = r[k * 2]; hi = r[k * 2 + 1]; }
      break; // hard-wired zero (ids, hpm counters, trigger CSRs, mcountinhibit)
  }
  out[0] = lo; out[1] = hi;
}

function add64(v: number, r: Int32Array, slot: number, out: Int32Array): void {
  const lo = (v % 4294967296) + (r[slot * 2] >>> 0);
  out[0] = lo;
  out[1] = (Math.floor(v / 4294967296) + r[slot * 2 + 1] + (lo >= 4294967296 ? 1 : 0)) | 0;
}

/** Write a word of four pmpcfg bytes, keeping locked bytes and the reserved R=0,W=1 combination out. */
function pmpcfgWord(old: number, v: number): number {
  let out = 0;
  for (let b = 0; b < 4; b++) {
    const o = (old >>> (b * 8)) & 0xff;
    let n = (v >>> (b * 8)) & 0x9f; // bits 6:5 reserved
    if ((n & 3) === 2) n &= ~3;     // W without R is reserved: clear both
    out |= ((o & 0x80) !== 0 ? o : n) << (b * 8);
  }
  return out;
}

/** Set a counter so the next instruction reads value (lo, hi) when it sees count `nextCount`. */
function setCounter(r: Int32Array, slot: number, lo: number, hi: number, nextCount: number): void {
  const clo = nextCount % 4294967296, chi = Math.floor(nextCount / 4294967296);
  const dlo = (lo >>> 0) - clo;
  r[slot * 2] = dlo;
  r[slot * 2 + 1] = (hi - chi - (dlo < 0 ? 1 : 0)) | 0;
}

/**
 * Write CSR `n` (value lo/hi). Read-only and privilege checks are the caller's job.
 * `cycle`/`instret` are the counts of the writing instruction (before it retires).
 */
export function csrWrite(f: CsrFile, n: number, lo: number, hi: number, cycle: number, instret: number): CsrEffect {
  const r = f.r64;
  switch (n) {
    case Csr.MSTATUS: {
      let v = (f.mstatus & ~MSTATUS_WMASK) | (lo & MSTATUS_WMASK);
      if (((v >>> 11) & 3) === 2) v = (v & ~MS.MPP) | (f.mstatus & MS.MPP); // MPP=2 reserved: keep old
      f.mstatus = v;
      return CsrEffect.FLUSH_TLB | CsrEffect.RECHECK_IRQ;
    }
    case Csr.SSTATUS:
      f.mstatus = (f.mstatus & ~SSTATUS_MASK) | (lo & SSTATUS_MASK);
      return CsrEffect.FLUSH_TLB | CsrEffect.RECHECK_IRQ;
    // FP CSRs (the caller has checked mstatus.FS ≠ Off); writing them dirties the FP state.
    case Csr.FFLAGS: f.fcsr = (f.fcsr & ~0x1f) | (lo & 0x1f); f.mstatus |= MS.FS; return CsrEffect.NONE;
    case Csr.FRM: f.fcsr = (f.fcsr & 0x1f) | ((lo & 7) << 5); f.mstatus |= MS.FS; return CsrEffect.NONE;
    case Csr.FCSR: f.fcsr = lo & 0xff; f.mstatus |= MS.FS; return CsrEffect.NONE;
    case Csr.MEDELEG: f.medeleg = lo & MEDELEG_MASK; return CsrEffect.NONE;
    case Csr.MIDELEG: f.mideleg = lo & S_INTS; return CsrEffect.RECHECK_IRQ;
    case Csr.MIE: f.mie = lo & ALL_INTS; return CsrEffect.RECHECK_IRQ;
    case Csr.MIP: f.mipSw = lo & S_INTS; return CsrEffect.RECHECK_IRQ;
    case Csr.SIE: f.mie = (f.mie & ~f.mideleg) | (lo & f.mideleg); return CsrEffect.RECHECK_IRQ;
    case Csr.SIP: f.mipSw = (f.mipSw & ~(f.mideleg & MIP_SSIP)) | (lo & f.mideleg & MIP_SSIP); return CsrEffect.RECHECK_IRQ;
    case Csr.MCOUNTEREN: f.mcounteren = lo & 7; return CsrEffect.NONE;
    case Csr.SCOUNTEREN: f.scounteren = lo & 7; return CsrEffect.NONE;
    case Csr.MSCRATCH: r[R64.MSCRATCH * 2] = lo; r[R64.MSCRATCH * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.SSCRATCH: r[R64.SSCRATCH * 2] = lo; r[R64.SSCRATCH * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.MEPC: r[R64.MEPC * 2] = lo & ~1; r[R64.MEPC * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.SEPC: r[R64.SEPC * 2] = lo & ~1; r[R64.SEPC * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.MTVAL: r[R64.MTVAL * 2] = lo; r[R64.MTVAL * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.STVAL: r[R64.STVAL * 2] = lo; r[R64.STVAL * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.MCAUSE: r[R64.MCAUSE * 2] = lo; r[R64.MCAUSE * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.SCAUSE: r[R64.SCAUSE * 2] = lo; r[R64.SCAUSE * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.MTVEC: r[R64.MTVEC * 2] = (lo & 3) >= 2 ? lo & ~3 : lo & ~2; r[R64.MTVEC * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.STVEC: r[R64.STVEC * 2] = (lo & 3) >= 2 ? lo & ~3 : lo & ~2; r[R64.STVEC * 2 + 1] = hi; return CsrEffect.NONE;
    case Csr.SATP: {
      const mode = hi >>> 28;
      if (mode !== 0 && mode !== 8) return CsrEffect.NONE; // unsupported mode: write ignored (WARL)
      // ASID not implemented (reads 0); PPN limited to 44 bits.
      r[R64.SATP * 2] = lo; r[R64.SATP * 2 + 1] = hi & (0xf0000fff | 0);
      return CsrEffect.FLUSH_TLB;
    }
    case Csr.MENVCFG: r[R64.MENVCFG * 2] = lo & 1; return CsrEffect.NONE;
    case Csr.SENVCFG: r[R64.SENVCFG * 2] = lo & 1; return CsrEffect.NONE;
    case Csr.MCYCLE: setCounter(r, R64.CYCLE_OFF, lo, hi, cycle + 1); return CsrEffect.NONE;
    case Csr.MINSTRET: setCounter(r, R64.INSTRET_OFF, lo, hi, instret + 1); return CsrEffect.NONE;
    case 0x3a0: case 0x3a2: {
      const slot = n === 0x3a0 ? R64.PMPCFG0 : R64.PMPCFG2;
      r[slot * 2] = pmpcfgWord(r[slot * 2], lo);
      r[slot * 2 + 1] = pmpcfgWord(r[slot * 2 + 1], hi);
      return CsrEffect.NONE;
    }
    default:
      if (n >= 0x3b0 && n <= 0x3bf) {
        const e = n - 0x3b0;
        const cfgSlot = e < 8 ? R64.PMPCFG0 : R64.PMPCFG2;
        const cfgByte = (r[cfgSlot * 2 + ((e & 7) >= 4 ? 1 : 0)] >>> (((e & 3) * 8))) & 0xff;
        if ((cfgByte & 0x80) === 0) { // locked entries ignore writes
          const k = R64.PMPADDR0 + e;
          r[k * 2] = lo; r[k * 2 + 1] = hi & 0x3fffff; // pmpaddr holds address bits 55:2
        }
      }
      return CsrEffect.NONE; // WARL hard-wired fields
  }
}
