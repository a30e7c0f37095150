/**
 * One definition of each instruction: what every executor op does. Integer results, branch
 * conditions and jump targets are written once, as expressions in the form of sem-expr.ts
 * (`add(rs1, imm)`, `sext32(divS(sext32(rs1), sext32(rs2)))`, `ltU(rs1, rs2)`, ...), and every
 * tier is rendered from them:
 *
 * - the interpreter (interp.ts) compiles one big `switch` once at start-up from the JavaScript
 *   rendering (sem-js.ts), operands being the decoded fields (`x[r1]`, `imm`, `pc`, ...);
 * - the block translator (jit.ts) splices the same rendering into a block's function with the
 *   operands baked in as constants and guest registers held in JS locals;
 * - the WebAssembly tier (wasm-region.ts) uses the i64 rendering (sem-wasm.ts).
 *
 * tests/cpu/semantics.test.ts evaluates every row in both renderings against the expression's
 * meaning on corner-case operands; the differential tests (random instruction streams, the ISA
 * suite, qemu) hold the tiers to each other.
 *
 * Memory rows give only what is architectural (size, extension, register file; the address is
 * `ADDR`); each tier wraps them in its own access path (TLB fast path, then the interpreter's
 * slow path or the translator's bail-out to the interpreter). FP operations run through fpu.ts
 * (the interpreter and translated blocks; the wasm tier leaves blocks with them to the JS
 * blocks). Privileged and system rows (CSRs, xRET, traps, AMOs, fences) have no
 * expression: they are interpreter-only and end translated blocks.
 */
import { Op, FpOp } from './isa.js';
import {
  type Cond, type Expr, rs1, rs2, imm, shamt, pc, npc, num, add, sub, and, or, xor, shl, shrU, shrS, mul, mulhS, mulhSU, mulhU,
  divS, divU, remS, remU, sext32, zext32, bool, eq, ne, ltS, geS, ltU, geU,
} from './sem-expr.js';
import { jsDouble, type Operands } from './sem-js.js';

/** How a row is executed; see `Sem`. */
export const enum Kind { ALU, BRANCH, JUMP, LOAD, STORE, FLOAD, FSTORE, FP, SYSTEM }

export type Sem =
  /** rd := `value` (null: no architectural effect). */
  | { readonly kind: Kind.ALU; readonly value: Expr | null }
  /** Conditional branch to `target` (a constant of pc and imm) when `cond` holds, else on to npc. */
  | { readonly kind: Kind.BRANCH; readonly cond: Cond; readonly target: Expr }
  /** Unconditional jump to `target` (bit 0 clear), rd := `link`. */
  | { readonly kind: Kind.JUMP; readonly target: Expr; readonly link: Expr }
  /** Integer load of `size` bytes at ADDR (rs1 + imm), sign- or zero-extended. */
  | { readonly kind: Kind.LOAD; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean }
  /** Integer store of the low `size` bytes of rs2 at ADDR. */
  | { readonly kind: Kind.STORE; readonly size: 1 | 2 | 4 | 8 }
  /** FP load / store (f registers; singles NaN-boxed), illegal while mstatus.FS is Off. */
  | { readonly kind: Kind.FLOAD; readonly size: 4 | 8 }
  | { readonly kind: Kind.FSTORE; readonly size: 4 | 8 }
  /** Every other F/D operation: fpu.ts `fpExec` (see `fpIntRegs` for the x registers it touches). */
  | { readonly kind: Kind.FP }
  /** Needs privileged state or the bus beyond RAM: interpreter only, ends a translated block. */
  | { readonly kind: Kind.SYSTEM };

/** The address of a load or store. */
export const ADDR: Expr = add(rs1, imm);

const alu = (value: Expr | null): Sem => ({ kind: Kind.ALU, value });
const branch = (cond: Cond): Sem => ({ kind: Kind.BRANCH, cond, target: add(pc, imm) });
const jump = (target: Expr): Sem => ({ kind: Kind.JUMP, target, link: npc });
const SYSTEM: Sem = { kind: Kind.SYSTEM };

/** The semantics of every executor op, indexed by Op. */
export const SEM: readonly Sem[] = (() => {
  const t: Sem[] = new Array<Sem>(Op.COUNT).fill(SYSTEM);
  const def = (op: Op, s: Sem): void => { t[op] = s; };
  const sh5 = shamt(5), sh6 = shamt(6);
  def(Op.LUI, alu(imm));
  def(Op.AUIPC, alu(add(pc, imm)));
  def(Op.JAL, jump(add(pc, imm)));
  def(Op.JALR, jump(and(add(rs1, imm), num(-2))));
  def(Op.BEQ, branch(eq(rs1, rs2)));
  def(Op.BNE, branch(ne(rs1, rs2)));
  def(Op.BLT, branch(ltS(rs1, rs2)));
  def(Op.BGE, branch(geS(rs1, rs2)));
  def(Op.BLTU, branch(ltU(rs1, rs2)));
  def(Op.BGEU, branch(geU(rs1, rs2)));
  def(Op.LB, { kind: Kind.LOAD, size: 1, signed: true });
  def(Op.LH, { kind: Kind.LOAD, size: 2, signed: true });
  def(Op.LW, { kind: Kind.LOAD, size: 4, signed: true });
  def(Op.LD, { kind: Kind.LOAD, size: 8, signed: true });
  def(Op.LBU, { kind: Kind.LOAD, size: 1, signed: false });
  def(Op.LHU, { kind: Kind.LOAD, size: 2, signed: false });
  def(Op.LWU, { kind: Kind.LOAD, size: 4, signed: false });
  def(Op.SB, { kind: Kind.STORE, size: 1 });
  def(Op.SH, { kind: Kind.STORE, size: 2 });
  def(Op.SW, { kind: Kind.STORE, size: 4 });
  def(Op.SD, { kind: Kind.STORE, size: 8 });
  def(Op.ADDI, alu(add(rs1, imm)));
  def(Op.SLTI, alu(bool(ltS(rs1, imm))));
  def(Op.SLTIU, alu(bool(ltU(rs1, imm))));
  def(Op.XORI, alu(xor(rs1, imm)));
  def(Op.ORI, alu(or(rs1, imm)));
  def(Op.ANDI, alu(and(rs1, imm)));
  def(Op.SLLI, alu(shl(rs1, sh6)));
  def(Op.SRLI, alu(shrU(rs1, sh6)));
  def(Op.SRAI, alu(shrS(rs1, sh6)));
  def(Op.ADD, alu(add(rs1, rs2)));
  def(Op.SUB, alu(sub(rs1, rs2)));
  def(Op.SLL, alu(shl(rs1, rs2))); // shifts take the amount mod 64: rs2[5:0]
  def(Op.SRL, alu(shrU(rs1, rs2)));
  def(Op.SRA, alu(shrS(rs1, rs2)));
  def(Op.SLT, alu(bool(ltS(rs1, rs2))));
  def(Op.SLTU, alu(bool(ltU(rs1, rs2))));
  def(Op.XOR, alu(xor(rs1, rs2)));
  def(Op.OR, alu(or(rs1, rs2)));
  def(Op.AND, alu(and(rs1, rs2)));
  // W forms: a 32-bit result sign-extended; right shifts of the low word extended first.
  def(Op.ADDIW, alu(sext32(add(rs1, imm))));
  def(Op.SLLIW, alu(sext32(shl(rs1, sh5))));
  def(Op.SRLIW, alu(sext32(shrU(zext32(rs1), sh5))));
  def(Op.SRAIW, alu(sext32(shrS(sext32(rs1), sh5))));
  def(Op.ADDW, alu(sext32(add(rs1, rs2))));
  def(Op.SUBW, alu(sext32(sub(rs1, rs2))));
  def(Op.SLLW, alu(sext32(shl(rs1, and(rs2, num(31))))));
  def(Op.SRLW, alu(sext32(shrU(zext32(rs1), and(rs2, num(31))))));
  def(Op.SRAW, alu(sext32(shrS(sext32(rs1), and(rs2, num(31))))));
  def(Op.MUL, alu(mul(rs1, rs2)));
  def(Op.MULH, alu(mulhS(rs1, rs2)));
  def(Op.MULHSU, alu(mulhSU(rs1, rs2)));
  def(Op.MULHU, alu(mulhU(rs1, rs2)));
  def(Op.DIV, alu(divS(rs1, rs2)));
  def(Op.DIVU, alu(divU(rs1, rs2)));
  def(Op.REM, alu(remS(rs1, rs2)));
  def(Op.REMU, alu(remU(rs1, rs2)));
  def(Op.MULW, alu(sext32(mul(rs1, rs2))));
  def(Op.DIVW, alu(sext32(divS(sext32(rs1), sext32(rs2)))));
  def(Op.DIVUW, alu(sext32(divU(zext32(rs1), zext32(rs2)))));
  def(Op.REMW, alu(sext32(remS(sext32(rs1), sext32(rs2)))));
  def(Op.REMUW, alu(sext32(remU(zext32(rs1), zext32(rs2)))));
  def(Op.FENCE, alu(null)); // one hart, no caches: ordering is already total
  def(Op.FLW, { kind: Kind.FLOAD, size: 4 }); def(Op.FLD, { kind: Kind.FLOAD, size: 8 });
  def(Op.FSW, { kind: Kind.FSTORE, size: 4 }); def(Op.FSD, { kind: Kind.FSTORE, size: 8 });
  def(Op.FP, { kind: Kind.FP });
  return t;
})();

// ---------------------------------------------------------------- memory pieces
/** Statements reading the raw `size` bytes at RAM byte offset `o` into lets `lo`, `hi`. */
export function rawRead(size: number, o: string): string {
  switch (size) {
    case 1: return `lo=r8[${o}];hi=0;`;
    case 2: return `lo=r16[${o}>>1];hi=0;`;
    case 4: return `lo=r32[${o}>>2];hi=0;`;
    default: return `lo=r32[${o}>>2];hi=r32[(${o}>>2)+1];`;
  }
}

/** Statements extending the raw load in `lo` (low `size` bytes valid) to the register value in lo, hi. */
export function extend(size: number, signed: boolean): string {
  if (size === 8) return '';
  if (!signed) return ''; // rawRead and the slow path give the zero-extended bytes
  return size === 4 ? 'hi=lo>>31;' : size === 2 ? 'lo=(lo<<16)>>16;hi=lo>>31;' : 'lo=(lo<<24)>>24;hi=lo>>31;';
}

/** Statements writing the low `size` bytes of (lo, hi) at RAM byte offset `o`. */
export function rawWrite(size: number, o: string, lo: string, hi: string): string {
  switch (size) {
    case 1: return `r8[${o}]=${lo};`;
    case 2: return `r16[${o}>>1]=${lo};`;
    case 4: return `r32[${o}>>2]=${lo};`;
    default: return `r32[${o}>>2]=${lo};r32[(${o}>>2)+1]=${hi};`;
  }
}

/** JS for the virtual address ADDR as an exact double (exact for every valid address). */
export const effAddr = (o: Operands): string => jsDouble(ADDR, o);

/**
 * Integer registers an Op.FP operation reads (rs1: conversions and moves from x) or writes
 * (rd: conversions, moves, compares and fclass to x), by FpOp; the translator keeps those
 * registers in locals and hands them over around the `fpExec` call.
 */
export function fpIntRegs(fop: number): { readsX1: boolean; writesXd: boolean } {
  const s = fop >= FpOp.D_BASE && fop < FpOp.FCVT_S_D ? fop - FpOp.D_BASE : fop;
  const readsX1 = s >= FpOp.FCVT_S_W && s <= FpOp.FMV_W_X && fop < FpOp.FCVT_S_D;
  const writesXd = s >= FpOp.FCVT_W_S && s <= FpOp.FCLASS_S && fop < FpOp.FCVT_S_D;
  return { readsX1, writesXd };
}
