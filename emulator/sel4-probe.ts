/**
 * Semantic events from a real seL4 kernel (not the model): derived at the ISA boundary and from
 * the kernel's own globals, located by the kernel ELF's symbols.
 *  - syscall: every `ecall` from U-mode (a7 = number, MCS numbering; a0 cap pointer, a1 message
 *    info, a2-a5 message registers), thread = the kernel's `ksCurThread` at entry;
 *  - schedule: at each `sret` to U-mode, when `ksCurThread` differs from the thread that last
 *    returned to user mode; the reason is inferred from how the kernel was entered (interrupt →
 *    irq, Yield → yield, other syscalls → block, exceptions → fault);
 *  - object (tcb): the first time a thread runs, and again whenever its name changes, with the
 *    name the debug kernel keeps in the TCB object (`seL4_DebugNameThread`); the name's offset
 *    inside the 2^TCBBits-byte object is found once, from the root thread's name "rootserver".
 * Thread ids are small integers in order of first appearance (the TCB address is the name when
 * no name is found). Kernel memory is read through the current page table with supervisor
 * rights and no side effects. The emulator knows no traces: events go to a KernelObserver.
 */
import type { Machine } from './machine.js';
import type { KernelObserver } from './observer.js';
import type { ElfImage } from './elf/elf-reader.js';
import { SymbolTable } from './elf/symbols.js';
import { sv39Walk, Access } from './cpu/sv39.js';
import { R64 } from './cpu/csr-file.js';
import { syscallName, Sys } from './kernel/abi.js';
import { addrFromHalves, addrHex0x } from './addr.js';

const ECALL_U = 8;
/** 2^seL4_TCBBits (11 on RV64 debug builds): the TCB object, whose CNode part holds the debug name (tcb_t is at its middle). */
const TCB_BYTES = 2048;
const u64 = (lo: number, hi: number): string => ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString();

export class Sel4Probe {
  private readonly ksCurThread: number;
  private readonly ids = new Map<number, number>();
  private readonly names = new Map<number, string>();
  private lastThread: number | null = null;
  private entry: 'irq' | 'yield' | 'block' | 'fault' | 'boot' = 'boot';
  private nameOffset = -1;
  private observer: KernelObserver | undefined;

  constructor(private readonly machine: Machine, kernel: ElfImage, kernelName = 'kernel.elf') {
    const a = SymbolTable.fromImage(kernel).lookup('ksCurThread');
    if (a === undefined) throw new Error(`${kernelName}: no symbol ksCurThread (is it a seL4 kernel with symbols?)`);
    this.ksCurThread = a;
  }

  /** Start observing (chains onto the CPU's trap hook), or stop with undefined. */
  attachObserver(o: KernelObserver | undefined): void {
    const cpu = this.machine.cpu;
    this.observer = o;
    if (o === undefined) { cpu.onSret = null; return; }
    const prev = cpu.onTrap;
    cpu.onTrap = (cause, interrupt, pc, lo, hi, priv) => {
      if (prev !== null) prev(cause, interrupt, pc, lo, hi, priv);
      this.trap(cause, interrupt, pc, priv);
    };
    cpu.onSret = () => { if (cpu.priv === 0) this.returnToUser(); };
  }

  private trap(cause: number, interrupt: boolean, pc: number, priv: number): void {
    if (priv !== 0) { if (interrupt) this.entry = 'irq'; return; }
    if (interrupt) { this.entry = 'irq'; return; }
    if (cause !== ECALL_U) { this.entry = 'fault'; return; }
    const x = this.machine.cpu.x;
    const num = x[17 * 2]!;
    this.entry = num === Sys.Yield ? 'yield' : 'block';
    const thread = this.thread();
    if (thread === null) return;
    this.observer?.onSyscall?.({
      cycle: this.machine.cpu.cycle, thread, pc, num, name: syscallName(num),
      cptr: u64(x[20]!, x[21]!), info: u64(x[22]!, x[23]!),
      mrs: [12, 13, 14, 15].map((r) => u64(x[r * 2]!, x[r * 2 + 1]!)),
    });
  }

  private returnToUser(): void {
    const to = this.thread();
    if (to === null) return;
    this.announce(to, this.read64(this.ksCurThread)!); // names change by seL4_DebugNameThread
    if (to === this.lastThread) return;
    this.observer?.onSchedule?.({ cycle: this.machine.cpu.cycle, from: this.lastThread, to, reason: this.entry });
    this.lastThread = to;
  }

  /** Id of the thread in ksCurThread (announcing it with its name the first time), or null if unreadable. */
  private thread(): number | null {
    const p = this.read64(this.ksCurThread);
    if (p === null || p === 0) return null;
    let id = this.ids.get(p);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(p, id);
      this.announce(id, p);
    }
    return id;
  }

  /** An object event for thread `id` (TCB at p) when its name is new or changed. */
  private announce(id: number, p: number): void {
    const name = this.tcbName(p) ?? `tcb ${addrHex0x(p)}`;
    if (this.names.get(id) === name) return;
    this.names.set(id, name);
    this.observer?.onObject?.({ cycle: this.machine.cpu.cycle, id, type: 'tcb', name, owner: null });
  }

  private tcbName(tcb: number): string | null {
    const bytes = this.readBytes(tcb - (((tcb % TCB_BYTES) + TCB_BYTES) % TCB_BYTES), TCB_BYTES);
    if (bytes === null) return null;
    if (this.nameOffset < 0) {
      const at = Buffer.from(bytes).indexOf('rootserver\0', 0, 'latin1');
      if (at < 0) return null;
      this.nameOffset = at;
    }
    const end = bytes.indexOf(0, this.nameOffset);
    const s = Buffer.from(bytes.subarray(this.nameOffset, end < 0 ? bytes.length : end)).toString('latin1');
    return /^[\x20-\x7e]+$/.test(s) ? s : null;
  }

  private pa(va: number): number {
    const cpu = this.machine.cpu;
    const r = cpu.csr.r64;
    const hi = r[R64.SATP * 2 + 1]!;
    if ((hi >>> 28) !== 8) return -1;
    const ppn = (hi & 0xfff) * 4294967296 + (r[R64.SATP * 2]! >>> 0);
    return sv39Walk(this.machine.bus, va, Access.LOAD, ppn, 1, true, false, false);
  }

  private readBytes(va: number, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    const bus = this.machine.bus;
    for (let i = 0; i < len;) {
      const pa = this.pa(va + i);
      const off = pa < 0 ? -1 : bus.ramOffset(pa);
      if (off < 0) return i > 0 ? out.subarray(0, i) : null;
      const n = Math.min(len - i, 4096 - (pa % 4096));
      out.set(bus.ram.subarray(off, off + n), i);
      i += n;
    }
    return out;
  }

  private read64(va: number): number | null {
    const b = this.readBytes(va, 8);
    if (b === null || b.length < 8) return null;
    const dv = new DataView(b.buffer, b.byteOffset, 8);
    return addrFromHalves(dv.getUint32(0, true), dv.getInt32(4, true));
  }
}
