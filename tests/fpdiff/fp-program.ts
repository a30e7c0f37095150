/**
 * Seeded random F/D probe programs for the tests/isa bare-metal environment (p, M-mode, virt).
 * Each step sets fcsr (a random frm, flags clear), loads raw 64-bit patterns into f1..f3 and an
 * integer into s2, runs one F/D instruction (encoded from the ISA table, random valid rm
 * including dyn), and prints the destination register's 64 bits and fcsr as hex on the UART. The same
 * program runs on seltrace and on QEMU; their outputs must be identical.
 */
import { execFileSync } from 'node:child_process';
import { lcg } from '../helpers/lcg.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fmt, ISA, Op, type InsnRow } from '../../emulator/cpu/isa.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ENV = join(ROOT, 'tests/isa/env');

const h32 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');

/** Interesting binary32 bit patterns. */
const S_SPECIAL = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc00001, 0x7fa00000, 0x00000001, 0x807fffff,
  0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xbfc00000,
  0x4b800000, 0x4b800001, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x3effffff, 0x3f7fffff,
  0x00400000, 0x34000000, 0x33800000, 0x7effffff,
];
/** Interesting binary64 high words (low word random or zero). */
const D_SPECIAL_HI = [
  0x00000000, 0x80000000, 0x7ff00000, 0xfff00000, 0x7ff80000, 0x7ff40000, 0x00100000, 0x80100000, 0x7fefffff, 0x3ff00000,
  0xbff00000, 0x3fe00000, 0x3ff80000, 0x41e00000, 0xc1e00000, 0x41f00000, 0x43e00000, 0xc3e00000, 0x43f00000, 0x43300000,
  0x47efffff, 0x36a00000, 0x38100000, 0x000fffff, 0x3ca00000,
];

function randS(rnd: () => number): number {
  const k = rnd() % 10;
  if (k < 3) return S_SPECIAL[rnd() % S_SPECIAL.length]!;
  const sign = rnd() & 0x80000000;
  const e = k < 5 ? (rnd() % 8) + (rnd() & 1 ? 0 : 0xf5) : k < 6 ? rnd() % 3 : 100 + (rnd() % 56);
  const m = k === 9 ? (rnd() & 0x7fffff & ~0xfff) : rnd() & 0x7fffff;
  return (sign | (e << 23) | m) >>> 0;
}

function randD(rnd: () => number): [number, number] {
  const k = rnd() % 10;
  if (k < 3) return [rnd() % 3 === 0 ? rnd() : 0, D_SPECIAL_HI[rnd() % D_SPECIAL_HI.length]!];
  const sign = rnd() & 0x80000000;
  const e = k < 5 ? (rnd() % 8) + (rnd() & 1 ? 0 : 0x7f5) : k < 6 ? rnd() % 3 : 0x3c0 + (rnd() % 128);
  const lo = k === 9 ? rnd() & 0xfff00000 : rnd();
  return [lo, (sign | (e << 20) | (rnd() & 0xfffff)) >>> 0];
}

function randInt(rnd: () => number): [number, number] {
  switch (rnd() % 6) {
    case 0: return [rnd() % 100, 0];
    case 1: return [(-(rnd() % 100)) >>> 0, 0xffffffff];
    case 2: return [rnd(), 0];
    case 3: { const v = rnd(); return [v, v & 0x80000000 ? 0xffffffff : 0]; }
    case 4: return [rnd(), rnd()];
    default: return [rnd() & 0xfffff800, rnd() & 0x8000ffff];
  }
}

/** F/D rows exercised: every Op.FP row. */
export const FP_ROWS: readonly InsnRow[] = ISA.filter((r) => r.op === Op.FP);

export const X_DEST = new Set([Fmt.F_CMP, Fmt.F_XF_RM, Fmt.F_XF]);
const X_SRC = new Set([Fmt.F_FX_RM, Fmt.F_FX]);

export interface Step { word: number; row: InsnRow; data: number[]; fcsr: number }

/** The random steps of a program (deterministic in seed). */
export function randomSteps(seed: number, count: number): Step[] {
  const rnd = lcg(seed);
  const steps: Step[] = [];
  for (let i = 0; i < count; i++) steps.push(makeStep(rnd, FP_ROWS[rnd() % FP_ROWS.length]!));
  return steps;
}

/**
 * Every row of one precision (F: the single rows; D: the double rows and the conversions
 * between the two), each in every rounding mode — rne rtz rdn rup rmm, and dyn with frm set to
 * each of them — on `perMode` operand sets (rows without a rounding mode: 2·perMode sets).
 */
export function vectorSteps(ext: 'F' | 'D', seed: number, perMode: number): Step[] {
  const rnd = lcg(seed);
  const steps: Step[] = [];
  for (const row of FP_ROWS.filter((r) => r.ext === ext)) {
    if ((row.mask & 0x7000) !== 0) {
      for (let k = 0; k < 2 * perMode; k++) steps.push(makeStep(rnd, row));
      continue;
    }
    for (let mode = 0; mode < 10; mode++) {
      for (let k = 0; k < perMode; k++) {
        steps.push(mode < 5 ? makeStep(rnd, row, mode, (rnd() % 5) << 5) : makeStep(rnd, row, 7, (mode - 5) << 5));
      }
    }
  }
  return steps;
}

function makeStep(rnd: () => number, row: InsnRow, fixedRm = -1, fixedFcsr = -1): Step {
  {
    // operand precision: the row's, except the conversions between the two
    const wantD = row.name === 'fcvt.s.d' ? true : row.name === 'fcvt.d.s' ? false : row.ext === 'D';
    const data: number[] = [];
    for (let k = 0; k < 3; k++) {
      if (wantD) data.push(...randD(rnd));
      else data.push(randS(rnd), rnd() % 16 === 0 ? rnd() : 0xffffffff); // sometimes improperly boxed
    }
    data.push(...randInt(rnd));
    const xDest = X_DEST.has(row.fmt), xSrc = X_SRC.has(row.fmt);
    const rd = xDest ? 22 : 4; // s6 or f4
    const rs1 = xSrc ? 18 : 1; // s2 or f1
    // rows whose funct3 is free have a rounding-mode field
    const rm = (row.mask & 0x7000) !== 0 ? (row.match >>> 12) & 7 : fixedRm >= 0 ? fixedRm : [0, 1, 2, 3, 4, 7][rnd() % 6]!;
    // fcvt.d.w/wu/d.s have an rm field the assembler/objdump only know as 0; any valid value is legal
    const word = (row.match | (rd << 7) | (rs1 << 15) | ((row.mask & (31 << 20)) !== 0 ? 0 : 2 << 20) | (rm << 12)
      | (row.fmt === Fmt.F_R4 ? 3 << 27 : 0)) >>> 0;
    const fcsr = fixedFcsr >= 0 ? fixedFcsr : (rnd() % 5) << 5;
    return { word, row, data, fcsr };
  }
}

/** Assembly source of a probe program. */
export function probeSource(steps: readonly Step[]): string {
  const t: string[] = ['#include "rvt.h"', '.text', '.globl rvt_test_entry', 'rvt_test_entry:',
    '  li t0, MSTATUS_FS', '  csrs mstatus, t0', '  la s0, fp_data'];
  steps.forEach((s, i) => {
    t.push(`  li s1, ${s.fcsr}`, '  csrw fcsr, s1',
      `  fld f1, 0(s0)`, `  fld f2, 8(s0)`, `  fld f3, 16(s0)`, `  ld s2, 24(s0)`, '  addi s0, s0, 32',
      `  .word 0x${h32(s.word)}  /* step ${i}: ${s.row.name} */`,
      X_DEST.has(s.row.fmt) ? '  mv a1, s6' : '  fmv.x.d a1, f4', '  jal rvt_puthex',
      '  li a0, 32', '  jal rvt_putc', '  csrr a1, fcsr', '  jal rvt_puthex', '  li a0, 10', '  jal rvt_putc');
  });
  t.push('  j rvt_pass', '.data', '.balign 8', 'fp_data:');
  for (const s of steps) t.push(`  .word ${s.data.map((v) => `0x${h32(v)}`).join(', ')}`);
  return t.join('\n') + '\n';
}

export const GCC = 'riscv64-unknown-elf-gcc';
// virt build: console on the NS16550A (QEMU's HTIF console can drop characters under load)
const CFLAGS = ['-march=rv64gc_zicsr_zifencei', '-mabi=lp64d', '-nostdlib', '-nostartfiles', '-mcmodel=medany', '-static',
  '-Wl,--no-warn-rwx-segments', '-DRVT_VIRT',
  // QEMU's UART stays busy while its host pipe is full (a loaded machine): wait for it rather than
  // drop a byte, which the default bounded wait did under load.
  '-DRVT_PUTC_SPIN=1000000000'];

/** Build a probe program into an ELF (bytes). */
export function buildProbe(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'seltrace-fp-'));
  try {
    writeFileSync(join(dir, 'probe.S'), source);
    const inc = [`-I${join(ENV, 'p')}`, `-I${ENV}`];
    execFileSync(GCC, [...CFLAGS, ...inc, '-c', join(ENV, 'p/start.S'), '-o', join(dir, 'start.o')]);
    execFileSync(GCC, [...CFLAGS, ...inc, '-c', join(dir, 'probe.S'), '-o', join(dir, 'probe.o')]);
    execFileSync(GCC, [...CFLAGS, '-T', join(ENV, 'link.ld'), join(dir, 'start.o'), join(dir, 'probe.o'), '-o', join(dir, 'probe.elf')]);
    return new Uint8Array(readFileSync(join(dir, 'probe.elf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
