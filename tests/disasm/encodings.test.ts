/**
 * Exhaustive-ish comparison with objdump on generated images (built at test time with the cross
 * gcc, so they need not be committed): every 16-bit encoding, every major opcode x funct3 x
 * funct7 with varied register fields, random words, the SYSTEM and MISC-MEM immediate spaces,
 * and every CSR number under each privileged spec objdump knows. Random sequences also exercise
 * objdump's lui/auipc address comments.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lcg } from '../helpers/lcg.js';
import { disassembleElf } from '../../emulator/disasm/objdump-format.js';
import { firstDifference, GCC, objdump, OBJDUMP, onPath, ROOT, RV64 } from './objdump-util.js';
import { requireTool } from '../helpers/tools.js';

const READY = requireTool(GCC, onPath(GCC)) && requireTool(OBJDUMP, onPath(OBJDUMP));
const dir = READY ? mkdtempSync(join(tmpdir(), 'seltrace-disasm-')) : '';
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const insn = (v: number, digits: number): string => `.insn 0x${(v >>> 0).toString(16).padStart(digits, '0')}`;

function build(name: string, lines: readonly string[], head: readonly string[] = [], flags: readonly string[] = RV64): string {
  const src = join(dir, `${name}.S`);
  const elf = join(dir, `${name}.elf`);
  writeFileSync(src, [...head, '.text', '.globl _start', '_start:', ...lines, ''].join('\n'));
  execFileSync(GCC, [...flags, '-Ttext=0x80000000', '-o', elf, src], { stdio: ['ignore', 'ignore', 'pipe'] });
  return elf;
}

function compare(elf: string, lines: number): void {
  const rel = relative(ROOT, elf);
  const ours = disassembleElf(new Uint8Array(readFileSync(elf)), rel);
  const diff = firstDifference(rel, objdump(rel), ours);
  expect(diff, diff ?? '').toBeNull();
  expect(ours.split('\n').length).toBeGreaterThan(lines);
}

describe.skipIf(!READY)(`generated encodings vs ${OBJDUMP} (needs ${GCC})`, () => {
  it('every 16-bit encoding', () => {
    const lines: string[] = [];
    for (let v = 0; v < 0x10000; v++) if ((v & 3) !== 3) lines.push(insn(v, 4));
    compare(build('c16', lines), lines.length);
  });

  it('every major opcode x funct3 x funct7, plus random words', () => {
    const rnd = lcg(0x5e17);
    const lines: string[] = [];
    for (let op = 3; op < 128; op += 4) {
      if ((op & 0x1f) === 0x1f) continue; // 48-bit and longer: see layout.S
      for (let f3 = 0; f3 < 8; f3++) {
        for (let f7 = 0; f7 < 128; f7++) lines.push(insn((f7 << 25) | (rnd() & 0x01ff8f80) | (f3 << 12) | op, 8));
      }
    }
    for (let i = 0; i < 10000; i++) {
      const v = rnd() | 3;
      lines.push(insn((v & 0x1f) === 0x1f ? v ^ 0x10 : v, 8));
    }
    compare(build('i32', lines), lines.length);
  });

  it('SYSTEM and MISC-MEM immediates with zero and non-zero register fields', () => {
    const rnd = lcg(0x0f3c);
    const lines: string[] = [];
    for (let imm = 0; imm < 4096; imm++) {
      for (const regs of [0, 0x000f8000, 0x00000f80, rnd() & 0x000f8f80]) {
        lines.push(insn((imm << 20) | regs | 0x73, 8));
        lines.push(insn((imm << 20) | regs | 0x0f, 8), insn((imm << 20) | regs | 0x100f, 8));
      }
    }
    compare(build('sys', lines), lines.length);
  });

  // F and D: an rv64gc image, so objdump decodes them (the images above have no F/D: .4byte).
  const RV64GC = ['-march=rv64gc', '-mabi=lp64d', '-nostdlib', '-nostartfiles'];

  it('F/D: every 16-bit encoding under rv64gc (c.fld, c.fsd, c.fldsp, c.fsdsp)', () => {
    const lines: string[] = [];
    for (let v = 0; v < 0x10000; v++) if ((v & 3) !== 3) lines.push(insn(v, 4));
    compare(build('c16-gc', lines, [], RV64GC), lines.length);
  });

  it('F/D: every FP major opcode x funct3 x funct7 x rs2, every rounding mode, random words', () => {
    const rnd = lcg(0xf00d);
    const lines: string[] = [];
    for (const op of [0x07, 0x27]) for (let f3 = 0; f3 < 8; f3++) for (let k = 0; k < 16; k++) lines.push(insn((rnd() & ~0x707f) | (f3 << 12) | op, 8));
    for (const op of [0x43, 0x47, 0x4b, 0x4f]) {
      for (let fmt = 0; fmt < 4; fmt++) for (let rm = 0; rm < 8; rm++) lines.push(insn((rnd() & 0xf9ff8f80) | (fmt << 25) | (rm << 12) | op, 8));
    }
    for (let f7 = 0; f7 < 128; f7++) {
      for (let rs2 = 0; rs2 < 32; rs2 += rs2 < 4 ? 1 : 7) {
        for (let rm = 0; rm < 8; rm++) lines.push(insn((f7 << 25) | (rs2 << 20) | (rnd() & 0x000f8f80) | (rm << 12) | 0x53, 8));
      }
    }
    for (let i = 0; i < 4000; i++) {
      const ops = [0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53];
      lines.push(insn((rnd() & ~0x7f) | ops[rnd() % ops.length]!, 8));
    }
    compare(build('fd32', lines, [], RV64GC), lines.length);
  });

  for (const [major, minor, rev] of [[1, 9, 1], [1, 10, 0], [1, 11, 0], [1, 12, 0], [0, 0, 0]]) {
    const spec = major === 0 ? 'no priv attribute' : `priv spec ${major}.${minor}${rev ? `.${rev}` : ''}`;
    it(`every CSR number, ${spec}`, () => {
      const lines: string[] = [];
      for (let csr = 0; csr < 4096; csr++) lines.push(insn((csr << 20) | 0x2573, 8)); // csrrs a0,csr,zero
      const head = major === 0 ? [] : [
        `.attribute priv_spec, ${major}`, `.attribute priv_spec_minor, ${minor}`, `.attribute priv_spec_revision, ${rev}`,
      ];
      compare(build(`csr-${major}-${minor}-${rev}`, lines, head), lines.length);
    });
  }
});
