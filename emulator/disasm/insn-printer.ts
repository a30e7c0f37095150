/**
 * Instruction text exactly as `riscv64-unknown-elf-objdump -d -M no-aliases` (binutils 2.40)
 * prints it after the raw bytes. Mnemonics and operand layout are derived from the ISA table
 * (row name + Fmt); this module only knows how objdump spells each format.
 *
 * objdump keeps state across instructions: after `lui`/`auipc`/`c.lui rd` it remembers the
 * upper address in rd, and the next instruction that uses rd as a base (addi, loads, stores,
 * jalr, c.addi, ...) gets a ` # <addr> <sym>` comment. InsnPrinter reproduces that state
 * machine, quirks included (the value is never forgotten when rd is overwritten by anything
 * else, and jalr consults it up to three times).
 */
import { csrName, type PrivSpec } from '../cpu/csr-names.js';
import { decodeFields, type Fields } from '../cpu/decode.js';
import { Fmt, Op } from '../cpu/isa.js';
import { rowSupported } from './riscv-attrs.js';

export const ABI_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

export const FP_ABI_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

/** Rounding-mode operand as objdump prints it: dyn (7) is left out; 5 and 6 are reserved. */
const RM_SUFFIX = [',rne', ',rtz', ',rdn', ',rup', ',rmm', ',unknown', ',unknown', ''];

/** objdump's fence set names, index = 4-bit i/o/r/w mask; 0 has no name. */
const FENCE_SETS = ['unknown', 'w', 'r', 'rw', 'o', 'ow', 'or', 'orw', 'i', 'iw', 'ir', 'irw', 'io', 'iow', 'ior', 'iorw'];

/**
 * Encodings objdump prints differently from the executor table: its own opcode list has them as
 * real instructions (unimp = csrrw zero,cycle,zero; c.unimp, dret, uret and the priv-1.9 hret and
 * sfence.vm, which this machine traps as illegal) or accepts a reserved immediate (c.addi16sp 0).
 */
const OBJDUMP_EXTRA: readonly { len: 2 | 4; mask: number; match: number; text: (b: number) => string }[] = [
  { len: 2, mask: 0xffff, match: 0x0000, text: () => 'c.unimp' },
  { len: 2, mask: 0xffff, match: 0x6101, text: () => 'c.addi16sp\tsp,0' },
  { len: 4, mask: -1, match: 0xc0001073 | 0, text: () => 'unimp' },
  { len: 4, mask: -1, match: 0x7b200073, text: () => 'dret' },
  { len: 4, mask: -1, match: 0x00200073, text: () => 'uret' },
  { len: 4, mask: -1, match: 0x20200073, text: () => 'hret' },
  {
    len: 4, mask: 0xfff07fff | 0, match: 0x10400073,
    text: (b) => ((b >>> 15) & 31 ? `sfence.vm\t${ABI_NAMES[(b >>> 15) & 31]}` : 'sfence.vm'),
  },
];

/**
 * Fields the spec tells implementations to ignore (reserved for future fences), so the table
 * matches any value, but objdump only recognises the instruction when they are zero.
 */
const OBJDUMP_ZERO_BITS: Readonly<Record<string, number>> = {
  fence: 0xf00f8f80 | 0, // fm, rs1, rd
  'fence.i': 0xffff8f80 | 0, // imm, rs1, rd
  // Exact conversions: the hart accepts any valid rm, objdump's table has them only with rm = 0.
  'fcvt.d.w': 0x7000, 'fcvt.d.wu': 0x7000, 'fcvt.d.s': 0x7000,
};

/** Formats `addr` (an unsigned 64-bit value) the way objdump's print_address_func does. */
export type AddrFormatter = (addr: bigint) => string;

const U64 = (v: number): bigint => BigInt.asUintN(64, BigInt(v));
const hex = (v: number): string => (v >>> 0).toString(16);

export interface PrintedInsn {
  text: string;
  len: 2 | 4;
}

export class InsnPrinter {
  /** Extensions objdump currently decodes (ISA attribute / last `$xrv` symbol); null: all. */
  exts: ReadonlySet<string> | null = null;
  /** Privileged spec for CSR names. */
  priv: PrivSpec = '1.12';
  /** objdump's hi_addr[]: upper address last loaded into each register, or null. */
  private readonly hi: (number | null)[] = new Array<number | null>(32).fill(null);
  private printAddr: number | null = null;
  private readonly f: Fields = { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };

  /**
   * @param formatAddr prints branch targets and address comments
   * @param gp value of `__global_pointer$` if the image defines it (gp-relative comments)
   * @param comments false: stateless, no ` # addr` comments (they depend on earlier instructions)
   */
  constructor(
    private readonly formatAddr: AddrFormatter,
    private readonly gp: number | null = null,
    private readonly comments = true,
  ) {}

  /** objdump's maybe_print_address: pick the address a base register + offset refers to. */
  private maybeAddr(base: number, offset: number, wide: boolean): void {
    const hi = this.hi[base];
    let a: number;
    if (hi !== null) {
      a = (base !== 0 ? hi : 0) + offset;
      this.hi[base] = null;
    } else if (base === 3 && this.gp !== null) a = this.gp + offset;
    else if (base === 4 || base === 0) a = offset;
    else return;
    this.printAddr = wide ? Number(BigInt.asIntN(32, BigInt(a))) : a;
  }

  /** Text of the instruction whose low bits are `bits` (16 or 32 of them) at `pc`. */
  print(bits: number, pc: number): PrintedInsn {
    const f = decodeFields(bits, this.f);
    const raw = f.len === 4 ? bits >>> 0 : bits & 0xffff;
    const extra = OBJDUMP_EXTRA.find((e) => e.len === f.len && (raw & e.mask) === e.match);
    if (extra !== undefined && (f.len === 4 || this.exts === null || this.exts.has('c'))) {
      return { text: extra.text(raw), len: f.len };
    }
    const row = extra === undefined && f.row !== undefined && rowSupported(f.row, this.exts) ? f.row : undefined;
    const zero = row === undefined ? 0 : OBJDUMP_ZERO_BITS[row.name] ?? 0;
    const args = row === undefined || (raw & zero) !== 0 ? null : this.operands(f, pc);
    if (args === null) {
      return { text: `.${f.len}byte\t0x${hex(raw)}`, len: f.len };
    }
    let text = this.mnemonic(f) + (args === '' ? '' : `\t${args}`);
    if (this.printAddr !== null) {
      if (this.comments) text += ` # ${this.formatAddr(U64(this.printAddr))}`;
      this.printAddr = null;
    }
    return { text, len: f.len };
  }

  private mnemonic(f: Fields): string {
    const row = f.row!;
    switch (row.fmt) {
      case Fmt.AMO: case Fmt.LR: return row.name + ['', '.rl', '.aq', '.aqrl'][f.imm]!;
      case Fmt.C_NOP: return 'c.addi';
      // objdump names the zero-shift hints after their RV128 meaning.
      case Fmt.C_SLLI: case Fmt.C_SRLI: case Fmt.C_SRAI: return f.imm === 0 ? `${row.name}64` : row.name;
      default: return row.name;
    }
  }

  private target(pc: number, off: number): string {
    return this.formatAddr(U64(pc + off));
  }

  /** Operand text, or null when objdump would not recognise the encoding. */
  private operands(f: Fields, pc: number): string | null {
    const R = ABI_NAMES, F = FP_ABI_NAMES;
    const { rd, rs1, rs2, imm } = f;
    switch (f.row!.fmt) {
      case Fmt.R: return `${R[rd]},${R[rs1]},${R[rs2]}`;
      case Fmt.I:
        if (f.op === Op.ADDI && rs1 !== 0) this.maybeAddr(rs1, imm, false);
        if (f.op === Op.ADDIW && rs1 !== 0) this.maybeAddr(rs1, imm, true);
        return `${R[rd]},${R[rs1]},${imm}`;
      case Fmt.ISH: return `${R[rd]},${R[rs1]},0x${hex(imm)}`;
      case Fmt.LOAD: this.maybeAddr(rs1, imm, false); return `${R[rd]},${imm}(${R[rs1]})`;
      case Fmt.S: this.maybeAddr(rs1, imm, false); return `${R[rs2]},${imm}(${R[rs1]})`;
      case Fmt.B: return `${R[rs1]},${R[rs2]},${this.target(pc, imm)}`;
      case Fmt.U:
        this.hi[rd] = (f.op === Op.AUIPC ? pc : 0) + imm;
        return `${R[rd]},0x${hex(imm >>> 12)}`;
      case Fmt.J: return `${R[rd]},${this.target(pc, imm)}`;
      case Fmt.JALR:
        // objdump's "d,o(s)": the offset and the base each consult the pairing state again.
        this.maybeAddr(rs1, imm, false);
        this.maybeAddr(rs1, imm, false);
        this.maybeAddr(rs1, imm, false);
        return `${R[rd]},${imm}(${R[rs1]})`;
      case Fmt.CSR: return `${R[rd]},${csrName(imm, this.priv)},${R[rs1]}`;
      case Fmt.CSRI: return `${R[rd]},${csrName(imm, this.priv)},${rs1}`;
      case Fmt.AMO: return `${R[rd]},${R[rs2]},(${R[rs1]})`;
      case Fmt.LR: return `${R[rd]},(${R[rs1]})`;
      case Fmt.FENCE: return `${FENCE_SETS[(imm >>> 4) & 15]},${FENCE_SETS[imm & 15]}`;
      case Fmt.NONE: case Fmt.C_EBREAK: return '';
      case Fmt.SFENCE: return `${R[rs1]},${R[rs2]}`;
      case Fmt.C_ADDI4SPN: return `${R[rd]},sp,${imm}`;
      case Fmt.C_LW: case Fmt.C_LD: return `${R[rd]},${imm}(${R[rs1]})`;
      case Fmt.C_SW: case Fmt.C_SD: return `${R[rs2]},${imm}(${R[rs1]})`;
      case Fmt.C_NOP: case Fmt.C_ADDI:
        if (rd !== 0) this.maybeAddr(rd, imm, false);
        return `${R[rd]},${imm}`;
      case Fmt.C_ADDIW:
        if (rd !== 0) this.maybeAddr(rd, imm, true);
        return `${R[rd]},${imm}`;
      case Fmt.C_LI: return `${R[rd]},${imm}`;
      case Fmt.C_ADDI16SP: return `sp,${imm}`;
      case Fmt.C_LUI:
        this.hi[rd] = imm;
        return `${R[rd]},0x${hex((imm >> 12) & 0xfffff)}`;
      case Fmt.C_SRLI: case Fmt.C_SRAI: case Fmt.C_SLLI:
        return imm === 0 ? `${R[rd]}` : `${R[rd]},0x${hex(imm)}`;
      case Fmt.C_ANDI: return `${R[rd]},${imm}`;
      case Fmt.C_CA: return `${R[rd]},${R[rs2]}`;
      case Fmt.C_J: return this.target(pc, imm);
      case Fmt.C_BRANCH: return `${R[rs1]},${this.target(pc, imm)}`;
      case Fmt.C_LWSP: case Fmt.C_LDSP: return `${R[rd]},${imm}(sp)`;
      case Fmt.C_JR: case Fmt.C_JALR: return `${R[rs1]}`;
      case Fmt.C_MV: case Fmt.C_ADD: return `${R[rd]},${R[rs2]}`;
      case Fmt.C_SWSP: case Fmt.C_SDSP: return `${R[rs2]},${imm}(sp)`;
      case Fmt.F_LOAD: this.maybeAddr(rs1, imm, false); return `${F[rd]},${imm}(${R[rs1]})`;
      case Fmt.F_STORE: this.maybeAddr(rs1, imm, false); return `${F[rs2]},${imm}(${R[rs1]})`;
      case Fmt.C_FLD: return `${F[rd]},${imm}(${R[rs1]})`;
      case Fmt.C_FSD: return `${F[rs2]},${imm}(${R[rs1]})`;
      case Fmt.C_FLDSP: return `${F[rd]},${imm}(sp)`;
      case Fmt.C_FSDSP: return `${F[rs2]},${imm}(sp)`;
    }
    const rm = RM_SUFFIX[(imm >>> 8) & 7];
    switch (f.row!.fmt) {
      case Fmt.F_RRR_RM: return `${F[rd]},${F[rs1]},${F[rs2]}${rm}`;
      case Fmt.F_RRR: return `${F[rd]},${F[rs1]},${F[rs2]}`;
      case Fmt.F_CMP: return `${R[rd]},${F[rs1]},${F[rs2]}`;
      case Fmt.F_R4: return `${F[rd]},${F[rs1]},${F[rs2]},${F[(imm >>> 11) & 31]}${rm}`;
      case Fmt.F_RR_RM: return `${F[rd]},${F[rs1]}${rm}`;
      case Fmt.F_RR: return `${F[rd]},${F[rs1]}`;
      case Fmt.F_XF_RM: return `${R[rd]},${F[rs1]}${rm}`;
      case Fmt.F_XF: return `${R[rd]},${F[rs1]}`;
      case Fmt.F_FX_RM: return `${F[rd]},${R[rs1]}${rm}`;
      case Fmt.F_FX: return `${F[rd]},${R[rs1]}`;
    }
    return null;
  }
}
