/**
 * The instruction set as data: one row per instruction encoding (RV64IMAC + Zicsr + Zifencei +
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
}

export type Ext = 'I' | 'M' | 'A' | 'C' | 'Zicsr' | 'Zifencei' | 'Priv';

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
];

/** Base (non-compressed) row of each op, for op → mnemonic lookups. */
export const ROW_OF_OP: readonly (InsnRow | undefined)[] = (() => {
  const t: (InsnRow | undefined)[] = new Array(Op.COUNT).fill(undefined);
  for (const r of ISA) if (r.len === 4 && t[r.op] === undefined) t[r.op] = r;
  return t;
})();
