/**
 * The state of the recorded system at the session's current point, as plain data (for --json,
 * the TUI and tests) and as text (for --print).
 */
import { addrHex, addrHex0x } from '../emulator/addr.js';
import type { ReplaySession } from './session.js';
import { disasmInsn, ABI_NAMES, FP_ABI_NAMES } from '../emulator/disasm/disasm.js';
import { SymbolTable } from '../emulator/elf/symbols.js';
import { MS, R64 } from '../emulator/cpu/csr-file.js';
import type { KernelView } from '../emulator/kernel-view.js';

export interface DisasmLine { addr: number; bytes: string; text: string; current: boolean; symbol: string | null; }
export interface StateView {
  cycle: number;
  instret: number;
  timeUs: number;
  /**
   * Privilege of what runs: while the hart idles (system traces, no thread runnable) that is
   * seL4's idle thread, which runs in S-mode; the registers and pc are then the last thread's,
   * as it left the hart.
   */
  priv: 'U' | 'S' | 'M';
  /** System trace with no thread on the hart (the kernel waits for an interrupt). */
  idle: boolean;
  pc: number;
  location: string;
  regs: { name: string; value: string }[];
  /** f0–f31 (ABI names) as raw 64-bit patterns (singles are NaN-boxed: 0xffffffff in the upper half). */
  fregs: { name: string; value: string }[];
  csrs: { name: string; value: string }[];
  disasm: DisasmLine[];
  console: string;
  kernel: KernelView | null;
  lastEvent: string | null;
}

const u64hex = (lo: number, hi: number): string => `0x${(hi >>> 0).toString(16).padStart(8, '0')}${(lo >>> 0).toString(16).padStart(8, '0')}`;

const symCache = new WeakMap<ReplaySession, Map<string, SymbolTable>>();

/** Name of the PD whose address space the hart is in (system traces), or '' (bare). */
export function currentPd(r: ReplaySession): string {
  const v = r.kernelView();
  if (v === null) return '';
  if (v.current !== null) return v.threads.find((t) => t.id === v.current)?.name ?? '';
  // Idle hart: the kernel leaves satp as the last thread loaded it, so the pc and the code shown
  // are in that thread's address space (not in every PD's at once).
  const c = r.machine.cpu.csr;
  const root = (c.r64[R64.SATP * 2] >>> 0) * 4096 + (c.r64[R64.SATP * 2 + 1] & 0xfff) * 2 ** 44;
  if (root === 0) return '';
  return v.threads.find((t) => r.threadContext(t.id)?.vspaceRoot === root)?.name ?? '';
}

/**
 * Symbols for one address space: a bare image's, or one PD's (system traces store PD symbols
 * as "pd:name", and PDs share link addresses, so lookups must stay within one PD).
 */
export function sessionSymbols(r: ReplaySession, pd = currentPd(r)): SymbolTable {
  let m = symCache.get(r);
  if (m === undefined) { m = new Map(); symCache.set(r, m); }
  let s = m.get(pd);
  if (s === undefined) {
    const prefix = pd === '' ? '' : `${pd}:`;
    const own = r.header.symbols.filter(([n]) => prefix === '' || n.startsWith(prefix));
    s = new SymbolTable(own.map(([name, value, size]) => ({ name, value, size, type: 'func' as const, bind: 'global' as const, shndx: 1 })));
    m.set(pd, s);
  }
  return s;
}

export function locate(r: ReplaySession, addr: number, pd?: string): string {
  const s = sessionSymbols(r, pd).symbolize(addr);
  return s === undefined ? addrHex0x(addr) : s.offset === 0 ? s.name : `${s.name}+0x${s.offset.toString(16)}`;
}

/** Disassemble `before` instructions before pc (best effort, by symbol start) and `after` from pc. */
export function disasmAround(r: ReplaySession, pc: number, before: number, after: number): DisasmLine[] {
  const cpu = r.machine.cpu;
  const syms = sessionSymbols(r, currentPd(r));
  // Walk forward from the containing symbol (or pc - 64) so earlier lines decode in step.
  const loc = syms.symbolize(pc);
  let start = loc !== undefined && loc.offset <= 4096 ? pc - loc.offset : pc;
  const lines: DisasmLine[] = [];
  const decodeAt = (a: number): DisasmLine | null => {
    const bits = cpu.peekInsn(a);
    if (bits === null) return null;
    const len = (bits & 3) === 3 ? 4 : 2;
    const d = disasmInsn(bits, a, syms);
    const s = syms.symbolize(a);
    return {
      addr: a, bytes: len === 4 ? bits.toString(16).padStart(8, '0') : bits.toString(16).padStart(4, '0'),
      text: d.text, current: a === pc, symbol: s !== undefined && s.offset === 0 ? s.name : null,
    };
  };
  const pre: DisasmLine[] = [];
  while (start < pc) {
    const l = decodeAt(start);
    if (l === null) break;
    pre.push(l);
    start += l.bytes.length === 8 ? 4 : 2;
  }
  lines.push(...pre.slice(-before));
  let a = pc;
  for (let i = 0; i < after; i++) {
    const l = decodeAt(a);
    if (l === null) break;
    lines.push(l);
    a += l.bytes.length === 8 ? 4 : 2;
  }
  return lines;
}

export function stateView(r: ReplaySession, opts: { before?: number; after?: number } = {}): StateView {
  const m = r.machine, cpu = m.cpu, c = cpu.csr, x = cpu.x;
  const regs = [{ name: 'pc', value: u64hex(cpu.pc % 4294967296, Math.floor(cpu.pc / 4294967296)) }];
  for (let i = 1; i < 32; i++) regs.push({ name: ABI_NAMES[i], value: u64hex(x[2 * i], x[2 * i + 1]) });
  const fr = cpu.f;
  const fregs = FP_ABI_NAMES.map((name, i) => ({ name, value: u64hex(fr[2 * i], fr[2 * i + 1]) }));
  const r64 = (slot: R64): string => u64hex(c.r64[slot * 2], c.r64[slot * 2 + 1]);
  const sd = (c.mstatus & MS.FS) === MS.FS ? 0x80000000 : 0; // SD: FS is Dirty
  const csrs = [
    { name: 'mstatus', value: u64hex(c.mstatus, 0xa | sd) }, { name: 'fcsr', value: `0x${c.fcsr.toString(16).padStart(2, '0')}` }, { name: 'mepc', value: r64(R64.MEPC) },
    { name: 'mcause', value: r64(R64.MCAUSE) }, { name: 'mtval', value: r64(R64.MTVAL) },
    { name: 'mie', value: `0x${c.mie.toString(16)}` }, { name: 'mip', value: `0x${c.mip.toString(16)}` },
    { name: 'sepc', value: r64(R64.SEPC) }, { name: 'scause', value: r64(R64.SCAUSE) },
    { name: 'stval', value: r64(R64.STVAL) }, { name: 'satp', value: r64(R64.SATP) },
  ];
  const last = r.prevEvent();
  const idle = r.isSystem && r.hartIdle;
  return {
    cycle: cpu.cycle, instret: cpu.instret, timeUs: cpu.cycle / r.cyclesPerSecond * 1e6,
    priv: idle ? 'S' : cpu.priv === 0 ? 'U' : cpu.priv === 1 ? 'S' : 'M', idle,
    pc: cpu.pc, location: locate(r, cpu.pc), regs, fregs, csrs,
    disasm: disasmAround(r, cpu.pc, opts.before ?? 4, opts.after ?? 6),
    console: Buffer.from(m.consoleOutput()).toString('latin1'),
    kernel: r.kernelView(),
    lastEvent: last === undefined ? null : `#${last.id} ${last.kind} at cycle ${last.cycle}`,
  };
}

export function renderStateText(v: StateView): string {
  const out: string[] = [];
  out.push(`cycle ${v.cycle}  (${v.timeUs.toFixed(2)} µs)  instret ${v.instret}  priv ${v.priv}  ` +
    (v.idle ? `idle thread (no PD runs; below: pc ${addrHex0x(v.pc)} <${v.location}> and registers as the last thread left them)` : `pc ${addrHex0x(v.pc)} <${v.location}>`));
  if (v.lastEvent !== null) out.push(`last event: ${v.lastEvent}`);
  out.push('', 'registers:');
  for (let i = 0; i < v.regs.length; i += 4) out.push('  ' + v.regs.slice(i, i + 4).map((g) => `${g.name.padStart(4)} ${g.value}`).join('  '));
  for (let i = 0; i < v.fregs.length; i += 4) out.push('  ' + v.fregs.slice(i, i + 4).map((g) => `${g.name.padStart(4)} ${g.value}`).join('  '));
  out.push('  ' + v.csrs.map((g) => `${g.name} ${g.value}`).join('  '));
  out.push('', 'disassembly:');
  for (const l of v.disasm) {
    if (l.symbol !== null) out.push(`  <${l.symbol}>:`);
    out.push(`${l.current ? '=>' : '  '} ${addrHex(l.addr).padStart(8)}:  ${l.bytes.padEnd(8)}  ${l.text.replace('\t', ' ').replace('\t', ' ')}`);
  }
  if (v.kernel !== null) {
    out.push('', 'threads:');
    for (const t of v.kernel.threads) {
      out.push(`  ${t.id === v.kernel.current ? '*' : ' '} T${t.id} ${t.name.padEnd(16)} prio ${String(t.priority).padStart(3)}  ${t.state}${t.blockedOn !== null ? ` on #${t.blockedOn}${t.blockedOnName !== null ? ` ${t.blockedOnName}` : ''}` : ''}${t.scName !== null ? `  sc ${t.scName}` : ''}` +
        `${t.budgetLeftUs !== null ? `  budget ${t.budgetLeftUs}µs` : ''}${t.nextReplenishUs !== null ? `  next refill ${t.nextReplenishUs}µs` : ''}`);
    }
    const queues = v.kernel.objects.filter((o) => o.queue.length > 0 || o.word !== undefined);
    if (queues.length) {
      out.push('', 'endpoints / notifications:');
      for (const o of queues) out.push(`  #${o.id} ${o.kind} ${o.name}${o.word !== undefined ? ` word ${o.word}` : ''}${o.queue.length ? `  queue: ${o.queue.map((q) => `T${q}`).join(', ')}` : ''}`);
    }
  }
  out.push('', 'console:');
  out.push(v.console.length ? v.console.split('\n').map((l) => `  | ${l}`).join('\n') : '  (empty)');
  return out.join('\n') + '\n';
}
