/**
 * The kernel model: owns the kernel state, is the machine's host trap handler (every trap from
 * U-mode is a kernel entry), and switches the hart between threads.
 *
 * Every trap handler sees the exact cycle (the interpreter commits retired instructions before
 * a trap), so a synchronous trap (ecall, fault) is handled at once, inside the trapping batch;
 * interrupts (timer, PLIC) arrive between batches. The modelled cost of an entry is added to
 * cpu.cycle on exit.
 */
import type { Machine } from '../machine.js';
import { Priv } from '../cpu/cpu.js';
import { R64, MIP_MEIP, MIP_MTIP } from '../cpu/csr-file.js';
import type { KernelObserver, ScheduleReason, ThreadStateName } from '../observer.js';
import { CapType, Cause, NUM_PRIORITIES, Reg, Sys, TS } from './abi.js';
import type {
  CNodeObj, EndpointObj, FrameObj, KObject, NotificationObj, PageTableObj, ReplyObj,
  SchedContextObj, TcbObj, UntypedObj,
} from './objects.js';
import { kindName, TcbSlot } from './objects.js';
import { initialState, type FaultRecord, type KState } from './state.js';
import { DEFAULT_PLIC_MODE, resolveCosts, type CostKind, type KernelCosts, type PlicMode } from './costs.js';
import { decodeState, encodeState, type KernelState } from './snapshot.js';
import { handleSyscall, handleException, syscallNumber } from './syscalls.js';
import { handleInterruptEntry } from './irq.js';
import { activateThread, schedule, isSchedulable, rebuildReadyBits, updateTimestamp } from './scheduler.js';
import { runMonitor } from './monitor.js';
import { KERNEL_POOL_OFFSET } from './sdf/microkit-layout.js';
import { fpuRestore } from './fpu.js';

const TWO32 = 4294967296;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

export interface KernelOptions {
  /** Overrides of the modelled kernel costs (cycles per entry kind). */
  costs?: Partial<KernelCosts>;
  /** How the PLIC claim is completed (see costs.ts PlicMode); kept in the kernel state. */
  plic?: PlicMode;
  observer?: KernelObserver;
  /** Physical memory the kernel may hand out (page tables, frames, untyped). */
  physStart?: number;
  physEnd?: number;
}

/** Public view of a thread, for tools and tests. */
export interface ThreadInfo {
  id: number;
  name: string;
  state: ThreadStateName;
  priority: number;
  pc: number;
  sc: number | null;
}

/** A synchronous trap being handled: its cause, tval and the trapping pc. */
interface SyncTrap { cause: number; tvalLo: number; tvalHi: number; pc: number }

/** Per-entry scratch (never alive across entries, so never part of a snapshot). */
interface EntryInfo {
  from: number;
  cost: CostKind;
  reason: ScheduleReason | null;
  donatedTo: number;
  repliedTo: number;
  /** Cycles added to the entry's cost (the monitor's fault report). */
  extra: number;
}

export class Kernel {
  readonly machine: Machine;
  readonly costs: KernelCosts;
  observer: KernelObserver | undefined;
  /** The kernel state (see state.ts). Replaced wholesale by restore(). */
  s: KState;
  /** Cycles per microsecond (10 MHz timebase: 10 ticks per µs). */
  readonly cyclesPerUs: number;
  /** MIN_BUDGET = 2 × WCET (10 µs) × WCET_SCALE (1), kernel WCET, timer precision (1 µs). */
  readonly minBudget: number;
  readonly wcet: number;
  readonly timerPrecision: number;
  entry: EntryInfo = { from: 0, cost: 'syscall', reason: null, donatedTo: 0, repliedTo: 0, extra: 0 };
  /**
   * A thread whose state reports are held while an IPC path passes it through a state it
   * leaves in the same entry (seL4's reply_unlink makes a receiver Inactive before it is set
   * Running); 0: none. Set and cleared within one kernel function, never across entries.
   */
  holdReports = 0;
  /**
   * The hart's TLB may hold translations the kernel has since changed (memory zeroed for new
   * objects, page-table writes): flushed before the next return to user mode. The TLB is
   * otherwise kept across kernel entries that return to the same address space.
   */
  tlbStale = false;
  /** Bit p set: ready queue p is not empty (derived from s.ready; rebuilt when the state is replaced). */
  readonly readyBits = new Uint32Array(NUM_PRIORITIES / 32);

  constructor(machine: Machine, opts: KernelOptions = {}) {
    this.machine = machine;
    this.costs = resolveCosts(opts.costs);
    this.observer = opts.observer;
    this.cyclesPerUs = 10 * machine.cyclesPerTick;
    this.wcet = 10 * this.cyclesPerUs;
    this.minBudget = 2 * this.wcet;
    this.timerPrecision = this.cyclesPerUs;
    const bus = machine.bus;
    const start = opts.physStart ?? bus.ramBase + KERNEL_POOL_OFFSET;
    const end = opts.physEnd ?? bus.ramBase + bus.ramSize;
    if (start < bus.ramBase || end > bus.ramBase + bus.ramSize || start >= end) {
      throw new Error(`kernel physical memory 0x${start.toString(16)}..0x${end.toString(16)} is not inside RAM`);
    }
    this.s = initialState(start, end);
    this.s.plic = opts.plic ?? DEFAULT_PLIC_MODE;
    this.configureHart();
    machine.setHostTrap((cause, interrupt, tvalLo, tvalHi) => this.onTrap(cause, interrupt, tvalLo, tvalHi));
    machine.idleQuiescent = () => this.s.cur === 0 && this.s.release.length === 0;
  }

  /** Interrupts from U-mode go to M level, un-delegated: the kernel's timer and the PLIC. */
  private configureHart(): void {
    const c = this.machine.cpu.csr;
    c.mideleg = 0;
    c.medeleg = 0;
    c.mie = MIP_MTIP | MIP_MEIP;
    // Let PDs read cycle/time/instret (rdcycle, rdtime) from U-mode.
    c.mcounteren = 7;
    c.scounteren = 7;
    // PLIC context 0 (M-mode): threshold 0; sources get enabled as IRQ handlers are issued.
    this.machine.plic.write(0x200000, 4, 0);
  }

  // ------------------------------------------------------------------ object access
  obj(id: number): KObject {
    const o = this.s.objects[id];
    if (o === null || o === undefined) throw new Error(`kernel: no object ${id}`);
    return o;
  }
  // Each typed accessor reads the object itself (not through obj()), so that its kind check
  // stays monomorphic: one shared check sees all nine object shapes and goes megamorphic.
  tcb(id: number): TcbObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'tcb') this.notA(id, 'a TCB'); return o as TcbObj; }
  ep(id: number): EndpointObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'endpoint') this.notA(id, 'an endpoint'); return o as EndpointObj; }
  ntfn(id: number): NotificationObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'notification') this.notA(id, 'a notification'); return o as NotificationObj; }
  sc(id: number): SchedContextObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'sc') this.notA(id, 'a scheduling context'); return o as SchedContextObj; }
  reply(id: number): ReplyObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'reply') this.notA(id, 'a reply'); return o as ReplyObj; }
  cnode(id: number): CNodeObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'cnode') this.notA(id, 'a CNode'); return o as CNodeObj; }
  untyped(id: number): UntypedObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'untyped') this.notA(id, 'untyped'); return o as UntypedObj; }
  frame(id: number): FrameObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'frame') this.notA(id, 'a frame'); return o as FrameObj; }
  pageTable(id: number): PageTableObj { const o = this.s.objects[id]; if (o == null || o.kind !== 'pagetable') this.notA(id, 'a page table'); return o as PageTableObj; }
  private notA(id: number, what: string): never {
    const o = this.s.objects[id];
    throw new Error(o === null || o === undefined ? `kernel: no object ${id}` : `kernel: object ${id} is not ${what}`);
  }

  /** Register a new object (ids in creation order) and report it. */
  addObject<T extends KObject>(make: (id: number) => T, owner: number | null = null): T {
    const id = this.s.objects.length;
    const o = make(id);
    this.s.objects.push(o);
    this.observer?.onObject?.({ cycle: this.now(), id, type: kindName(o.kind), name: o.name, owner });
    return o;
  }

  /** Next unique cap id (for the derivation tree). */
  nextCapId(): number { return this.s.nextCapId++; }

  now(): number { return this.machine.cpu.cycle; }

  // ------------------------------------------------------------------ registers (saved copy)
  getReg(t: TcbObj, r: number): bigint {
    if (r === 0) return 0n;
    return (BigInt(t.regs[2 * r + 1] >>> 0) << 32n) | BigInt(t.regs[2 * r] >>> 0);
  }
  /** Low bits of a register as a number (exact below 2^53; for small values). */
  getRegNum(t: TcbObj, r: number): number {
    return (t.regs[2 * r + 1] >>> 0) * TWO32 + (t.regs[2 * r] >>> 0);
  }
  setReg(t: TcbObj, r: number, v: bigint): void {
    if (r === 0) return;
    if (v >= 0n && v <= MAX_SAFE_BIG) {
      // Most words (badges, lengths, zero) fit a double exactly: no BigInt arithmetic.
      const n = Number(v);
      t.regs[2 * r] = n % TWO32 | 0;
      t.regs[2 * r + 1] = Math.floor(n / TWO32) | 0;
      return;
    }
    const u = BigInt.asUintN(64, v);
    t.regs[2 * r] = Number(u & 0xffffffffn) | 0;
    t.regs[2 * r + 1] = Number(u >> 32n) | 0;
  }
  /** A saved register as an unsigned decimal string (observer events), without BigInt below 2^53. */
  regString(t: TcbObj, r: number): string {
    if (r === 0) return '0';
    const hi = t.regs[2 * r + 1] >>> 0;
    if (hi < 0x200000) return String(hi * TWO32 + (t.regs[2 * r] >>> 0));
    return this.getReg(t, r).toString();
  }
  /** Set a saved register from its 32-bit halves. */
  setRegWord(t: TcbObj, r: number, lo: number, hi: number): void {
    if (r === 0) return;
    t.regs[2 * r] = lo;
    t.regs[2 * r + 1] = hi;
  }
  /** Copy register `rs` of `src` into register `rd` of `dst` (saved copies). */
  copyReg(dst: TcbObj, rd: number, src: TcbObj, rs: number): void {
    if (rd === 0) return;
    dst.regs[2 * rd] = src.regs[2 * rs];
    dst.regs[2 * rd + 1] = src.regs[2 * rs + 1];
  }
  /** Register by seL4 message index: -1 = FaultIP. */
  getCtxReg(t: TcbObj, r: number): bigint { return r < 0 ? BigInt(t.faultIP) : this.getReg(t, r); }
  setCtxReg(t: TcbObj, r: number, v: bigint): void {
    if (r < 0) {
      // Addresses beyond Sv39 cannot be fetched anyway; keep the pc a safe double.
      t.faultIP = Number(BigInt.asUintN(53, v));
    } else this.setReg(t, r, v);
  }

  // ------------------------------------------------------------------ physical memory
  readU64(pa: number): bigint {
    const off = this.machine.bus.ramOffset(pa);
    if (off < 0 || off + 8 > this.machine.bus.ramSize) return 0n;
    const r = this.machine.bus.ram32;
    return (BigInt(r[(off >> 2) + 1] >>> 0) << 32n) | BigInt(r[off >> 2] >>> 0);
  }
  /** Low / high 32 bits of the 64-bit word at `pa` (0 outside RAM, as readU64). */
  readLo(pa: number): number {
    const off = this.machine.bus.ramOffset(pa);
    if (off < 0 || off + 8 > this.machine.bus.ramSize) return 0;
    return this.machine.bus.ram32[off >> 2];
  }
  readHi(pa: number): number {
    const off = this.machine.bus.ramOffset(pa);
    if (off < 0 || off + 8 > this.machine.bus.ramSize) return 0;
    return this.machine.bus.ram32[(off >> 2) + 1];
  }
  /** writeU64(dst, readU64(src)) without BigInt. */
  copyU64(dst: number, src: number): void {
    const bus = this.machine.bus;
    const off = bus.ramOffset(dst);
    if (off < 0 || off + 8 > bus.ramSize) return;
    bus.ram32[off >> 2] = this.readLo(src);
    bus.ram32[(off >> 2) + 1] = this.readHi(src);
    this.touched(off);
  }
  writeU64(pa: number, v: bigint): void {
    const bus = this.machine.bus;
    const off = bus.ramOffset(pa);
    if (off < 0 || off + 8 > bus.ramSize) return;
    const u = BigInt.asUintN(64, v);
    bus.ram32[off >> 2] = Number(u & 0xffffffffn) | 0;
    bus.ram32[(off >> 2) + 1] = Number(u >> 32n) | 0;
    this.touched(off);
  }
  /** A kernel write to RAM: mark the page dirty and drop decoded code if it held any. */
  touched(off: number): void {
    const bus = this.machine.bus;
    const page = off >>> 12;
    bus.dirty[page] = 1; bus.epochDirty[page] = 1;
    if (bus.pageFlags[page] & 1) this.machine.cpu.invalidateCodePage(page);
  }
  zeroPhys(pa: number, len: number): void {
    this.tlbStale = true;
    const bus = this.machine.bus;
    const off = bus.ramOffset(pa);
    bus.ram.fill(0, off, off + len);
    bus.markDirty(off, len);
  }

  /** IPC buffer of a thread as a physical address, or 0 (seL4 lookupIPCBuffer). */
  ipcBuffer(t: TcbObj, isReceiver: boolean): number {
    const cap = t.slots[TcbSlot.Buffer];
    if (cap === null || cap === undefined || cap.type !== CapType.Frame) return 0;
    const f = this.frame(cap.obj);
    if (f.isDevice) return 0;
    const rw = cap.rights & 3;
    if (rw === 3 || (!isReceiver && rw === 2)) {
      return f.paddr + (t.ipcBufferVaddr % 2 ** f.sizeBits);
    }
    return 0;
  }

  /** Physical memory the allocator still has. */
  physFree(): number { return this.s.physEnd - this.s.physNext; }

  /** Allocate physical memory (size-aligned to `align`), zeroed. */
  allocPhys(size: number, align: number): number {
    const s = this.s;
    const base = Math.ceil(s.physNext / align) * align;
    if (base + size > s.physEnd) {
      throw new Error(`kernel: out of physical memory allocating 0x${size.toString(16)} bytes ` +
        `(0x${(s.physEnd - s.physNext).toString(16)} left)`);
    }
    s.physNext = base + size;
    this.zeroPhys(base, size);
    return base;
  }

  // ------------------------------------------------------------------ console
  putChar(ch: number): void {
    this.s.console += String.fromCharCode(ch & 0xff);
    this.machine.uart.write(0, 1, ch & 0xff);
  }
  print(text: string): void {
    for (let i = 0; i < text.length; i++) this.putChar(text.charCodeAt(i));
  }

  // ------------------------------------------------------------------ observer helpers
  /** The observable state name of a thread, derived from its kernel state. */
  threadStateName(t: TcbObj): ThreadStateName {
    if (!t.live) return 'halted';
    if (t.id === this.s.cur && isSchedulable(this, t)) return 'running';
    switch (t.state) {
      case TS.Running: case TS.Restart:
        if (t.inReleaseQueue) return 'throttled';
        if (t.id === this.s.cur) return 'running';
        return t.sc !== 0 && this.sc(t.sc).refillMax > 0 ? 'ready' : 'inactive';
      case TS.BlockedOnSend: return 'blocked-send';
      case TS.BlockedOnReceive: return 'blocked-recv';
      case TS.BlockedOnReply: return 'blocked-reply';
      case TS.BlockedOnNotification: return 'blocked-notification';
      default: return 'inactive';
    }
  }

  /** The object a blocked thread waits on (its reply object while BlockedOnReply), else 0. */
  blockedOn(t: TcbObj): number {
    return t.state === TS.BlockedOnReply ? t.replyObject
      : t.state === TS.BlockedOnSend || t.state === TS.BlockedOnReceive || t.state === TS.BlockedOnNotification ? t.blockingObject : 0;
  }

  /**
   * Report a thread's state if it changed since the last report. The last reported state is
   * kernel state (snapshots carry it), kept whether or not anyone observes, so an observed and
   * an unobserved run stay in the same state.
   */
  reportThread(t: TcbObj): void {
    if (t.id === this.holdReports) return;
    const name = this.threadStateName(t);
    const object = this.blockedOn(t);
    if (name === t.reported && object === t.reportedObject) return;
    t.reported = name;
    t.reportedObject = object;
    this.observer?.onThreadState?.({ cycle: this.now(), thread: t.id, state: name, object: object === 0 ? null : object, priority: t.priority });
  }

  recordFault(t: TcbObj, type: string, addr: bigint, handled: boolean, description: string): void {
    const rec: FaultRecord = {
      cycle: this.now(), thread: t.id, threadName: t.name, type, pc: t.faultIP, addr: addr.toString(), handled, description,
    };
    this.s.faults.push(rec);
    this.observer?.onFault?.({ cycle: rec.cycle, thread: t.id, type, pc: t.faultIP, addr: rec.addr, handled });
  }

  // ------------------------------------------------------------------ entry and exit
  private onTrap(cause: number, interrupt: boolean, tvalLo: number, tvalHi: number): void {
    const cpu = this.machine.cpu;
    this.enter(interrupt ? null : { cause, tvalLo, tvalHi, pc: cpu.pc });
  }

  /**
   * Kernel entries until no enabled interrupt is pending. Returning to U-mode with one pending
   * would take it before the next instruction on real hardware; the machine only looks for
   * interrupts between batches, so the kernel takes it here (also keeps runs independent of
   * where run() slices them).
   */
  private enter(trap: SyncTrap | null): void {
    const c = this.machine.cpu.csr;
    this.enterOnce(trap);
    for (let i = 0; i < 1000 && (c.mip & c.mie) !== 0; i++) this.enterOnce(null);
  }

  private enterOnce(trap: SyncTrap | null): void {
    const m = this.machine;
    const cpu = m.cpu;
    const s = this.s;
    s.entries++;
    // The per-entry scratch is reset in place (an object per entry was garbage per entry).
    const en = this.entry;
    en.from = s.cur; en.cost = 'syscall'; en.reason = null; en.donatedTo = 0; en.repliedTo = 0; en.extra = 0;
    const cur = s.cur !== 0 ? this.tcb(s.cur) : null;
    if (cur !== null && !m.idle) {
      cur.regs.set(cpu.x);
      if (trap !== null) {
        cur.faultIP = trap.pc;
        cur.nextIP = trap.cause === Cause.EcallU ? trap.pc + 4 : trap.pc;
      } else {
        cur.faultIP = cpu.pc;
        cur.nextIP = cpu.pc;
      }
    }
    if (trap !== null && cur !== null && trap.cause === Cause.EcallU && this.isDebugSyscall(cur)) {
      // seL4 slowpath → handleUnknownSyscall: the debug calls return straight to the user, with
      // no timestamp and no scheduler (src/api/syscall.c); their time is billed at the next entry.
      handleSyscall(this, cur);
      this.exitToUser();
      return;
    }
    updateTimestamp(this);
    if (trap !== null && cur !== null) {
      if (trap.cause === Cause.EcallU) {
        handleSyscall(this, cur);
      } else {
        this.entry.cost = 'fault';
        handleException(this, cur, trap.cause, trap.tvalLo, trap.tvalHi);
      }
    } else {
      handleInterruptEntry(this);
    }
    runMonitor(this);
    schedule(this);
    activateThread(this);
    this.exitToUser();
  }

  private isDebugSyscall(t: TcbObj): boolean {
    const n = syscallNumber(t);
    return n <= Sys.DebugPutChar && n >= Sys.DebugNameThread && n !== Sys.DebugHalt;
  }

  /** Load the current thread onto the hart (or idle it), charge the entry's cost, arm the timer. */
  exitToUser(baseCost?: number): void {
    const m = this.machine;
    const cpu = m.cpu;
    const s = this.s;
    this.reportSchedule();
    const boot = baseCost === 0;
    let cost = baseCost ?? this.costs[this.entry.cost] + this.entry.extra;
    if (s.cur === 0) {
      m.idle = true;
    } else {
      const t = this.tcb(s.cur);
      m.idle = false;
      cpu.x.set(t.regs);
      cpu.x[0] = 0; cpu.x[1] = 0;
      fpuRestore(this, t);
      cpu.pc = t.nextIP;
      cpu.priv = Priv.U;
      const root = this.vspaceRoot(t);
      const ppn = root / 4096;
      const satpLo = root >= 0 ? ppn % TWO32 : 0;
      const satpHi = root >= 0 ? (0x80000000 | Math.floor(ppn / TWO32)) | 0 : 0;
      if (this.tlbStale) {
        cpu.flushTlb();
        this.tlbStale = false;
      }
      if (root !== s.activeVSpace) {
        if (!boot) cost += this.costs.addressSpaceSwitch;
        s.activeVSpace = root;
        // No ASIDs: a new address space behaves as an empty TLB; the entries of the one left
        // are parked rather than dropped (exact: see Cpu.switchAddressSpace).
        cpu.switchAddressSpace(satpLo, satpHi);
      } else {
        const r = cpu.csr.r64;
        r[R64.SATP * 2] = satpLo;
        r[R64.SATP * 2 + 1] = satpHi;
      }
    }
    if (!boot) this.observer?.onKernelEntry?.({ cycle: this.now(), thread: this.entry.from === 0 ? null : this.entry.from, entry: this.entry.cost, cost });
    cpu.cycle += cost;
    this.programTimer();
  }

  /** Physical address of a thread's VSpace root, or -1. */
  vspaceRoot(t: TcbObj): number {
    const c = t.slots[TcbSlot.VTable];
    if (c === null || c === undefined || c.type !== CapType.PageTable) return -1;
    return this.pageTable(c.obj).paddr;
  }

  private programTimer(): void {
    const d = this.s.deadline;
    const clint = this.machine.clint;
    if (d < 0) { clint.setMtimecmp(0xffffffff, 0xffffffff); return; }
    const ticks = Math.ceil(d / this.machine.cyclesPerTick);
    clint.setMtimecmp(ticks % TWO32, Math.floor(ticks / TWO32));
  }

  private reportSchedule(): void {
    const s = this.s;
    if (s.cur === s.reportedCur) return;
    const from = s.reportedCur <= 0 ? null : s.reportedCur;
    const to = s.cur === 0 ? null : s.cur;
    s.reportedCur = s.cur;
    let reason: ScheduleReason;
    const e = this.entry;
    if (to === null) reason = 'idle';
    else if (e.reason !== null) reason = e.reason;
    else if (e.donatedTo === to) reason = 'ipc-donate';
    else if (e.repliedTo === to) reason = 'reply';
    else if (from === null) reason = this.entry.cost === 'interrupt' ? 'irq' : 'wake';
    else {
      const f = this.s.objects[from];
      const stillRunnable = f !== null && f !== undefined && f.kind === 'tcb' && isSchedulable(this, f);
      if (stillRunnable) reason = this.entry.cost === 'interrupt' ? 'irq' : 'preempt';
      else if (this.entry.cost === 'fault') reason = 'fault';
      else reason = 'block';
    }
    this.observer?.onSchedule?.({ cycle: this.now(), from, to, reason });
    if (from !== null) { const f = s.objects[from]; if (f && f.kind === 'tcb') this.reportThread(f); }
    if (to !== null) this.reportThread(this.tcb(to));
  }

  /**
   * Start the system after boot: pick the first thread and load it. Call once, after the
   * loader has created and resumed the threads.
   */
  start(): void {
    this.entry = { from: 0, cost: 'syscall', reason: 'boot', donatedTo: 0, repliedTo: 0, extra: 0 };
    this.s.curTime = this.now();
    this.s.reprogram = true;
    schedule(this);
    activateThread(this);
    this.exitToUser(0); // boot itself is not modelled as guest time
  }

  // ------------------------------------------------------------------ public queries
  snapshot(): KernelState { return encodeState(this.s); }
  restore(state: KernelState): void {
    this.s = decodeState(state);
    rebuildReadyBits(this);
    this.tlbStale = true;
  }

  /** Everything the kernel printed (DebugPutChar, monitor and kernel messages). */
  consoleText(): string { return this.s.console; }

  faults(): readonly FaultRecord[] { return this.s.faults; }

  threads(): ThreadInfo[] {
    const out: ThreadInfo[] = [];
    for (const o of this.s.objects) {
      if (o === null || o.kind !== 'tcb') continue;
      out.push({
        id: o.id, name: o.name, state: this.threadStateName(o), priority: o.priority,
        pc: o.id === this.s.cur && !this.machine.idle ? this.machine.cpu.pc : o.nextIP,
        sc: o.sc === 0 ? null : o.sc,
      });
    }
    return out;
  }

  threadByName(name: string): TcbObj | undefined {
    for (const o of this.s.objects) if (o !== null && o.kind === 'tcb' && o.name === name) return o;
    return undefined;
  }

  /** A thread's register (live if it is on the hart). */
  threadReg(id: number, r: number): bigint {
    const t = this.tcb(id);
    if (id === this.s.cur && !this.machine.idle) {
      const x = this.machine.cpu.x;
      return (BigInt(x[2 * r + 1] >>> 0) << 32n) | BigInt(x[2 * r] >>> 0);
    }
    return this.getReg(t, r);
  }

  currentThread(): number | null { return this.s.cur === 0 ? null : this.s.cur; }

  /** Kernel entries taken so far. */
  entryCount(): number { return this.s.entries; }

  /** Cycles per microsecond of kernel time. */
  usToCycles(us: number): number { return us * this.cyclesPerUs; }
}
