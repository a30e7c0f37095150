/**
 * The single definition of each instruction (emulator/cpu/semantics.ts): every executor op has
 * one, only privileged/system/atomic ops are left to the interpreter, and every template gives
 * valid code for the operand forms of both tiers (interpreter variables, translator constants
 * and locals, x0 as a literal 0).
 */
import { describe, it, expect } from 'vitest';
import { Op } from '../../emulator/cpu/isa.js';
import { SEM, Kind, type Operands } from '../../emulator/cpu/semantics.js';

const SYSTEM_OPS = new Set<Op>([
  Op.ILLEGAL, Op.FENCE_I, Op.ECALL, Op.EBREAK, Op.MRET, Op.SRET, Op.WFI, Op.SFENCE_VMA,
  Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI,
]);
for (let op = Op.LR_W; op <= Op.AMOMAXU_D; op++) SYSTEM_OPS.add(op);

function operands(form: 'interp' | 'const'): Operands {
  const c = form === 'const';
  return {
    s1lo: c ? 'v10' : 'x[r1]', s1hi: c ? 'v11' : 'x[r1+1]', s2lo: c ? '0' : 'x[r2]', s2hi: c ? '0' : 'x[r2+1]',
    imm: c ? '-2048' : 'imm', immHi: c ? '-1' : '(imm>>31)', pc: c ? '2147483648' : 'pc', npc: c ? '2147483652' : 'npc',
    set: (lo, hi) => `{const l=${lo},h=${hi};x[rd]=l;x[rd+1]=h;}`,
  };
}

describe('instruction semantics', () => {
  it('defines every op; only privileged, system and atomic ops have no template', () => {
    expect(SEM.length).toBe(Op.COUNT);
    for (let op = 0; op < Op.COUNT; op++) {
      expect(SEM[op].kind === Kind.SYSTEM, `op ${op}`).toBe(SYSTEM_OPS.has(op));
    }
  });

  it('every template is valid JavaScript for both tiers', () => {
    for (let op = 0; op < Op.COUNT; op++) {
      const s = SEM[op];
      for (const form of ['interp', 'const'] as const) {
        const o = operands(form);
        const code = s.kind === Kind.ALU ? s.exec(o) : s.kind === Kind.BRANCH ? `if(${s.cond(o)}){}` : s.kind === Kind.JUMP ? `const t=${s.target(o)};` : '';
        expect(() => new Function('x', 'r1', 'r2', 'rd', 'imm', 'pc', 'npc', 'v10', 'v11', 'A', code), `op ${op} ${form}`).not.toThrow();
      }
    }
  });
});
