/**
 * The ISA table is the single source for decoder, executor and disassembler, so its rows must
 * be unambiguous: overlapping rows are allowed only when the earlier one is strictly more
 * specific (the decoder takes the first match), every executor op has exactly one 32-bit row,
 * and the bucketed decoder agrees with a plain first-match scan of the table.
 */
import { describe, expect, it } from 'vitest';
import { findRow } from '../../emulator/cpu/decode.js';
import { FpOp, ISA, Op, ROW_OF_FPOP, ROW_OF_OP, type InsnRow } from '../../emulator/cpu/isa.js';

/** The reference decoder: first row in table order whose mask/match (and validity) accepts. */
function scan(bits: number, len: 2 | 4): InsnRow | undefined {
  const b = len === 4 ? bits | 0 : bits & 0xffff;
  return ISA.find((r) => r.len === len && (b & r.mask) === r.match && (r.valid === undefined || r.valid(b)));
}

const label = (r: InsnRow): string => `${r.name} (mask ${(r.mask >>> 0).toString(16)}, match ${(r.match >>> 0).toString(16)})`;

describe('ISA table', () => {
  it('rows are well formed: match within mask, length bits agree with len', () => {
    for (const r of ISA) {
      expect(r.match & ~r.mask, `${label(r)}: match has bits outside the mask`).toBe(0);
      expect((r.match & 3) === 3, `${label(r)}: length bits`).toBe(r.len === 4);
      if (r.len === 2) expect(r.mask >>> 16, `${label(r)}: 16-bit mask`).toBe(0);
    }
  });

  it('overlapping rows: the earlier one is strictly more specific', () => {
    const problems: string[] = [];
    ISA.forEach((a, i) => {
      for (const b of ISA.slice(i + 1)) {
        if (a.len !== b.len) continue;
        const common = a.mask & b.mask;
        if (((a.match ^ b.match) & common) !== 0) continue; // no encoding matches both
        // a must match a strict subset of b's encodings: a superset mask that agrees with b.
        const aWithinB = (a.mask & b.mask) === b.mask && (a.match & b.mask) === b.match && a.mask !== b.mask;
        if (!aWithinB) problems.push(`${label(a)} overlaps later ${label(b)}`);
      }
    });
    expect(problems).toEqual([]);
  });

  it('every op except ILLEGAL has exactly one 32-bit row (fence.tso shares FENCE; FP rows share FP, one per FpOp)', () => {
    const rows = new Map<Op, string[]>();
    for (const r of ISA) if (r.len === 4) rows.set(r.op, [...(rows.get(r.op) ?? []), r.name]);
    const fpRows = ISA.filter((r) => r.op === Op.FP);
    expect(fpRows.every((r) => r.fop !== undefined && (r.ext === 'F' || r.ext === 'D'))).toBe(true);
    expect(fpRows).toHaveLength(FpOp.COUNT);
    for (let fop = 0; fop < FpOp.COUNT; fop++) {
      expect(fpRows.filter((r) => r.fop === fop), `fop ${fop}`).toHaveLength(1);
      expect(ROW_OF_FPOP[fop]?.fop).toBe(fop);
    }
    for (let op = 1; op < Op.COUNT; op++) {
      if (op === Op.FP) continue;
      const names = rows.get(op) ?? [];
      const expected = op === Op.FENCE ? ['fence.tso', 'fence'] : [names[0]];
      expect(names, `op ${op}`).toHaveLength(expected.length);
      if (op === Op.FENCE) expect(names).toEqual(expected);
      expect(ROW_OF_OP[op]?.name, `ROW_OF_OP[${op}]`).toBe(names[0]);
    }
    expect(rows.has(Op.ILLEGAL)).toBe(false);
  });

  it('compressed rows expand to ops that have a base row', () => {
    for (const r of ISA) if (r.len === 2) expect(ROW_OF_OP[r.op], label(r)).toBeDefined();
  });

  it('all 65536 16-bit patterns decode to the row a linear scan finds', () => {
    let mismatches = 0;
    let decoded = 0;
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 3) === 3) continue;
      const want = scan(bits, 2);
      if (want !== undefined) decoded++;
      if (findRow(bits) !== want) {
        mismatches++;
        expect.soft(findRow(bits)?.name, `0x${bits.toString(16)}`).toBe(want?.name);
      }
    }
    expect(mismatches).toBe(0);
    expect(decoded).toBeGreaterThan(45000); // RV64C with c.fld/c.fsd/c.fldsp/c.fsdsp
  });

  it('random and structured 32-bit patterns decode to the row a linear scan finds', () => {
    let s = 0x1234567;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) | 0);
    const words: number[] = [];
    for (const r of ISA) if (r.len === 4) for (let k = 0; k < 64; k++) words.push((r.match | (next() & ~r.mask)) | 0);
    for (let k = 0; k < 200000; k++) words.push(next() | 3);
    for (const w of words) {
      const want = scan(w, 4);
      if (findRow(w) !== want) expect(findRow(w)?.name, `0x${(w >>> 0).toString(16)}`).toBe(want?.name);
    }
  });
});
