/**
 * The single definition of each instruction (emulator/cpu/semantics.ts, in the expression form
 * of sem-expr.ts) and its two renderings: every executor op has a row, only privileged/system/
 * atomic ops are left to the interpreter, and every integer row — rendered to JavaScript in the
 * interpreter's operand form (register array, rd aliasing a source) and the translator's
 * (constants, locals, x0 as a literal 0), and to WebAssembly — computes what the expression
 * means, on corner-case operands. The meaning is evaluated here directly (BigInt, test only)
 * and pinned to the spec by a table of known results.
 */
import { describe, it, expect } from 'vitest';
import { Op } from '../../emulator/cpu/isa.js';
import { SEM, Kind, ADDR, type Sem } from '../../emulator/cpu/semantics.js';
import * as E from '../../emulator/cpu/sem-expr.js';
import type { Cond, Expr } from '../../emulator/cpu/sem-expr.js';
import { jsCond, jsDouble, jsValue, type Operands } from '../../emulator/cpu/sem-js.js';
import { wasmCond, wasmValue } from '../../emulator/cpu/sem-wasm.js';
import { Bytes, T, W, wasmModule } from '../../emulator/cpu/wasm-encode.js';
import { OPERANDS } from '../../emulator/cpu/interp.js';
import * as A from '../../emulator/cpu/arith64.js';

const SYSTEM_OPS = new Set<Op>([
  Op.ILLEGAL, Op.FENCE_I, Op.ECALL, Op.EBREAK, Op.MRET, Op.SRET, Op.WFI, Op.SFENCE_VMA,
  Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI,
]);
for (let op = Op.LR_W; op <= Op.AMOMAXU_D; op++) SYSTEM_OPS.add(op);

// ---------------------------------------------------------------- the meaning (reference)
const M64 = 1n << 64n, MIN = -(1n << 63n);
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
interface Env { rs1: bigint; rs2: bigint; imm: number; pc: number; npc: number }

function ev(e: Expr, v: Env): bigint {
  switch (e.k) {
    case 'rs1': return v.rs1;
    case 'rs2': return v.rs2;
    case 'imm': return BigInt(v.imm);
    case 'pc': return BigInt(v.pc);
    case 'npc': return BigInt(v.npc);
    case 'const': return BigInt(e.v);
    case 'sext32': return BigInt.asIntN(32, ev(e.a, v));
    case 'zext32': return BigInt.asUintN(32, ev(e.a, v));
    case 'bool': return evc(e.c, v) ? 1n : 0n;
    default: break;
  }
  const a = ev(e.a, v), b = ev(e.b, v);
  switch (e.k) {
    case 'add': return s64(a + b);
    case 'sub': return s64(a - b);
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return s64(a << (b & 63n));
    case 'shrU': return s64(u64(a) >> (b & 63n));
    case 'shrS': return a >> (b & 63n);
    case 'mul': return s64(a * b);
    case 'mulhS': return s64((a * b) >> 64n);
    case 'mulhSU': return s64((a * u64(b)) >> 64n);
    case 'mulhU': return s64((u64(a) * u64(b)) >> 64n);
    case 'divS': return b === 0n ? -1n : a === MIN && b === -1n ? MIN : a / b;
    case 'divU': return b === 0n ? -1n : s64(u64(a) / u64(b));
    case 'remS': return b === 0n ? a : a === MIN && b === -1n ? 0n : a % b;
    case 'remU': return b === 0n ? a : s64(u64(a) % u64(b));
  }
}
function evc(c: Cond, v: Env): boolean {
  const a = ev(c.a, v), b = ev(c.b, v);
  switch (c.k) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'ltS': return a < b;
    case 'geS': return a >= b;
    case 'ltU': return u64(a) < u64(b);
    case 'geU': return u64(a) >= u64(b);
  }
}

// ---------------------------------------------------------------- corner operands
const REGS: bigint[] = [
  0n, 1n, -1n, 2n, -2n, 31n, 32n, 63n, 64n, 0x7fffffffn, 0x80000000n, -0x80000000n, 0xffffffffn, 0x100000000n,
  (1n << 63n) - 1n, MIN, MIN + 1n, 0x123456789abcdefn, -0x0fedcba987654321n, s64(0x8000000080000001n),
];
const pcOf = (): number[] => [0x80000000, 0x3ffffffff000];

/** Immediates worth trying for an expression: shift amounts within their range, else sign boundaries. */
function immsOf(root: Expr | Cond | null): number[] {
  let max = Infinity;
  const walk = (e: Expr | Cond | null): void => {
    if (e === null) return;
    if (e.k === 'imm' && 'max' in e && e.max !== undefined) max = Math.min(max, e.max);
    if ('a' in e) walk(e.a);
    if ('b' in e) walk(e.b);
    if ('c' in e) walk(e.c);
  };
  walk(root);
  if (max < Infinity) return [0, 1, 31, 32, 63].filter((v) => v <= max);
  return [0, 1, -1, 2047, -2048, 0x7ffff000, -0x80000000];
}

const lo32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const hi32 = (v: bigint): number => Number(BigInt.asIntN(32, v >> 32n));
const pairToBig = (lo: number, hi: number): bigint => (BigInt(hi) << 32n) | BigInt(lo >>> 0);

// ---------------------------------------------------------------- the renderings as functions
type Item = { kind: 'value'; e: Expr | null } | { kind: 'cond'; c: Cond } | { kind: 'target'; e: Expr };
/** A row's expressions: an ALU result; a branch condition and target; a jump target and link value. */
const itemsOf = (s: Sem): Item[] =>
  s.kind === Kind.ALU ? [{ kind: 'value', e: s.value }]
    : s.kind === Kind.BRANCH ? [{ kind: 'cond', c: s.cond }, { kind: 'target', e: s.target }]
      : s.kind === Kind.JUMP ? [{ kind: 'target', e: s.target }, { kind: 'value', e: s.link }] : [];

/** The interpreter's form: the register array x, doubled indices r1, r2, rd (which may alias). */
function interpFn(it: Item): (x: Int32Array, r1: number, r2: number, rd: number, imm: number, pc: number) => unknown {
  const body = it.kind === 'value' ? jsValue(it.e, OPERANDS) : it.kind === 'cond' ? `return ${jsCond(it.c, OPERANDS)};` : `return ${jsDouble(it.e, OPERANDS)};`;
  const f = new Function('A', 'x', 'r1', 'r2', 'rd', 'imm', 'pc', 'npc', `"use strict";${body}`);
  return (x, r1, r2, rd, imm, pc) => f(A, x, r1, r2, rd, imm, pc, pc + 4);
}

/** The translator's form: imm and pc baked in, registers in locals (x0: the literal 0). */
function jitFn(it: Item, imm: number, pc: number, zero1: boolean, zero2: boolean): (a: number, b: number, c: number, d: number) => unknown {
  const o: Operands = {
    s1lo: zero1 ? '0' : 'v2', s1hi: zero1 ? '0' : 'v3', s2lo: zero2 ? '0' : 'v4', s2hi: zero2 ? '0' : 'v5',
    imm: String(imm), immHi: String(imm >> 31), pc: String(pc), npc: String(pc + 4),
    set: (lo, hi) => `{const l=${lo},h=${hi};v2=l|0;v3=h|0;}`,
  };
  const body = it.kind === 'value' ? `${jsValue(it.e, o)}return [v2,v3];` : it.kind === 'cond' ? `return ${jsCond(it.c, o)};` : `return ${jsDouble(it.e, o)};`;
  const f = new Function('A', 'v2', 'v3', 'v4', 'v5', `"use strict";${body}`);
  return (a, b, c, d) => f(A, a, b, c, d);
}

const memory = new WebAssembly.Memory({ initial: 1 });
/** The wasm form: (rs1, rs2) as i64 params, imm and pc constants. */
function wasmFn(it: Item, imm: number, pc: number): (a: bigint, b: bigint) => bigint | number {
  const c = new Bytes();
  const wo = { c, s1: () => c.get(0), s2: () => c.get(1), imm, pc, npc: pc + 4, tmp: (k: number) => 2 + k, tmps: 4 };
  if (it.kind === 'cond') wasmCond(it.c, wo);
  else if (it.e !== null) wasmValue(it.e, wo);
  const bytes = wasmModule([T.i64, T.i64], [it.kind === 'cond' ? T.i32 : T.i64], [[4, T.i64]], c.bytes(), 1);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: memory } });
  return inst.exports.f as (a: bigint, b: bigint) => bigint | number;
}

/** Check one item on every corner operand pair in all three renderings; returns mismatches. */
function check(name: string, it: Item): string[] {
  const bad: string[] = [];
  if (it.kind === 'value' && it.e === null) return jsValue(null, OPERANDS) === '' ? [] : [`${name}: renders code for no effect`];
  const viaDouble = it.kind === 'target' || (it.kind === 'value' && E.readsPc(it.e!));
  const x = new Int32Array(64);
  const interp = interpFn(it);
  // [rd, rs1, rs2] (doubled): rd distinct, rd = rs1, rd = rs2
  const slots: [number, number, number][] = [[8, 10, 12], [10, 10, 12], [12, 10, 12]];
  for (const imm of immsOf(it.kind === 'cond' ? it.c : it.e)) {
    for (const pc of pcOf()) {
      const env0 = { imm, pc, npc: pc + 4 };
      const wasm = wasmFn(it, imm, pc);
      const jits = new Map<string, ReturnType<typeof jitFn>>();
      for (const a of REGS) {
        for (const b of REGS) {
          const env: Env = { ...env0, rs1: a, rs2: b };
          const want = it.kind === 'cond' ? evc(it.c, env) : ev(it.e!, env);
          // A jump target or pc-relative value is computed as a double: exact within ±2^52.
          const exactDouble = !viaDouble || (typeof want === 'bigint' && want < (1n << 52n) && want > -(1n << 52n));
          const tag = `${name} rs1=${a} rs2=${b} imm=${imm} pc=${pc.toString(16)}`;
          const got = (v: unknown, form: string): void => {
            let g: bigint | boolean;
            if (typeof v === 'boolean') g = v;
            else if (typeof v === 'number') g = it.kind === 'cond' ? v !== 0 : BigInt(v);
            else if (Array.isArray(v)) g = pairToBig(v[0] as number, v[1] as number);
            else g = v as bigint;
            if (g !== want) bad.push(`${tag} ${form}: got ${g} want ${want}`);
          };
          // wasm: always exact
          got(wasm(a, b), 'wasm');
          if (!exactDouble) continue;
          for (const [rd, r1, r2] of slots) {
            x.fill(0x5a5a5a5a);
            x[r1] = lo32(a); x[r1 + 1] = hi32(a); x[r2] = lo32(b); x[r2 + 1] = hi32(b);
            const r = interp(x, r1, r2, rd, imm, pc);
            got(it.kind === 'value' ? [x[rd], x[rd + 1]] : r, `interp rd=${rd} r1=${r1} r2=${r2}`);
          }
          const key = `${a === 0n}${b === 0n}`;
          let j = jits.get(key);
          if (j === undefined) { j = jitFn(it, imm, pc, a === 0n, b === 0n); jits.set(key, j); }
          got(j(lo32(a), hi32(a), lo32(b), hi32(b)), 'jit');
        }
      }
    }
  }
  return bad;
}

describe('instruction semantics', () => {
  it('defines every op; only privileged, system and atomic ops have no expression', () => {
    expect(SEM.length).toBe(Op.COUNT);
    for (let op = 0; op < Op.COUNT; op++) {
      expect(SEM[op].kind === Kind.SYSTEM, `op ${op}`).toBe(SYSTEM_OPS.has(op));
    }
  });

  it('every integer row computes its meaning in the interpreter, translator and wasm renderings', () => {
    const bad: string[] = [];
    let rows = 0;
    for (let op = 0; op < Op.COUNT; op++) {
      const items = itemsOf(SEM[op]);
      if (items.length > 0) rows++;
      for (const it of items) bad.push(...check(`op ${op} ${it.kind}`, it));
    }
    expect(rows).toBeGreaterThan(50);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('renders composite trees (operands computed into temporaries) exactly too', () => {
    const { add, sub, mul, shl, shrS, xor, sext32, zext32, divS, remU, mulhU, ltU, rs1, rs2, imm, num } = E;
    const trees: Expr[] = [
      add(sub(rs1, rs2), mul(rs1, imm)), shl(rs1, add(rs2, imm)), shrS(xor(rs1, rs2), rs2), sext32(mulhU(rs1, rs2)),
      divS(add(rs1, rs2), rs2), remU(rs1, sub(rs2, num(1))), zext32(add(rs1, num(-5))), E.bool(ltU(rs1, rs2)),
    ];
    const bad = trees.flatMap((e, i) => check(`tree ${i}`, { kind: 'value', e }));
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('the meaning follows the spec on its corner cases', () => {
    const row = (op: Op, a: bigint, b: bigint, imm = 0): bigint => {
      const s = SEM[op];
      if (s.kind !== Kind.ALU || s.value === null) throw new Error('not an ALU row');
      return ev(s.value, { rs1: a, rs2: b, imm, pc: 0x80000000, npc: 0x80000004 });
    };
    const cases: [Op, bigint, bigint, bigint, number?][] = [
      [Op.DIV, MIN, -1n, MIN], [Op.DIV, 7n, 0n, -1n], [Op.DIV, -7n, 2n, -3n], [Op.REM, MIN, -1n, 0n], [Op.REM, -7n, 0n, -7n],
      [Op.REM, -7n, 2n, -1n], [Op.DIVU, 7n, 0n, -1n], [Op.REMU, -1n, 0n, -1n], [Op.DIVU, -1n, 2n, (1n << 63n) - 1n],
      [Op.DIVW, -0x80000000n, -1n, -0x80000000n], [Op.DIVW, 5n, 0n, -1n], [Op.REMW, -0x80000000n, -1n, 0n], [Op.REMW, 0x1_0000_0007n, 0n, 7n],
      [Op.DIVUW, 0xffffffffn, 1n, -1n], [Op.DIVUW, 5n, 0n, -1n], [Op.REMUW, 0x1_8000_0001n, 0n, -0x7fffffffn],
      [Op.MULH, -1n, -1n, 0n], [Op.MULHU, -1n, -1n, -2n], [Op.MULHSU, -1n, -1n, -1n], [Op.MULHSU, -1n, 1n, -1n], [Op.MUL, MIN, -1n, MIN],
      [Op.MULW, 0x10000n, 0x10000n, 0n], [Op.MULW, 0x7fffffffn, 2n, -2n],
      [Op.SLL, 1n, 64n, 1n], [Op.SLL, 1n, 63n, MIN], [Op.SRL, -1n, 63n, 1n], [Op.SRA, MIN, 63n, -1n], [Op.SRL, -1n, 0n, -1n],
      [Op.SLLW, 1n, 31n, -0x80000000n], [Op.SLLW, 1n, 32n, 1n], [Op.SRLW, -0x80000000n, 0n, -0x80000000n], [Op.SRLW, -1n, 1n, 0x7fffffffn],
      [Op.SRAW, 0x80000000n, 31n, -1n], [Op.SRLIW, 0xffffffff_00000000n, 0n, 0n, 4], [Op.SRAIW, 0x1_80000000n, 0n, -1n, 31],
      [Op.SLLIW, 3n, 0n, -0x80000000n, 31], [Op.SLLI, 1n, 0n, MIN, 63], [Op.ADDW, 0x7fffffffn, 1n, -0x80000000n], [Op.SUBW, -0x80000000n, 1n, 0x7fffffffn],
      [Op.ADD, (1n << 63n) - 1n, 1n, MIN], [Op.SUB, MIN, 1n, (1n << 63n) - 1n], [Op.SLTU, 0n, -1n, 1n], [Op.SLT, 0n, -1n, 0n],
      [Op.SLTIU, 5n, 0n, 1n, -1], [Op.SLTI, -1n, 0n, 1n, 0], [Op.ADDIW, 0x7fffffffn, 0n, -0x80000000n, 1], [Op.LUI, 0n, 0n, -0x80000000n, -0x80000000],
    ];
    for (const [op, a, b, want, imm] of cases) expect(row(op, a, b, imm), `op ${op}(${a}, ${b}, imm ${imm ?? 0})`).toBe(want);
    // jalr clears bit 0 of rs1 + imm; the address of a load or store is rs1 + imm
    const jalr = SEM[Op.JALR];
    expect(jalr.kind === Kind.JUMP && ev(jalr.target, { rs1: 0x80001001n, rs2: 0n, imm: 2, pc: 0, npc: 4 })).toBe(0x80001002n);
    expect(jalr.kind === Kind.JUMP && ev(jalr.link, { rs1: 0n, rs2: 0n, imm: 2, pc: 0x80000000, npc: 0x80000002 })).toBe(0x80000002n);
    const beq = SEM[Op.BEQ];
    expect(beq.kind === Kind.BRANCH && ev(beq.target, { rs1: 0n, rs2: 0n, imm: -4, pc: 0x80000000, npc: 0x80000004 })).toBe(0x7ffffffcn);
    expect(ev(ADDR, { rs1: 0x80001000n, rs2: 0n, imm: -8, pc: 0, npc: 4 })).toBe(0x80000ff8n);
  });
});
