/**
 * Decoding derived from the ISA table: 32-bit and 16-bit instruction bits → row + operand fields.
 * The executor caches a packed form (see `pack`); the disassembler uses `decodeFields`.
 */
import { ISA, Fmt, Op, cImm, fpImm, type InsnRow } from './isa.js';

export interface Fields {
  row: InsnRow | undefined;
  op: Op;
  rd: number;
  rs1: number;
  rs2: number;
  /** Immediate / shamt / CSR number / fence bits / aq-rl bits, per format. */
  imm: number;
  len: 2 | 4;
}

// First-level index: 32-bit rows by major opcode, compressed rows by quadrant+funct3.
const BUCKETS32: InsnRow[][] = Array.from({ length: 128 }, () => []);
const BUCKETS16: InsnRow[][] = Array.from({ length: 32 }, () => []);
for (const r of ISA) {
  if (r.len === 4) BUCKETS32[r.match & 0x7f].push(r);
  else BUCKETS16[(((r.match >>> 13) & 7) << 2) | (r.match & 3)].push(r);
}

export function findRow(bits: number): InsnRow | undefined {
  const c = (bits & 3) === 3;
  const list = c ? BUCKETS32[bits & 0x7f] : BUCKETS16[(((bits >>> 13) & 7) << 2) | (bits & 3)];
  const b = c ? bits | 0 : bits & 0xffff;
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if ((b & r.mask) === r.match && (r.valid === undefined || r.valid(b))) return r;
  }
  return undefined;
}

/** Decode into `f` (reused; no allocation). Unknown encodings give op ILLEGAL with imm = bits. */
export function decodeFields(bits: number, f: Fields): Fields {
  const len: 2 | 4 = (bits & 3) === 3 ? 4 : 2;
  const i = len === 4 ? bits | 0 : bits & 0xffff;
  const row = findRow(i);
  f.row = row; f.len = len; f.rd = 0; f.rs1 = 0; f.rs2 = 0; f.imm = 0;
  if (row === undefined) { f.op = Op.ILLEGAL; f.imm = i; return f; }
  f.op = row.op;
  const rd = (i >>> 7) & 31, rs1 = (i >>> 15) & 31, rs2 = (i >>> 20) & 31;
  const cr = (i >>> 7) & 31, cr2 = (i >>> 2) & 31, cp = 8 + ((i >>> 7) & 7), cp2 = 8 + ((i >>> 2) & 7);
  switch (row.fmt) {
    case Fmt.R: f.rd = rd; f.rs1 = rs1; f.rs2 = rs2; break;
    case Fmt.I: case Fmt.LOAD: case Fmt.JALR: f.rd = rd; f.rs1 = rs1; f.imm = i >> 20; break;
    case Fmt.ISH: f.rd = rd; f.rs1 = rs1; f.imm = (i >>> 20) & 63; break;
    case Fmt.S: f.rs1 = rs1; f.rs2 = rs2; f.imm = ((i >> 25) << 5) | ((i >>> 7) & 31); break;
    case Fmt.B:
      f.rs1 = rs1; f.rs2 = rs2;
      f.imm = ((i >> 31) << 12) | (((i >>> 7) & 1) << 11) | (((i >>> 25) & 63) << 5) | (((i >>> 8) & 15) << 1);
      break;
    case Fmt.U: f.rd = rd; f.imm = i & 0xfffff000; break;
    case Fmt.J:
      f.rd = rd;
      f.imm = ((i >> 31) << 20) | (((i >>> 12) & 255) << 12) | (((i >>> 20) & 1) << 11) | (((i >>> 21) & 1023) << 1);
      break;
    case Fmt.CSR: case Fmt.CSRI: f.rd = rd; f.rs1 = rs1; f.imm = (i >>> 20) & 0xfff; break;
    case Fmt.AMO: case Fmt.LR: f.rd = rd; f.rs1 = rs1; f.rs2 = rs2; f.imm = (i >>> 25) & 3; break;
    case Fmt.FENCE: f.rd = rd; f.rs1 = rs1; f.imm = (i >>> 20) & 0xfff; break;
    case Fmt.NONE: break;
    case Fmt.SFENCE: f.rs1 = rs1; f.rs2 = rs2; break;
    case Fmt.C_ADDI4SPN: f.rd = cp2; f.rs1 = 2; f.imm = cImm.addi4spn(i); break;
    case Fmt.C_LW: f.rd = cp2; f.rs1 = cp; f.imm = cImm.lw(i); break;
    case Fmt.C_LD: f.rd = cp2; f.rs1 = cp; f.imm = cImm.ld(i); break;
    case Fmt.C_SW: f.rs2 = cp2; f.rs1 = cp; f.imm = cImm.lw(i); break;
    case Fmt.C_SD: f.rs2 = cp2; f.rs1 = cp; f.imm = cImm.ld(i); break;
    case Fmt.C_NOP: case Fmt.C_ADDI: case Fmt.C_ADDIW: f.rd = cr; f.rs1 = cr; f.imm = cImm.ci(i); break;
    case Fmt.C_LI: f.rd = cr; f.imm = cImm.ci(i); break;
    case Fmt.C_ADDI16SP: f.rd = 2; f.rs1 = 2; f.imm = cImm.addi16sp(i); break;
    case Fmt.C_LUI: f.rd = cr; f.imm = cImm.lui(i); break;
    case Fmt.C_SRLI: case Fmt.C_SRAI: f.rd = cp; f.rs1 = cp; f.imm = cImm.shamt(i); break;
    case Fmt.C_ANDI: f.rd = cp; f.rs1 = cp; f.imm = cImm.ci(i); break;
    case Fmt.C_CA: f.rd = cp; f.rs1 = cp; f.rs2 = cp2; break;
    case Fmt.C_J: f.imm = cImm.j(i); break;
    case Fmt.C_BRANCH: f.rs1 = cp; f.imm = cImm.b(i); break;
    case Fmt.C_SLLI: f.rd = cr; f.rs1 = cr; f.imm = cImm.shamt(i); break;
    case Fmt.C_LWSP: f.rd = cr; f.rs1 = 2; f.imm = cImm.lwsp(i); break;
    case Fmt.C_LDSP: f.rd = cr; f.rs1 = 2; f.imm = cImm.ldsp(i); break;
    case Fmt.C_JR: f.rs1 = cr; break;
    case Fmt.C_MV: f.rd = cr; f.rs2 = cr2; break;
    case Fmt.C_EBREAK: break;
    case Fmt.C_JALR: f.rd = 1; f.rs1 = cr; break;
    case Fmt.C_ADD: f.rd = cr; f.rs1 = cr; f.rs2 = cr2; break;
    case Fmt.C_SWSP: f.rs1 = 2; f.rs2 = cr2; f.imm = cImm.swsp(i); break;
    case Fmt.C_SDSP: f.rs1 = 2; f.rs2 = cr2; f.imm = cImm.sdsp(i); break;
    case Fmt.F_LOAD: f.rd = rd; f.rs1 = rs1; f.imm = i >> 20; break;
    case Fmt.F_STORE: f.rs1 = rs1; f.rs2 = rs2; f.imm = ((i >> 25) << 5) | ((i >>> 7) & 31); break;
    case Fmt.C_FLD: f.rd = cp2; f.rs1 = cp; f.imm = cImm.ld(i); break;
    case Fmt.C_FSD: f.rs2 = cp2; f.rs1 = cp; f.imm = cImm.ld(i); break;
    case Fmt.C_FLDSP: f.rd = cr; f.rs1 = 2; f.imm = cImm.ldsp(i); break;
    case Fmt.C_FSDSP: f.rs1 = 2; f.rs2 = cr2; f.imm = cImm.sdsp(i); break;
    default: // Op.FP rows: every register field, the operation and rm/rs3 in imm
      f.rd = rd; f.rs1 = rs1; f.rs2 = rs2; f.imm = fpImm(row.fop!, i); break;
  }
  return f;
}

/**
 * Packed decoded-instruction word for the executor's cache. Bit 31 is set so a packed
 * word is never 0 (0 marks an undecoded slot). Register fields are pre-doubled (index
 * into the lo/hi register array).
 */
export const enum Pack {
  OP_MASK = 0x7f,
  RD_SHIFT = 7,   // rd*2 in bits 7..12
  RS1_SHIFT = 13, // rs1*2 in bits 13..18
  RS2_SHIFT = 19, // rs2*2 in bits 19..24
  REG_MASK = 0x3e,
  LEN2 = 1 << 25,
  VALID = 1 << 31,
}

export function pack(f: Fields): number {
  return (Pack.VALID | (f.len === 2 ? Pack.LEN2 : 0) | (f.rs2 << 20) | (f.rs1 << 14) | (f.rd << 8) | f.op) | 0;
}
