/**
 * The instruction set as data: one row per instruction encoding (RV64IMAFDC + Zicsr + Zifencei +
 * privileged). The decoder, the executor's op numbering and the disassembler are all derived
 * from this table; tests/cpu/isa-table.test.ts checks rows never overlap ambiguously.
 *
 * Compressed rows expand to a base executor op (`op`) but keep their own mnemonic and operand
 * format so the disassembler prints them the way objdump does.
 */

/** Executor operations. Every base row has a distinct op; compressed rows reuse base ops. */
export const enum Op {
  ILLEGAL = 0,
  LUI, AUIPC, JAL, JALR,
  BEQ, BNE, BLT, BGE, BLTU, BGEU,
  LB, LH, LW, LD, LBU, LHU, LWU,
  SB, SH, SW, SD,
  ADDI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI,
  ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND,
  ADDIW, SLLIW, SRLIW, SRAIW, ADDW, SUBW, SLLW, SRLW, SRAW,
  FENCE, FENCE_I, ECALL, EBREAK, MRET, SRET, WFI, SFENCE_VMA,
  CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI,
  MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU,
  MULW, DIVW, DIVUW, REMW, REMUW,
  LR_W, SC_W, AMOSWAP_W, AMOADD_W, AMOXOR_W, AMOAND_W, AMOOR_W, AMOMIN_W, AMOMAX_W, AMOMINU_W, AMOMAXU_W,
  LR_D, SC_D, AMOSWAP_D, AMOADD_D, AMOXOR_D, AMOAND_D, AMOOR_D, AMOMIN_D, AMOMAX_D, AMOMINU_D, AMOMAXU_D,
  // F/D: loads and stores are ops of their own (memory fast path); every other F/D row shares
  // FP and carries its FpOp, rounding mode and rs3 in the decoded immediate (see fpImm).
  FLW, FLD, FSW, FSD, FP,
  /** Number of ops; keep last. */
  COUNT,
}

/** Operand formats: how fields are extracted and how the disassembler lays them out. */
export const enum Fmt {
  R, I, ISH, LOAD, S, B, U, J, JALR, CSR, CSRI, AMO, LR, FENCE, NONE, SFENCE,
  // compressed
  C_ADDI4SPN, C_LW, C_LD, C_SW, C_SD, C_NOP, C_ADDI, C_ADDIW, C_LI, C_ADDI16SP, C_LUI,
  C_SRLI, C_SRAI, C_ANDI, C_CA, C_J, C_BRANCH, C_SLLI, C_LWSP, C_LDSP, C_JR, C_MV,
  C_EBREAK, C_JALR, C_ADD, C_SWSP, C_SDSP,
  // F/D (register classes: f = FP register, x = integer register; "rm" = rounding-mode field)
  F_LOAD, F_STORE,
  /** f,f,f,rm */ F_RRR_RM,
  /** f,f,f (funct3 selects the operation) */ F_RRR,
  /** x,f,f (compares) */ F_CMP,
  /** f,f,f,f,rm (fused multiply-add) */ F_R4,
  /** f,f,rm (fsqrt, fcvt.s.d) */ F_RR_RM,
  /** f,f with an rm field objdump only knows as 0 (fcvt.d.s) */ F_RR,
  /** x,f,rm (fcvt.w.s, ...) */ F_XF_RM,
  /** x,f (fmv.x.w, fclass) */ F_XF,
  /** f,x,rm (fcvt.s.w, ...) */ F_FX_RM,
  /** f,x (fmv.w.x; fcvt.d.w/wu, whose rm objdump only knows as 0) */ F_FX,
  C_FLD, C_FSD, C_FLDSP, C_FSDSP,
}

/**
 * F/D operations behind Op.FP, in a fixed order: the single-precision block, then the
 * double-precision block in the same order (so `op - FpOp.D_BASE` is the single twin), then
 * conversions between the two.
 */
export const enum FpOp {
  FADD_S, FSUB_S, FMUL_S, FDIV_S, FSQRT_S, FSGNJ_S, FSGNJN_S, FSGNJX_S, FMIN_S, FMAX_S,
  FCVT_W_S, FCVT_WU_S, FCVT_L_S, FCVT_LU_S, FMV_X_W, FEQ_S, FLT_S, FLE_S, FCLASS_S,
  FCVT_S_W, FCVT_S_WU, FCVT_S_L, FCVT_S_LU, FMV_W_X, FMADD_S, FMSUB_S, FNMSUB_S, FNMADD_S,
  FADD_D, FSUB_D, FMUL_D, FDIV_D, FSQRT_D, FSGNJ_D, FSGNJN_D, FSGNJX_D, FMIN_D, FMAX_D,
  FCVT_W_D, FCVT_WU_D, FCVT_L_D, FCVT_LU_D, FMV_X_D, FEQ_D, FLT_D, FLE_D, FCLASS_D,
  FCVT_D_W, FCVT_D_WU, FCVT_D_L, FCVT_D_LU, FMV_D_X, FMADD_D, FMSUB_D, FNMSUB_D, FNMADD_D,
  FCVT_S_D, FCVT_D_S,
  COUNT,
  D_BASE = FADD_D,
}

/**
 * Decoded immediate of an Op.FP instruction: FpOp in bits 0..7, the rm field (funct3) in
 * bits 8..10, rs3 in bits 11..15.
 */
export const fpImm = (fop: number, bits: number): number => fop | (((bits >>> 12) & 7) << 8) | (((bits >>> 27) & 31) << 11);

export type Ext = 'I' | 'M' | 'A' | 'F' | 'D' | 'C' | 'Zicsr' | 'Zifencei' | 'Priv';

export interface InsnRow {
  /** Mnemonic as `objdump -M no-aliases` prints it (AMO aq/rl suffixes are added by the disassembler). */
  readonly name: string;
  readonly mask: number;
  readonly match: number;
  /** 2 for compressed rows, 4 otherwise. */
  readonly len: 2 | 4;
  readonly fmt: Fmt;
  readonly op: Op;
  readonly ext: Ext;
  /** Extra encoding constraint (reserved encodings) beyond mask/match. */
  readonly valid?: (bits: number) => boolean;
  /** Op.FP rows: the operation. */
  readonly fop?: FpOp;
  /** Compressed FP loads/stores need D as well as C. */
  readonly alsoNeeds?: Ext;
}

const R = (name: string, f7: number, f3: number, opc: number, op: Op, ext: Ext = 'I'): InsnRow =>
  ({ name, mask: 0xfe00707f | 0, match: (f7 << 25) | (f3 << 12) | opc, len: 4, fmt: Fmt.R, op, ext });
const I = (name: string, f3: number, opc: number, op: Op, fmt: Fmt = Fmt.I, ext: Ext = 'I'): InsnRow =>
  ({ name, mask: 0x707f, match: (f3 << 12) | opc, len: 4, fmt, op, ext });
const SH = (name: string, hi6: number, f3: number, opc: number, op: Op): InsnRow =>
  ({ name, mask: 0xfc00707f | 0, match: (hi6 << 26) | (f3 << 12) | opc, len: 4, fmt: Fmt.ISH, op, ext: 'I' });
const SHW = (name: string, f7: number, f3: number, opc: number, op: Op): InsnRow =>
  ({ name, mask: 0xfe00707f | 0, match: (f7 << 25) | (f3 << 12) | opc, len: 4, fmt: Fmt.ISH, op, ext: 'I' });
const EXACT = (name: string, bits: number, op: Op, ext: Ext = 'Priv'): InsnRow =>
  ({ name, mask: 0xffffffff | 0, match: bits | 0, len: 4, fmt: Fmt.NONE, op, ext });
const AMO = (name: string, f5: number, f3: number, op: Op, fmt: Fmt = Fmt.AMO): InsnRow =>
  ({ name, mask: (fmt === Fmt.LR ? 0xf9f0707f : 0xf800707f) | 0, match: ((f5 << 27) | (f3 << 12) | 0x2f) | 0, len: 4, fmt, op, ext: 'A' });
const C = (name: string, mask: number, match: number, fmt: Fmt, op: Op, valid?: (b: number) => boolean): InsnRow =>
  ({ name, mask, match, len: 2, fmt, op, ext: 'C', valid });

// F/D rows. `fmt` bit 25 selects double; masks keep the rm field (funct3) free where it is one.
const FP = (name: string, f7: number, opc: number, mask: number, rs2: number, f3: number, fmt: Fmt, fop: FpOp, ext: Ext): InsnRow =>
  ({ name, mask: mask | 0, match: ((f7 << 25) | (rs2 << 20) | (f3 << 12) | opc) | 0, len: 4, fmt, op: Op.FP, ext, fop });
/** Row with an rm field: funct7 + opcode (+ rs2 for unary rows) fixed. */
const FRM = (name: string, f7: number, fmt: Fmt, fop: FpOp, ext: Ext, rs2 = -1): InsnRow =>
  FP(name, f7, 0x53, rs2 < 0 ? 0xfe00007f : 0xfff0007f, rs2 < 0 ? 0 : rs2, 0, fmt, fop, ext);
/** Row whose funct3 selects the operation. */
const FF3 = (name: string, f7: number, f3: number, fmt: Fmt, fop: FpOp, ext: Ext, rs2 = -1): InsnRow =>
  FP(name, f7, 0x53, rs2 < 0 ? 0xfe00707f : 0xfff0707f, rs2 < 0 ? 0 : rs2, f3, fmt, fop, ext);
const FMA = (name: string, opc: number, dbl: boolean, fop: FpOp): InsnRow =>
  FP(name, dbl ? 1 : 0, opc, 0x0600007f, 0, 0, Fmt.F_R4, fop, dbl ? 'D' : 'F');

/** The F and D rows for one precision (`s` or `d`); `fmt` = 0 single, 1 double. */
function fpRows(sfx: 's' | 'd'): InsnRow[] {
  const d = sfx === 'd' ? 1 : 0;
  const b = d ? FpOp.D_BASE : 0;
  const ext: Ext = d ? 'D' : 'F';
  const f7 = (funct5: number): number => (funct5 << 2) | d;
  const xw = d ? 'd' : 'w'; // fmv.x.w / fmv.x.d
  return [
    FMA(`fmadd.${sfx}`, 0x43, !!d, b + FpOp.FMADD_S), FMA(`fmsub.${sfx}`, 0x47, !!d, b + FpOp.FMSUB_S),
    FMA(`fnmsub.${sfx}`, 0x4b, !!d, b + FpOp.FNMSUB_S), FMA(`fnmadd.${sfx}`, 0x4f, !!d, b + FpOp.FNMADD_S),
    FRM(`fadd.${sfx}`, f7(0x00), Fmt.F_RRR_RM, b + FpOp.FADD_S, ext), FRM(`fsub.${sfx}`, f7(0x01), Fmt.F_RRR_RM, b + FpOp.FSUB_S, ext),
    FRM(`fmul.${sfx}`, f7(0x02), Fmt.F_RRR_RM, b + FpOp.FMUL_S, ext), FRM(`fdiv.${sfx}`, f7(0x03), Fmt.F_RRR_RM, b + FpOp.FDIV_S, ext),
    FRM(`fsqrt.${sfx}`, f7(0x0b), Fmt.F_RR_RM, b + FpOp.FSQRT_S, ext, 0),
    FF3(`fsgnj.${sfx}`, f7(0x04), 0, Fmt.F_RRR, b + FpOp.FSGNJ_S, ext), FF3(`fsgnjn.${sfx}`, f7(0x04), 1, Fmt.F_RRR, b + FpOp.FSGNJN_S, ext),
    FF3(`fsgnjx.${sfx}`, f7(0x04), 2, Fmt.F_RRR, b + FpOp.FSGNJX_S, ext),
    FF3(`fmin.${sfx}`, f7(0x05), 0, Fmt.F_RRR, b + FpOp.FMIN_S, ext), FF3(`fmax.${sfx}`, f7(0x05), 1, Fmt.F_RRR, b + FpOp.FMAX_S, ext),
    FRM(`fcvt.w.${sfx}`, f7(0x18), Fmt.F_XF_RM, b + FpOp.FCVT_W_S, ext, 0), FRM(`fcvt.wu.${sfx}`, f7(0x18), Fmt.F_XF_RM, b + FpOp.FCVT_WU_S, ext, 1),
    FRM(`fcvt.l.${sfx}`, f7(0x18), Fmt.F_XF_RM, b + FpOp.FCVT_L_S, ext, 2), FRM(`fcvt.lu.${sfx}`, f7(0x18), Fmt.F_XF_RM, b + FpOp.FCVT_LU_S, ext, 3),
    FF3(`fmv.x.${xw}`, f7(0x1c), 0, Fmt.F_XF, b + FpOp.FMV_X_W, ext, 0), FF3(`fclass.${sfx}`, f7(0x1c), 1, Fmt.F_XF, b + FpOp.FCLASS_S, ext, 0),
    FF3(`feq.${sfx}`, f7(0x14), 2, Fmt.F_CMP, b + FpOp.FEQ_S, ext), FF3(`flt.${sfx}`, f7(0x14), 1, Fmt.F_CMP, b + FpOp.FLT_S, ext),
    FF3(`fle.${sfx}`, f7(0x14), 0, Fmt.F_CMP, b + FpOp.FLE_S, ext),
    // fcvt.d.w/wu are exact: objdump knows them only with rm = 0, the hart accepts any valid rm.
    FRM(`fcvt.${sfx}.w`, f7(0x1a), d ? Fmt.F_FX : Fmt.F_FX_RM, b + FpOp.FCVT_S_W, ext, 0),
    FRM(`fcvt.${sfx}.wu`, f7(0x1a), d ? Fmt.F_FX : Fmt.F_FX_RM, b + FpOp.FCVT_S_WU, ext, 1),
    FRM(`fcvt.${sfx}.l`, f7(0x1a), Fmt.F_FX_RM, b + FpOp.FCVT_S_L, ext, 2), FRM(`fcvt.${sfx}.lu`, f7(0x1a), Fmt.F_FX_RM, b + FpOp.FCVT_S_LU, ext, 3),
    FF3(`fmv.${xw}.x`, f7(0x1e), 0, Fmt.F_FX, b + FpOp.FMV_W_X, ext, 0),
  ];
}

/** Compressed-immediate helpers, shared with the decoder. */
export const cImm = {
  ci: (c: number): number => ((((c >>> 12) & 1) << 5) | ((c >>> 2) & 31)) << 26 >> 26,
  addi4spn: (c: number): number =>
    (((c >>> 6) & 1) << 2) | (((c >>> 5) & 1) << 3) | (((c >>> 11) & 3) << 4) | (((c >>> 7) & 15) << 6),
  lw: (c: number): number => (((c >>> 10) & 7) << 3) | (((c >>> 6) & 1) << 2) | (((c >>> 5) & 1) << 6),
  ld: (c: number): number => (((c >>> 10) & 7) << 3) | (((c >>> 5) & 3) << 6),
  addi16sp: (c: number): number =>
    ((((c >>> 12) & 1) << 9) | (((c >>> 6) & 1) << 4) | (((c >>> 5) & 1) << 6) |
      (((c >>> 3) & 3) << 7) | (((c >>> 2) & 1) << 5)) << 22 >> 22,
  lui: (c: number): number => (((((c >>> 12) & 1) << 5) | ((c >>> 2) & 31)) << 26 >> 14),
  shamt: (c: number): number => (((c >>> 12) & 1) << 5) | ((c >>> 2) & 31),
  j: (c: number): number =>
    ((((c >>> 12) & 1) << 11) | (((c >>> 11) & 1) << 4) | (((c >>> 9) & 3) << 8) | (((c >>> 8) & 1) << 10) |
      (((c >>> 7) & 1) << 6) | (((c >>> 6) & 1) << 7) | (((c >>> 3) & 7) << 1) | (((c >>> 2) & 1) << 5)) << 20 >> 20,
  b: (c: number): number =>
    ((((c >>> 12) & 1) << 8) | (((c >>> 10) & 3) << 3) | (((c >>> 5) & 3) << 6) | (((c >>> 3) & 3) << 1) |
      (((c >>> 2) & 1) << 5)) << 23 >> 23,
  lwsp: (c: number): number => (((c >>> 12) & 1) << 5) | (((c >>> 4) & 7) << 2) | (((c >>> 2) & 3) << 6),
  ldsp: (c: number): number => (((c >>> 12) & 1) << 5) | (((c >>> 5) & 3) << 3) | (((c >>> 2) & 7) << 6),
  swsp: (c: number): number => (((c >>> 9) & 15) << 2) | (((c >>> 7) & 3) << 6),
  sdsp: (c: number): number => (((c >>> 10) & 7) << 3) | (((c >>> 7) & 7) << 6),
};

const rdNonZero = (c: number): boolean => ((c >>> 7) & 31) !== 0;

/**
 * Row order matters only where encodings overlap: a more specific row (superset mask) comes
 * before the general one (e.g. c.jr before c.mv, fence.tso before fence).
 */
export const ISA: readonly InsnRow[] = [
  // ---- RV64I
  { name: 'lui', mask: 0x7f, match: 0x37, len: 4, fmt: Fmt.U, op: Op.LUI, ext: 'I' },
  { name: 'auipc', mask: 0x7f, match: 0x17, len: 4, fmt: Fmt.U, op: Op.AUIPC, ext: 'I' },
  { name: 'jal', mask: 0x7f, match: 0x6f, len: 4, fmt: Fmt.J, op: Op.JAL, ext: 'I' },
  I('jalr', 0, 0x67, Op.JALR, Fmt.JALR),
  I('beq', 0, 0x63, Op.BEQ, Fmt.B), I('bne', 1, 0x63, Op.BNE, Fmt.B),
  I('blt', 4, 0x63, Op.BLT, Fmt.B), I('bge', 5, 0x63, Op.BGE, Fmt.B),
  I('bltu', 6, 0x63, Op.BLTU, Fmt.B), I('bgeu', 7, 0x63, Op.BGEU, Fmt.B),
  I('lb', 0, 0x03, Op.LB, Fmt.LOAD), I('lh', 1, 0x03, Op.LH, Fmt.LOAD), I('lw', 2, 0x03, Op.LW, Fmt.LOAD),
  I('ld', 3, 0x03, Op.LD, Fmt.LOAD), I('lbu', 4, 0x03, Op.LBU, Fmt.LOAD), I('lhu', 5, 0x03, Op.LHU, Fmt.LOAD),
  I('lwu', 6, 0x03, Op.LWU, Fmt.LOAD),
  I('sb', 0, 0x23, Op.SB, Fmt.S), I('sh', 1, 0x23, Op.SH, Fmt.S), I('sw', 2, 0x23, Op.SW, Fmt.S),
  I('sd', 3, 0x23, Op.SD, Fmt.S),
  I('addi', 0, 0x13, Op.ADDI), I('slti', 2, 0x13, Op.SLTI), I('sltiu', 3, 0x13, Op.SLTIU),
  I('xori', 4, 0x13, Op.XORI), I('ori', 6, 0x13, Op.ORI), I('andi', 7, 0x13, Op.ANDI),
  SH('slli', 0x00, 1, 0x13, Op.SLLI), SH('srli', 0x00, 5, 0x13, Op.SRLI), SH('srai', 0x10, 5, 0x13, Op.SRAI),
  R('add', 0x00, 0, 0x33, Op.ADD), R('sub', 0x20, 0, 0x33, Op.SUB), R('sll', 0x00, 1, 0x33, Op.SLL),
  R('slt', 0x00, 2, 0x33, Op.SLT), R('sltu', 0x00, 3, 0x33, Op.SLTU), R('xor', 0x00, 4, 0x33, Op.XOR),
  R('srl', 0x00, 5, 0x33, Op.SRL), R('sra', 0x20, 5, 0x33, Op.SRA), R('or', 0x00, 6, 0x33, Op.OR),
  R('and', 0x00, 7, 0x33, Op.AND),
  I('addiw', 0, 0x1b, Op.ADDIW),
  SHW('slliw', 0x00, 1, 0x1b, Op.SLLIW), SHW('srliw', 0x00, 5, 0x1b, Op.SRLIW), SHW('sraiw', 0x20, 5, 0x1b, Op.SRAIW),
  R('addw', 0x00, 0, 0x3b, Op.ADDW), R('subw', 0x20, 0, 0x3b, Op.SUBW), R('sllw', 0x00, 1, 0x3b, Op.SLLW),
  R('srlw', 0x00, 5, 0x3b, Op.SRLW), R('sraw', 0x20, 5, 0x3b, Op.SRAW),
  { name: 'fence.tso', mask: 0xffffffff | 0, match: 0x8330000f | 0, len: 4, fmt: Fmt.NONE, op: Op.FENCE, ext: 'I' },
  I('fence', 0, 0x0f, Op.FENCE, Fmt.FENCE),
  I('fence.i', 1, 0x0f, Op.FENCE_I, Fmt.NONE, 'Zifencei'),
  EXACT('ecall', 0x00000073, Op.ECALL, 'I'), EXACT('ebreak', 0x00100073, Op.EBREAK, 'I'),
  EXACT('sret', 0x10200073, Op.SRET), EXACT('mret', 0x30200073, Op.MRET), EXACT('wfi', 0x10500073, Op.WFI),
  { name: 'sfence.vma', mask: 0xfe007fff | 0, match: 0x12000073, len: 4, fmt: Fmt.SFENCE, op: Op.SFENCE_VMA, ext: 'Priv' },
  I('csrrw', 1, 0x73, Op.CSRRW, Fmt.CSR, 'Zicsr'), I('csrrs', 2, 0x73, Op.CSRRS, Fmt.CSR, 'Zicsr'),
  I('csrrc', 3, 0x73, Op.CSRRC, Fmt.CSR, 'Zicsr'), I('csrrwi', 5, 0x73, Op.CSRRWI, Fmt.CSRI, 'Zicsr'),
  I('csrrsi', 6, 0x73, Op.CSRRSI, Fmt.CSRI, 'Zicsr'), I('csrrci', 7, 0x73, Op.CSRRCI, Fmt.CSRI, 'Zicsr'),
  // ---- M
  R('mul', 1, 0, 0x33, Op.MUL, 'M'), R('mulh', 1, 1, 0x33, Op.MULH, 'M'), R('mulhsu', 1, 2, 0x33, Op.MULHSU, 'M'),
  R('mulhu', 1, 3, 0x33, Op.MULHU, 'M'), R('div', 1, 4, 0x33, Op.DIV, 'M'), R('divu', 1, 5, 0x33, Op.DIVU, 'M'),
  R('rem', 1, 6, 0x33, Op.REM, 'M'), R('remu', 1, 7, 0x33, Op.REMU, 'M'),
  R('mulw', 1, 0, 0x3b, Op.MULW, 'M'), R('divw', 1, 4, 0x3b, Op.DIVW, 'M'), R('divuw', 1, 5, 0x3b, Op.DIVUW, 'M'),
  R('remw', 1, 6, 0x3b, Op.REMW, 'M'), R('remuw', 1, 7, 0x3b, Op.REMUW, 'M'),
  // ---- A
  AMO('lr.w', 0x02, 2, Op.LR_W, Fmt.LR), AMO('sc.w', 0x03, 2, Op.SC_W), AMO('amoswap.w', 0x01, 2, Op.AMOSWAP_W),
  AMO('amoadd.w', 0x00, 2, Op.AMOADD_W), AMO('amoxor.w', 0x04, 2, Op.AMOXOR_W), AMO('amoand.w', 0x0c, 2, Op.AMOAND_W),
  AMO('amoor.w', 0x08, 2, Op.AMOOR_W), AMO('amomin.w', 0x10, 2, Op.AMOMIN_W), AMO('amomax.w', 0x14, 2, Op.AMOMAX_W),
  AMO('amominu.w', 0x18, 2, Op.AMOMINU_W), AMO('amomaxu.w', 0x1c, 2, Op.AMOMAXU_W),
  AMO('lr.d', 0x02, 3, Op.LR_D, Fmt.LR), AMO('sc.d', 0x03, 3, Op.SC_D), AMO('amoswap.d', 0x01, 3, Op.AMOSWAP_D),
  AMO('amoadd.d', 0x00, 3, Op.AMOADD_D), AMO('amoxor.d', 0x04, 3, Op.AMOXOR_D), AMO('amoand.d', 0x0c, 3, Op.AMOAND_D),
  AMO('amoor.d', 0x08, 3, Op.AMOOR_D), AMO('amomin.d', 0x10, 3, Op.AMOMIN_D), AMO('amomax.d', 0x14, 3, Op.AMOMAX_D),
  AMO('amominu.d', 0x18, 3, Op.AMOMINU_D), AMO('amomaxu.d', 0x1c, 3, Op.AMOMAXU_D),
  // ---- C, quadrant 0
  C('c.addi4spn', 0xe003, 0x0000, Fmt.C_ADDI4SPN, Op.ADDI, (c) => cImm.addi4spn(c) !== 0),
  C('c.lw', 0xe003, 0x4000, Fmt.C_LW, Op.LW), C('c.ld', 0xe003, 0x6000, Fmt.C_LD, Op.LD),
  C('c.sw', 0xe003, 0xc000, Fmt.C_SW, Op.SW), C('c.sd', 0xe003, 0xe000, Fmt.C_SD, Op.SD),
  // quadrant 1
  C('c.nop', 0xef83, 0x0001, Fmt.C_NOP, Op.ADDI),
  C('c.addi', 0xe003, 0x0001, Fmt.C_ADDI, Op.ADDI),
  C('c.addiw', 0xe003, 0x2001, Fmt.C_ADDIW, Op.ADDIW, rdNonZero),
  C('c.li', 0xe003, 0x4001, Fmt.C_LI, Op.ADDI),
  C('c.addi16sp', 0xef83, 0x6101, Fmt.C_ADDI16SP, Op.ADDI, (c) => cImm.addi16sp(c) !== 0),
  C('c.lui', 0xe003, 0x6001, Fmt.C_LUI, Op.LUI, (c) => cImm.lui(c) !== 0),
  C('c.srli', 0xec03, 0x8001, Fmt.C_SRLI, Op.SRLI), C('c.srai', 0xec03, 0x8401, Fmt.C_SRAI, Op.SRAI),
  C('c.andi', 0xec03, 0x8801, Fmt.C_ANDI, Op.ANDI),
  C('c.sub', 0xfc63, 0x8c01, Fmt.C_CA, Op.SUB), C('c.xor', 0xfc63, 0x8c21, Fmt.C_CA, Op.XOR),
  C('c.or', 0xfc63, 0x8c41, Fmt.C_CA, Op.OR), C('c.and', 0xfc63, 0x8c61, Fmt.C_CA, Op.AND),
  C('c.subw', 0xfc63, 0x9c01, Fmt.C_CA, Op.SUBW), C('c.addw', 0xfc63, 0x9c21, Fmt.C_CA, Op.ADDW),
  C('c.j', 0xe003, 0xa001, Fmt.C_J, Op.JAL),
  C('c.beqz', 0xe003, 0xc001, Fmt.C_BRANCH, Op.BEQ), C('c.bnez', 0xe003, 0xe001, Fmt.C_BRANCH, Op.BNE),
  // quadrant 2
  C('c.slli', 0xe003, 0x0002, Fmt.C_SLLI, Op.SLLI),
  C('c.lwsp', 0xe003, 0x4002, Fmt.C_LWSP, Op.LW, rdNonZero),
  C('c.ldsp', 0xe003, 0x6002, Fmt.C_LDSP, Op.LD, rdNonZero),
  C('c.jr', 0xf07f, 0x8002, Fmt.C_JR, Op.JALR, rdNonZero),
  C('c.mv', 0xf003, 0x8002, Fmt.C_MV, Op.ADD, (c) => ((c >>> 2) & 31) !== 0), // rs2=0 is c.jr (x0: reserved)
  C('c.ebreak', 0xffff, 0x9002, Fmt.C_EBREAK, Op.EBREAK),
  C('c.jalr', 0xf07f, 0x9002, Fmt.C_JALR, Op.JALR),
  C('c.add', 0xf003, 0x9002, Fmt.C_ADD, Op.ADD),
  C('c.swsp', 0xe003, 0xc002, Fmt.C_SWSP, Op.SW), C('c.sdsp', 0xe003, 0xe002, Fmt.C_SDSP, Op.SD),
  // ---- F and D
  I('flw', 2, 0x07, Op.FLW, Fmt.F_LOAD, 'F'), I('fld', 3, 0x07, Op.FLD, Fmt.F_LOAD, 'D'),
  I('fsw', 2, 0x27, Op.FSW, Fmt.F_STORE, 'F'), I('fsd', 3, 0x27, Op.FSD, Fmt.F_STORE, 'D'),
  ...fpRows('s'),
  ...fpRows('d'),
  FRM('fcvt.s.d', 0x20, Fmt.F_RR_RM, FpOp.FCVT_S_D, 'D', 1),
  FRM('fcvt.d.s', 0x21, Fmt.F_RR, FpOp.FCVT_D_S, 'D', 0), // exact: objdump knows it only with rm = 0
  // ---- C: FP loads/stores (RV64: c.fld, c.fsd, c.fldsp, c.fsdsp)
  { ...C('c.fld', 0xe003, 0x2000, Fmt.C_FLD, Op.FLD), alsoNeeds: 'D' },
  { ...C('c.fsd', 0xe003, 0xa000, Fmt.C_FSD, Op.FSD), alsoNeeds: 'D' },
  { ...C('c.fldsp', 0xe003, 0x2002, Fmt.C_FLDSP, Op.FLD), alsoNeeds: 'D' },
  { ...C('c.fsdsp', 0xe003, 0xa002, Fmt.C_FSDSP, Op.FSD), alsoNeeds: 'D' },
];

/** Op.FP rows by FpOp (each operation has exactly one row). */
export const ROW_OF_FPOP: readonly (InsnRow | undefined)[] = (() => {
  const t: (InsnRow | undefined)[] = new Array(FpOp.COUNT).fill(undefined);
  for (const r of ISA) if (r.fop !== undefined) t[r.fop] = r;
  return t;
})();

/** Base (non-compressed) row of each op, for op → mnemonic lookups. */
export const ROW_OF_OP: readonly (InsnRow | undefined)[] = (() => {
  const t: (InsnRow | undefined)[] = new Array(Op.COUNT).fill(undefined);
  for (const r of ISA) if (r.len === 4 && t[r.op] === undefined) t[r.op] = r;
  return t;
})();
