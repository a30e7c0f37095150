/**
 * Reverse data-flow: which instruction (or kernel entry) last wrote a register or memory range
 * before the current point, and the history of writes in a range. Found by re-execution:
 * a coarse pass at full speed narrows memory queries to the stretches where the target page
 * was written, then single-stepping decodes each instruction's destination. Same-value writes
 * count as writes.
 */
import type { ReplaySession } from './session.js';
import { decodeFields, type Fields } from '../emulator/cpu/decode.js';
import { Op } from '../emulator/cpu/isa.js';
import { Access } from '../emulator/cpu/sv39.js';
import { ABI_NAMES, disasmInsn } from '../emulator/disasm/disasm.js';
import { sessionSymbols, locate } from './state-view.js';

export type WriteTarget = { reg: number } | { addr: number; size: number };

export interface WriteInfo {
  instret: number;
  cycle: number;
  pc: number;
  location: string;
  /** The writing instruction's disassembly, or 'kernel' for writes made by the kernel model. */
  insn: string;
  by: 'instruction' | 'kernel';
  /** Thread running at the time (kernel traces), from the last schedule event. */
  thread: number | null;
  /** Value of the target right after the write (hex). */
  value: string;
}

const COARSE = 65536;
const f: Fields = { row: undefined, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, len: 4 };

export function parseWriteTarget(s: string): WriteTarget {
  const reg = ABI_NAMES.indexOf(s);
  if (reg > 0) return { reg };
  const xm = /^x(\d+)$/.exec(s);
  if (xm !== null && Number(xm[1]) > 0 && Number(xm[1]) < 32) return { reg: Number(xm[1]) };
  const m = /^(0x[0-9a-f]+|\d+)(?::(\d+))?$/i.exec(s);
  if (m === null) throw new Error(`'${s}' is not a register (a0, x10, ...) or address (0x80001000[:size])`);
  return { addr: Number(m[1]), size: m[2] !== undefined ? Number(m[2]) : 8 };
}

function readTarget(r: ReplaySession, t: WriteTarget): string {
  const cpu = r.machine.cpu;
  if ('reg' in t) {
    return `0x${(cpu.x[2 * t.reg + 1] >>> 0).toString(16).padStart(8, '0')}${(cpu.x[2 * t.reg] >>> 0).toString(16).padStart(8, '0')}`;
  }
  const b = cpu.peekBytes(t.addr, t.size);
  return b === null ? 'unmapped' : `0x${[...b].reverse().map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** Does the instruction about to execute write the target (by decoding it)? */
function insnWrites(r: ReplaySession, t: WriteTarget): { writes: boolean; text: string } {
  const cpu = r.machine.cpu;
  const bits = cpu.peekInsn(cpu.pc);
  if (bits === null) return { writes: false, text: '?' };
  decodeFields(bits, f);
  const text = disasmInsn(bits, cpu.pc, sessionSymbols(r)).text.replace(/\t/g, ' ');
  const op = f.op;
  const isStore = op === Op.SB || op === Op.SH || op === Op.SW || op === Op.SD;
  const isAmo = op >= Op.LR_W && op <= Op.AMOMAXU_D;
  const noRd = isStore || (op >= Op.BEQ && op <= Op.BGEU) || op === Op.FENCE || op === Op.FENCE_I || op === Op.ECALL ||
    op === Op.EBREAK || op === Op.MRET || op === Op.SRET || op === Op.WFI || op === Op.SFENCE_VMA || op === Op.ILLEGAL;
  if ('reg' in t) return { writes: !noRd && f.rd === t.reg, text };
  if (!isStore && !isAmo) return { writes: false, text };
  if (op === Op.LR_W || op === Op.LR_D) return { writes: false, text };
  const base = cpu.getReg(f.rs1);
  const ea = isAmo ? base : base + f.imm;
  const size = op === Op.SB ? 1 : op === Op.SH ? 2 : op === Op.SW || (isAmo && op < Op.LR_D) ? 4 : 8;
  // Compare physical addresses so aliases through different mappings are found too.
  const pa = cpu.peekTranslate(ea, Access.STORE), ta = cpu.peekTranslate(t.addr, Access.LOAD);
  const a = pa >= 0 && ta >= 0 ? pa : ea, b2 = pa >= 0 && ta >= 0 ? ta : t.addr;
  return { writes: a < b2 + t.size && b2 < a + size, text };
}

/** Single-step [from, to) instret and collect every write to the target. */
function scan(r: ReplaySession, t: WriteTarget, from: number, to: number): WriteInfo[] {
  const out: WriteInfo[] = [];
  r.seekInstret(from);
  const cpu = r.machine.cpu;
  let before = readTarget(r, t);
  while (cpu.instret < to) {
    const pc = cpu.pc, cycle = cpu.cycle, instret = cpu.instret;
    const d = insnWrites(r, t);
    r.runForward(cpu.cycle + 1);
    if (cpu.instret === instret && cpu.cycle === cycle) break; // end of recording
    const after = readTarget(r, t);
    const retired = cpu.instret > instret;
    if ((d.writes && retired) || after !== before) {
      const byKernel = !(d.writes && retired);
      out.push({
        instret: byKernel ? cpu.instret : instret, cycle: byKernel ? cpu.cycle : cycle, pc,
        location: locate(r, pc), insn: byKernel ? 'kernel' : d.text, by: byKernel ? 'kernel' : 'instruction',
        thread: r.runningThreadAt(cycle), value: after,
      });
    }
    before = after;
  }
  return out;
}

/** Instret ranges (ascending) in [from, to) where the target's page(s) were written. */
function coarseMemory(r: ReplaySession, t: { addr: number; size: number }, from: number, to: number): [number, number][] {
  const m = r.machine, bus = m.bus, cpu = m.cpu;
  const out: [number, number][] = [];
  r.seekInstret(from);
  while (cpu.instret < to) {
    const pa = cpu.peekTranslate(t.addr, Access.LOAD);
    const p0 = pa >= 0 ? bus.ramOffset(pa) : -1;
    const start = cpu.instret;
    m.startDirtyEpoch();
    const end = Math.min(to, start + COARSE);
    r.seekInstretForward(end);
    if (cpu.instret === start) break;
    if (p0 < 0 || bus.epochDirty[p0 >>> 12] !== 0 || bus.epochDirty[(p0 + t.size - 1) >>> 12] !== 0) out.push([start, cpu.instret]);
  }
  return out;
}

/** The last write to `t` strictly before the session's current point (the session is moved back there after). */
export function lastWrite(r: ReplaySession, t: WriteTarget): WriteInfo | null {
  const here = r.instret, hereCycle = r.cycle;
  try {
    if ('reg' in t) {
      for (let w = 4096; ; w *= 4) {
        const from = Math.max(0, here - w);
        const ws = scan(r, t, from, here);
        if (ws.length > 0) return ws[ws.length - 1];
        if (from === 0) return null;
      }
    }
    const ranges = coarseMemory(r, t, 0, here);
    for (let i = ranges.length - 1; i >= 0; i--) {
      const ws = scan(r, t, ranges[i][0], ranges[i][1]);
      if (ws.length > 0) return ws[ws.length - 1];
    }
    return null;
  } finally {
    r.seekInstret(here);
    if (r.cycle < hereCycle) r.seek(hereCycle);
  }
}

/** Every write to `t` with instret in [fromInstret, toInstret). */
export function writeHistory(r: ReplaySession, t: WriteTarget, fromInstret: number, toInstret: number): WriteInfo[] {
  const here = r.instret, hereCycle = r.cycle;
  try {
    if ('reg' in t) return scan(r, t, fromInstret, toInstret);
    return coarseMemory(r, t, fromInstret, toInstret).flatMap(([a, b]) => scan(r, t, a, b));
  } finally {
    r.seekInstret(here);
    if (r.cycle < hereCycle) r.seek(hereCycle);
  }
}
