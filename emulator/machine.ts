/**
 * The whole deterministic machine: one RV64 hart, RAM and the QEMU-virt devices.
 * Time is the hart's cycle counter; devices report their next event cycle and the run loop
 * executes straight up to it, so interrupt timing is exact and host-independent.
 */
import { addrFromHalves, addrHex0x, u64Text } from './addr.js';
import { firmwareReset } from './firmware-boot.js';
import { OutputWatch } from './output-watch.js';
import { Bus, PAGE_SIZE, PageFlag } from './bus.js';
import { Cpu, Stop, Priv, highestPriorityInterrupt, type HostTrapHandler } from './cpu/cpu.js';
import { MIP_MTIP, MS, R64 } from './cpu/csr-file.js';
import { Clint } from './devices/clint.js';
import { Plic } from './devices/plic.js';
import { Uart16550 } from './devices/uart16550.js';
import { GoldfishRtc } from './devices/goldfish-rtc.js';
import { TestFinisher } from './devices/finisher.js';
import { Htif } from './devices/htif.js';
import { Semihost } from './devices/semihost.js';
import { Access } from './cpu/sv39.js';
import { InputScript } from './devices/input-script.js';
import { MipBit, type Clock, type IrqLines, type MmioDevice, type DeviceState } from './devices/device.js';
import { hasElfMagic, parseElf, type ElfImage, type ElfSegment } from './elf/elf-reader.js';
import { CPU_STATE_VERSION, cpuSnapshot, cpuRestore, type CpuState } from './cpu/cpu-state.js';

export interface MachineConfig {
  ramBase?: number;
  /** Bytes of RAM (default 128 MiB). */
  ramSize?: number;
  /** Cycles per mtime tick (default 10: a 100 MHz hart with QEMU virt's 10 MHz timebase). */
  cyclesPerTick?: number;
  /** Raw bytes of the `--input` file (scripted UART input). */
  input?: Uint8Array;
  /** Block-translation threshold (0 = interpret only); see Cpu.jitThreshold. */
  jitThreshold?: number;
  /** WebAssembly regions over the translated blocks (default WASM_TIER_DEFAULT); see Cpu.wasmTier. */
  wasmTier?: boolean;
  /** See Cpu.regionAfter. */
  wasmRegionAfter?: number;
  /** false: RAM in a plain ArrayBuffer, never a WebAssembly.Memory (so no wasm tier). */
  wasmMemory?: boolean;
  /**
   * Semihosting calls (devices/semihost.ts), off in QEMU unless `-semihosting`. Default: on for a
   * bare ELF that defines picolibc's `sys_semihost` (it cannot print or exit any other way),
   * otherwise off — firmware such as OpenSBI probes for it and would move its console there.
   */
  semihosting?: boolean;
}

export type StopReason =
  | { kind: 'exit'; code: number; source: 'htif' | 'semihost' | 'finisher' | 'kernel' | 'output' }
  | { kind: 'cycle-limit' }
  | { kind: 'halt'; reason: string }
  /** The same exception at the same pc `count` times in a row (Cpu.storm): no progress possible. */
  | { kind: 'trap-storm'; cause: number; pc: number; tval: string; count: number; entry?: TrapStormEntry };

/**
 * The exception taken just before a trap storm began (tval as an unsigned decimal string), and
 * `vector`: the trap-vector CSR whose base is the storm's pc (the vector itself faults), if any.
 */
export interface TrapStormEntry { cause: number; pc: number; tval: string; vector?: 'mtvec' | 'stvec' }

const TWO32 = 4294967296;
const NO_OUTPUT: readonly Uint8Array[] = [];

/** Consecutive identical exceptions that end a run as a trap storm. */
export const TRAP_STORM_LIMIT = 10_000;

export const DEFAULT_RAM_BASE = 0x8000_0000;
export const DEFAULT_RAM_SIZE = 128 * 1024 * 1024;
/** Whether machines run hot code as WebAssembly regions unless their config says (Cpu.wasmTier; measured in bench/README.md). */
export const WASM_TIER_DEFAULT = true;

/**
 * Indices of the set marks (a page per RAM page). Its own function: V8 optimises this loop
 * (32768 pages of 128 MiB) while the first snapshot is still in it; inside `snapshot`, that
 * code then deoptimised at the first statement after the loop, which had not run yet (4
 * TurboFan compiles of snapshot per recording).
 */
function markedPages(marks: Uint8Array): number[] {
  const idx: number[] = [];
  for (let p = 0; p < marks.length; p++) if (marks[p] !== 0) idx.push(p);
  return idx;
}

/**
 * The [start, end) physical ranges firmware (`-bios`) occupies: an ELF's loadable segments (`elf`:
 * already parsed), or a raw binary from the RAM base.
 */
export function firmwareRanges(firmware: Uint8Array, ramBase: number, elf: ElfImage | null = hasElfMagic(firmware) ? parseElf(firmware, 'firmware') : null): [number, number][] {
  if (elf === null) return [[ramBase, ramBase + firmware.length]];
  return elf.segments.filter((g) => g.memsz > 0).map((g): [number, number] => [g.paddr, g.paddr + g.memsz]);
}

export interface MachineSnapshot {
  readonly version: number;
  readonly cpu: CpuState;
  /** RAM pages that may be non-zero: page indices and their bytes (concatenated). */
  readonly pages: Uint32Array;
  readonly pageData: Uint8Array;
  readonly devices: { readonly [name: string]: DeviceState };
  readonly htif: DeviceState | null;
  /** Absent in snapshots from before semihosting (nothing to restore: reset). */
  readonly semihost?: DeviceState;
  readonly exit: StopReason | null;
  readonly idle: boolean;
}

export class Machine {
  readonly bus: Bus;
  readonly cpu: Cpu;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly uart: Uart16550;
  readonly rtc: GoldfishRtc;
  readonly finisher: TestFinisher;
  readonly cyclesPerTick: number;
  htif: Htif | null = null;
  /** Semihosting calls from M/S-mode code (picolibc's --oslib=semihost); see devices/semihost.ts. */
  readonly semihost: Semihost;
  /** Whether ebreak sequences are semihosting calls (see MachineConfig.semihosting). */
  semihosting: boolean;
  private readonly semihostingAuto: boolean;
  /** pc of the first semihosting call made while semihosting was off (for the hint), or null. */
  private semihostMissed: number | null = null;
  /** Set by the host (e.g. the kernel model) to stop the machine. */
  private hostExit: StopReason | null = null;
  /**
   * Set by the kernel model when no thread can run: the hart executes nothing and time jumps
   * to the next device event; a pending enabled interrupt is then handed to the host trap
   * handler as if taken from U-mode.
   */
  idle = false;
  /** Console stop conditions (--until-output / --fail-output), and UART bytes already fed to it. */
  private watch: OutputWatch | null = null;
  private watched = 0;
  /** Most instructions per CPU batch; the recorder lowers it to bound block records per batch. */
  batchCap = 1 << 22;

  constructor(cfg: MachineConfig = {}) {
    this.bus = new Bus(cfg.ramBase ?? DEFAULT_RAM_BASE, cfg.ramSize ?? DEFAULT_RAM_SIZE, cfg.wasmMemory ?? true);
    this.cpu = new Cpu(this.bus);
    if (cfg.jitThreshold !== undefined) this.cpu.jitThreshold = cfg.jitThreshold;
    this.cpu.wasmTier = cfg.wasmTier ?? WASM_TIER_DEFAULT;
    if (cfg.wasmRegionAfter !== undefined) this.cpu.regionAfter = cfg.wasmRegionAfter;
    this.cyclesPerTick = cfg.cyclesPerTick ?? 10;
    const cpu = this.cpu;
    const clock: Clock = { cycles: () => cpu.cycle, cyclesPerTick: this.cyclesPerTick };
    const irqs: IrqLines = {
      setMip: (bit: MipBit, level: boolean) => {
        if (level) cpu.csr.mipHw |= 1 << bit; else cpu.csr.mipHw &= ~(1 << bit);
      },
    };
    this.clint = new Clint(clock, irqs);
    this.plic = new Plic(irqs);
    const input = cfg.input !== undefined ? InputScript.parse(cfg.input) : undefined;
    this.uart = new Uart16550({ clock, plic: this.plic, input });
    this.finisher = new TestFinisher();
    this.rtc = new GoldfishRtc({ clock, plic: this.plic });
    for (const d of [this.clint, this.plic, this.uart, this.finisher, this.rtc]) this.bus.attach(d);
    cpu.timeAt = () => this.clint.mtime();
    this.semihost = new Semihost(this.guestMemory(), () => this.clint.mtime(), () => input?.takeNext() ?? -1);
    this.semihosting = cfg.semihosting ?? false;
    this.semihostingAuto = cfg.semihosting === undefined;
    cpu.onEbreak = (pc) => this.semihostCall(pc);
  }

  get devices(): readonly MmioDevice[] { return this.bus.devices; }

  /**
   * `gcc -nostdlib -Ttext=0x80000000` puts the ELF and program headers in the first PT_LOAD,
   * one page below RAM. Like QEMU, load what lies in RAM and drop the part below it when that
   * part holds no allocated section (only headers and padding); otherwise the segment is
   * refused (below) with the address to change. Null: nothing of the segment is left to load.
   */
  private skipHeadersBelowRam(img: ElfImage, seg: ElfSegment): ElfSegment | null {
    const base = this.bus.ramBase;
    if (seg.paddr >= base || seg.paddr + seg.memsz <= seg.paddr) return seg;
    const below = Math.min(base - seg.paddr, seg.memsz);
    const vlo = seg.vaddr, vhi = seg.vaddr + below;
    const SHF_ALLOC = 2;
    const inside = img.sections.find((x) => (x.flags & SHF_ALLOC) !== 0 && x.size > 0 && x.addr < vhi && x.addr + x.size > vlo);
    if (inside !== undefined) {
      throw new Error(`section ${inside.name} at 0x${inside.addr.toString(16)} lies below RAM (0x${base.toString(16)}); link it at or above 0x${base.toString(16)}`);
    }
    if (below >= seg.memsz) return null;
    return { ...seg, vaddr: seg.vaddr + below, paddr: seg.paddr + below, memsz: seg.memsz - below, data: seg.data.subarray(Math.min(below, seg.data.length)) };
  }

  /** What led into the current trap storm (Cpu.stormEntry), for the stop reason. */
  private stormEntry(): { entry?: TrapStormEntry } {
    const e = this.cpu.stormEntry, r = this.cpu.csr.r64, pc = this.cpu.storm.pc;
    const base = (i: number): number => addrFromHalves(r[i * 2] & ~3, r[i * 2 + 1]);
    const vector = pc === base(R64.MTVEC) ? 'mtvec' as const : pc === base(R64.STVEC) ? 'stvec' as const : undefined;
    if (e.cause < 0 && vector === undefined) return {};
    return { entry: { cause: e.cause, pc: e.pc, tval: u64Text(e.tvalLo, e.tvalHi), ...(vector === undefined ? {} : { vector }) } };
  }

  /**
   * Load a bare-metal ELF: segments at their physical addresses, QEMU virt's reset state (a0
   * hart id, a1 device tree, a2 fw_dynamic_info), HTIF if present. `firmware` is QEMU's
   * `-bios FILE` (none: `-bios none`): a raw binary at the RAM base (an ELF at its own
   * addresses) where the hart starts, the image being its payload (fw_dynamic_info.next_addr =
   * the image's entry, entered in S-mode by OpenSBI).
   */
  loadBareElf(img: ElfImage, firmware: Uint8Array | null = null): void {
    const loaded = this.loadSegments(img);
    let start = img.entry;
    if (firmware !== null) {
      const fw = hasElfMagic(firmware) ? parseElf(firmware, 'firmware') : null;
      const fwRanges = firmwareRanges(firmware, this.bus.ramBase, fw);
      for (const [lo, hi] of loaded) {
        for (const [flo, fhi] of fwRanges) {
          if (lo < fhi && flo < hi) {
            throw new Error(`segment at 0x${lo.toString(16)} overlaps the firmware (0x${flo.toString(16)}..0x${fhi.toString(16)}); ` +
              `link the image above it (OpenSBI's payload address on virt is 0x${(this.bus.ramBase + 0x200000).toString(16)})`);
          }
        }
      }
      if (fw !== null) { this.loadSegments(fw); start = fw.entry; } else {
        if (firmware.length > this.bus.ramSize) throw new Error(`firmware of ${firmware.length} bytes does not fit in RAM`);
        this.bus.writeBytes(this.bus.ramBase, firmware);
        start = this.bus.ramBase;
      }
    }
    this.cpu.reset(start);
    // Registers, device tree and ROM as QEMU virt's reset vector leaves them (firmware-boot.ts).
    firmwareReset(this, img.entry);
    if (this.semihostingAuto) this.semihosting = firmware === null && img.symbols.some((s) => s.name === 'sys_semihost');
    const tohost = img.symbols.find((s) => s.name === 'tohost');
    const fromhost = img.symbols.find((s) => s.name === 'fromhost');
    if (tohost !== undefined && this.bus.ramOffset(tohost.value) >= 0 && tohost.value % 8 === 0) {
      this.attachHtif(tohost.value, fromhost !== undefined && fromhost.value % 8 === 0 ? fromhost.value : undefined);
    }
  }

  /** Copy an ELF's segments into RAM at their physical addresses; returns the [start, end) ranges written. */
  private loadSegments(img: ElfImage): [number, number][] {
    const out: [number, number][] = [];
    for (const seg of img.segments) {
      if (seg.memsz === 0) continue;
      const s = this.skipHeadersBelowRam(img, seg);
      if (s === null) continue;
      const off = this.bus.ramOffset(s.paddr);
      if (off < 0 || off + s.memsz > this.bus.ramSize) {
        throw new Error(`segment at 0x${s.paddr.toString(16)} (size 0x${s.memsz.toString(16)}) lies outside RAM ` +
          `0x${this.bus.ramBase.toString(16)}..0x${(this.bus.ramBase + this.bus.ramSize).toString(16)}`);
      }
      this.bus.writeBytes(s.paddr, s.data);
      this.bus.markDirty(off, s.memsz);
      out.push([s.paddr, s.paddr + s.memsz]);
    }
    return out;
  }

  private attachHtif(tohost: number, fromhost: number | undefined): void {
    const bus = this.bus;
    const r32 = bus.ram32;
    this.htif = new Htif({
      tohost, fromhost,
      read64: (a) => { const o = bus.ramOffset(a) >> 2; return [r32[o] >>> 0, r32[o + 1] >>> 0]; },
      write64: (a, lo, hi) => { const o = bus.ramOffset(a); r32[o >> 2] = lo; r32[(o >> 2) + 1] = hi; bus.dirty[o >>> 12] = 1; bus.epochDirty[o >>> 12] = 1; },
    });
    const page = bus.ramOffset(tohost) >>> 12;
    bus.pageFlags[page] |= PageFlag.WATCH;
    this.cpu.dropWriteTlbForPage(page);
    const htif = this.htif;
    bus.onWatchedStore = (pa, size) => {
      if (pa < tohost + 8 && pa + size > tohost) htif.onStore(pa, size);
    };
  }

  /**
   * An ebreak at `pc` in M/S mode: a semihosting call when it sits in the magic sequence
   * (`slli x0,x0,0x1f; ebreak; srai x0,x0,7`, all uncompressed), a0 = operation, a1 = argument.
   */
  private semihostCall(pc: number): boolean {
    const cpu = this.cpu;
    if (cpu.peekInsn(pc) !== 0x00100073 || cpu.peekInsn(pc - 4) !== 0x01f01013 || cpu.peekInsn(pc + 4) !== 0x40705013) return false;
    if (!this.semihosting) { this.semihostMissed ??= pc; return false; }
    const x = cpu.x;
    const r = this.semihost.call(x[20] >>> 0, x[23] * TWO32 + (x[22] >>> 0));
    x[20] = r % TWO32; x[21] = Math.floor(r / TWO32);
    if (this.semihost.starved) this.requestExit({ kind: 'halt', reason: `the guest waits for console input (semihosting SYS_READC at pc ${addrHex0x(pc)}) after the end of its --input` });
    return true;
  }

  /** Guest memory through the hart's current translation (semihosting's view): reads as a debugger peeks; writes page by page. */
  private guestMemory(): { read(va: number, len: number): Uint8Array | null; write(va: number, data: Uint8Array): boolean } {
    const cpu = this.cpu, bus = this.bus;
    const write = (va: number, data: Uint8Array): boolean => {
      for (let at = 0; at < data.length;) {
        const n = Math.min(data.length - at, 4096 - ((va + at) % 4096 + 4096) % 4096);
        const pa = cpu.peekTranslate(va + at, Access.STORE);
        if (pa < 0 || bus.ramOffset(pa) < 0 || bus.ramOffset(pa + n - 1) < 0) return false;
        bus.writeBytes(pa, data.subarray(at, at + n));
        at += n;
      }
      return true;
    };
    return { read: (va, len) => cpu.peekBytes(va, len), write };
  }

  /** When the guest made semihosting calls with semihosting off: one line saying how to turn it on. */
  semihostingHint(): string | null {
    return this.semihostMissed === null ? null
      : `the guest made a semihosting call (ebreak at pc ${addrHex0x(this.semihostMissed)}) with semihosting off: run it with --semihosting`;
  }

  /** The first malformed or unsupported request of the host interfaces (HTIF, semihosting), one line each. */
  hostInterfaceErrors(): string[] {
    return [this.htif?.error() ?? null, this.semihost.error()].filter((e): e is string => e !== null);
  }

  setHostTrap(h: HostTrapHandler | null): void { this.cpu.hostTrap = h; }

  /**
   * Set by a host kernel: true when the hart idles with nothing to wake it but the kernel's own
   * periodic idle timer (no release pending). Then, with no device event ahead either, the run
   * is a deadlock and stops instead of ticking for ever.
   */
  idleQuiescent: (() => boolean) | null = null;

  private nextDeviceEventBesidesTimer(): number {
    let next = Infinity;
    const ds = this.bus.devices;
    for (let i = 0; i < ds.length; i++) {
      if (ds[i] === (this.clint as unknown)) continue;
      const e = ds[i].nextEventCycle(); if (e < next) next = e;
    }
    return next;
  }

  /**
   * Stop when the console shows `pass` (exit 0) or `fail` (exit 1), whichever appears first.
   * UART transmits end a CPU batch, so the stop lands right after the byte completing the match.
   */
  watchOutput(pass: string | null, fail: string | null): void {
    this.watch = pass === null && fail === null ? null : new OutputWatch(pass, fail);
    this.watched = this.uart.outputLength();
  }

  private checkOutput(): void {
    const w = this.watch!;
    const n = this.uart.outputLength();
    if (n === this.watched) return;
    const v = w.feed(this.uart.outputSince(this.watched));
    this.watched = n;
    if (v !== null) this.requestExit({ kind: 'exit', code: v === 'pass' ? 0 : 1, source: 'output' });
  }

  /** Stop the machine from host code (e.g. a kernel halt); run() returns this reason. */
  requestExit(reason: StopReason): void { this.hostExit = reason; this.cpu.stop = Stop.HOST; }

  /** Whether the machine has already stopped for good, and why. */
  exitReason(): StopReason | null {
    if (this.hostExit !== null) return this.hostExit;
    const h = this.htif?.exit();
    if (h !== undefined && h !== null) return { kind: 'exit', code: h, source: 'htif' };
    const sh = this.semihost.exit();
    if (sh !== null) return { kind: 'exit', code: sh, source: 'semihost' };
    const f = this.finisher.status();
    if (f !== null) {
      if (f.kind === 'pass') return { kind: 'exit', code: 0, source: 'finisher' };
      if (f.kind === 'fail') return { kind: 'exit', code: f.code, source: 'finisher' };
      return { kind: 'halt', reason: 'reset requested through the test finisher' };
    }
    return null;
  }

  private nextEvent(): number {
    let next = Infinity;
    const ds = this.bus.devices;
    for (let i = 0; i < ds.length; i++) { const e = ds[i].nextEventCycle(); if (e < next) next = e; }
    return next;
  }

  /**
   * New console output since `mark` (advanced past it), per device in order of appearance of
   * each device's bytes: streaming a run's console costs only the new bytes, never the history.
   */
  consoleSince(mark: { uart: number; htif: number; semihost: number }): readonly Uint8Array[] {
    // Asked between every two batches, mostly with nothing new: no allocation then.
    if (this.uart.outputLength() === mark.uart && (this.htif === null || this.htif.outputLength() === mark.htif) && this.semihost.outputLength() === mark.semihost) return NO_OUTPUT;
    const out: Uint8Array[] = [];
    const u = this.uart.outputSince(mark.uart);
    if (u.length > 0) { out.push(u); mark.uart += u.length; }
    const h = this.htif?.outputSince(mark.htif);
    if (h !== undefined && h.length > 0) { out.push(h); mark.htif += h.length; }
    const s = this.semihost.outputSince(mark.semihost);
    if (s.length > 0) { out.push(s); mark.semihost += s.length; }
    return out;
  }

  /** Output the guest wrote to the console (UART, then HTIF console if any, then semihosting). */
  consoleOutput(): Uint8Array {
    const u = this.uart.output();
    const h = this.htif?.output() ?? new Uint8Array(0);
    const s = this.semihost.output();
    if (h.length === 0 && s.length === 0) return u;
    const o = new Uint8Array(u.length + h.length + s.length);
    o.set(u); o.set(h, u.length); o.set(s, u.length + h.length);
    return o;
  }

  /**
   * Run until the guest exits, halts, or the cycle counter reaches `cycleLimit` (absolute).
   * `onBatch` (optional) is called between batches, e.g. for a progress line.
   */
  run(cycleLimit: number, onBatch?: () => void): StopReason {
    const cpu = this.cpu;
    const ds = this.bus.devices;
    let idleSpins = 0;
    let lastPc = NaN;
    for (;;) {
      for (let i = 0; i < ds.length; i++) ds[i].tick();
      const ex = this.exitReason();
      if (ex !== null) return ex;
      const st = cpu.storm;
      if (st.count >= TRAP_STORM_LIMIT) {
        return { kind: 'trap-storm', cause: st.cause, pc: st.pc, tval: u64Text(st.tvalLo, st.tvalHi), count: st.count, ...this.stormEntry() };
      }
      if (cpu.cycle >= cycleLimit) return { kind: 'cycle-limit' };
      if (this.idle) {
        const c = cpu.csr;
        const pend = c.mip & c.mie;
        if (this.idleQuiescent !== null && (pend & ~MIP_MTIP) === 0 && this.idleQuiescent() && this.nextDeviceEventBesidesTimer() === Infinity) {
          return { kind: 'halt', reason: 'all threads blocked and no interrupt source armed (deadlock)' };
        }
        const irq = highestPriorityInterrupt(pend);
        if (irq >= 0 && cpu.hostTrap !== null) {
          const before = cpu.cycle;
          cpu.hostTrap(irq, true, 0, 0);
          // Time must pass: an interrupt the kernel model takes again and again at the same
          // cycle would spin here forever, deaf to the cycle limit.
          idleSpins = cpu.cycle === before ? idleSpins + 1 : 0;
          if (idleSpins >= 1_000_000) return { kind: 'halt', reason: `the kernel took interrupt ${irq} ${idleSpins} times at cycle ${cpu.cycle} without time passing (livelock)` };
          continue;
        }
        const n = this.nextEvent();
        if (n === Infinity) return { kind: 'halt', reason: 'all threads blocked and no interrupt source armed (deadlock)' };
        if (n >= cycleLimit) { cpu.cycle = Math.max(cpu.cycle, cycleLimit); return { kind: 'cycle-limit' }; }
        cpu.cycle = Math.max(cpu.cycle, n);
        if (onBatch !== undefined) onBatch();
        continue;
      }
      if (cpu.wfiWait) {
        // Stalled in WFI: cycles pass, no instructions retire, until an interrupt is pending.
        const c = cpu.csr;
        if ((c.mip & c.mie) === 0) {
          const n = this.nextEvent();
          if (n === Infinity) return { kind: 'halt', reason: `wfi at pc ${addrHex0x(cpu.pc - 4)} with no interrupt source armed` };
          cpu.cycle = Math.max(cpu.cycle, Math.min(n, cycleLimit));
          if (onBatch !== undefined) onBatch();
          continue;
        }
        cpu.wfiWait = false;
      }
      cpu.checkInterrupts();
      if (this.hostExit !== null) return this.hostExit;
      if (this.idle) continue;
      const next = this.nextEvent();
      const until = Math.min(cycleLimit, next);
      let budget = until - cpu.cycle;
      if (budget < 1) budget = 1;
      if (budget > this.batchCap) budget = this.batchCap;
      cpu.run(budget);
      if (cpu.stop === Stop.WFI) cpu.wfiWait = true;
      else if (cpu.pc === lastPc && cpu.hostTrap === null) {
        const spin = this.spinsForever();
        if (spin !== null) return { kind: 'halt', reason: spin };
      }
      lastPc = cpu.pc;
      if (this.watch !== null) this.checkOutput();
      if (onBatch !== undefined) onBatch();
    }
  }

  /**
   * Why the hart can never leave the instruction at pc, or null: a jump or branch to itself
   * (`j .`, `c.j .`, `beq x0, x0, .` — what a C runtime's main-returned loop compiles to) with
   * no interrupt that could be taken at this privilege, or none that could ever become pending.
   * Checked when two batches in a row end at the same pc, so a real wait loop costs nothing.
   */
  private spinsForever(): string | null {
    const cpu = this.cpu;
    const w = cpu.peekInsn(cpu.pc);
    if (w !== 0x0000006f && w !== 0xa001 && w !== 0x00000063) return null;
    const c = cpu.csr;
    const m = c.mie & ~c.mideleg, s = c.mie & c.mideleg;
    const mOn = cpu.priv < Priv.M || (c.mstatus & MS.MIE) !== 0;
    const sOn = cpu.priv < Priv.S || (cpu.priv === Priv.S && (c.mstatus & MS.SIE) !== 0);
    const takeable = (mOn ? m : 0) | (sOn ? s : 0);
    const where = `spins for ever at pc ${addrHex0x(cpu.pc)} (a jump to itself)`;
    if (takeable === 0) return `${where} with interrupts disabled`;
    if ((c.mip & takeable) === 0 && this.nextEvent() === Infinity) return `${where} with no interrupt source armed`;
    return null;
  }

  // ------------------------------------------------------------------ snapshots
  /**
   * Snapshot the machine. 'full' holds every page that may be non-zero; 'delta' only the pages
   * written since the last startDirtyEpoch() (so a checkpoint chain keyframe + deltas rebuilds
   * RAM). Reads only: the machine's state, dirty marks included, is left as it was.
   */
  snapshot(kind: 'full' | 'delta' = 'full'): MachineSnapshot {
    const bus = this.bus;
    const idx = markedPages(kind === 'full' ? bus.dirty : bus.epochDirty);
    const pages = Uint32Array.from(idx);
    const pageData = new Uint8Array(idx.length * PAGE_SIZE);
    for (let k = 0; k < idx.length; k++) pageData.set(bus.ram.subarray(idx[k] * PAGE_SIZE, (idx[k] + 1) * PAGE_SIZE), k * PAGE_SIZE);
    const devices: { [name: string]: DeviceState } = {};
    for (const d of bus.devices) devices[d.name] = d.snapshot();
    return {
      version: CPU_STATE_VERSION,
      cpu: cpuSnapshot(this.cpu),
      pages, pageData, devices,
      htif: this.htif?.snapshot() ?? null,
      semihost: this.semihost.snapshot(),
      exit: this.hostExit,
      idle: this.idle,
    };
  }

  /** Start a new epoch of delta tracking: the next 'delta' snapshot holds pages written from here. */
  startDirtyEpoch(): void {
    this.bus.epochDirty.fill(0);
    this.cpu.flushTlb(); // write-TLB entries must re-mark pages of the new epoch
  }

  /** Restore a full snapshot exactly. */
  restore(s: MachineSnapshot): void {
    const bus = this.bus;
    // Pages not marked dirty are all-zero. Pages the snapshot does not hold must become zero;
    // the others are overwritten by applyPages.
    const held = new Uint8Array(bus.dirty.length);
    for (let k = 0; k < s.pages.length; k++) held[s.pages[k]] = 1;
    for (let p = 0; p < bus.dirty.length; p++) {
      if (bus.dirty[p] !== 0 && held[p] === 0) {
        bus.ram.fill(0, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
        bus.dirty[p] = 0;
        if (bus.pageFlags[p] & PageFlag.CODE) this.cpu.invalidateCodePage(p);
      }
    }
    this.applyPages(s);
    this.restoreState(s);
  }

  /**
   * Overwrite RAM with the pages a snapshot holds (a delta applied on top of its predecessor).
   * Only pages whose bytes differ are written, so decoded and translated code survives a
   * restore wherever the code did not change (seeking back and forth stays fast).
   */
  applyPages(s: MachineSnapshot): void {
    const bus = this.bus;
    for (let k = 0; k < s.pages.length; k++) {
      const p = s.pages[k];
      const src = s.pageData.subarray(k * PAGE_SIZE, (k + 1) * PAGE_SIZE);
      const dst = bus.ram.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      bus.dirty[p] = 1;
      if (Buffer.compare(src, dst) === 0) continue;
      dst.set(src);
      if (bus.pageFlags[p] & PageFlag.CODE) this.cpu.invalidateCodePage(p);
    }
  }

  /** Restore hart, devices and machine flags (not RAM) from a snapshot. */
  restoreState(s: MachineSnapshot): void {
    if (s.version !== CPU_STATE_VERSION) throw new Error(`snapshot version ${s.version} is not ${CPU_STATE_VERSION}`);
    this.cpu.storm.count = 0; this.cpu.storm.cause = -1;
    const bus = this.bus;
    for (const d of bus.devices) {
      const st = s.devices[d.name];
      if (st === undefined) throw new Error(`snapshot has no state for device ${d.name}`);
      d.restore(st);
    }
    if (this.htif !== null && s.htif !== null) this.htif.restore(s.htif);
    if (s.semihost !== undefined) this.semihost.restore(s.semihost); else this.semihost.reset();
    this.hostExit = s.exit;
    this.idle = s.idle;
    bus.epochDirty.fill(0);
    cpuRestore(this.cpu, s.cpu);
  }
}
