/**
 * Semantic events from a real seL4 kernel (not the model), derived at the ISA boundary and from
 * the kernel's own data structures (layouts: emulator/sel4/layout.ts, seL4 16.0.0 riscv64 MCS).
 * No kernel symbols are needed: the current thread is the TCB pointer the kernel leaves in
 * `sscratch` at every return to user mode.
 *
 * At each `ecall` from U-mode (a kernel entry):
 *  - syscall: number in a7 (MCS numbering), cap pointer a0, message info a1, MRs a2-a5;
 *  - the invoked capability is looked up in the caller's CSpace (its TCB's CTable cap, guards
 *    and radixes as the kernel resolves them): an endpoint → ipc (send / call) to the thread at
 *    the head of the endpoint's receive queue, or, on Recv, from the thread at the head of its
 *    send queue (badge, label, length from that sender's TCB; fault messages from its tcbFault);
 *    a notification → signal, woke = the head waiter or the bound TCB waiting in Recv; a reply
 *    cap (Send / ReplyRecv's a6) → ipc reply to the reply object's caller; any other cap → a
 *    capop decoded by label, emitted when the caller next returns to user mode with the seL4
 *    error the kernel put in its reply (Call) — restarts of preempted invocations are skipped;
 *  - a syscall that will block emits the caller's new thread_state first (blocked-send / -recv /
 *    -reply / -notification on the object), so the index sees the caller wait;
 *  - a cap pointer that does not resolve, on a blocking syscall: a CapFault.
 * Other traps into the kernel: an exception from U-mode (delegated, or an illegal instruction
 * OpenSBI forwards) → fault (VMFault / UserException, handled = the thread has a fault-handler
 * endpoint cap) and the fault IPC to a waiting handler; an S-mode external interrupt → irq raise
 * with the PLIC source the kernel's claim will return.
 * At each `sret`: to U-mode with a different `sscratch` → schedule (reason from how the kernel
 * was entered) after the previous thread's state as the kernel left it (blocked on what,
 * inactive, or still runnable = preempted); to S-mode → the idle thread (schedule to none).
 * Objects get ids in order of first sight (one id space, TCBs included) and an object event
 * with their type; threads are named from the debug kernel's TCB name (seL4_DebugNameThread),
 * re-read after every DebugNameThread. The emulator knows no traces: events go to a KernelObserver.
 */
import type { Machine } from './machine.js';
import type { SymbolTable } from './elf/symbols.js';
import type { CapOpName, KernelObserver, ScheduleReason, ThreadStateName } from './observer.js';
import { sv39Walk, Access } from './cpu/sv39.js';
import { R64 } from './cpu/csr-file.js';
import { syscallName, Sys, Label, faultName, FaultType } from './kernel/abi.js';
import { addrHex0x } from './addr.js';
import {
  CAP, CTE_BYTES, TCB, TCB_CTE, TCB_OFFSET, TCB_BITS, TsType, EpState, NtfnState, capTypeName, decodeCap, threadState, sext39,
  type DecodedCap,
} from './sel4/layout.js';
import { invocationName } from './sel4/invocations.js';

const ECALL_U = 8;
const S_TIMER = 5, S_EXTERNAL = 9;
/** Exceptions OpenSBI does not delegate but forwards to the kernel when it cannot emulate them. */
const FORWARDED = 1 << 2; // illegal instruction
const PLIC_S_CONTEXT = 1;
const TCB_BYTES = 1 << TCB_BITS;
const MIB2 = 2 ** 21;
const u64 = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const NONE = 0;

interface PendingOp {
  op: CapOpName; pc: number; obj: number | null; destCnode: number | null; destSlot: number | null; badge: string; rights: number; call: boolean;
  /** Untyped Retype: the untyped's slot and the bytes the new objects take. */
  retype: { slot: number; bytes: number } | null;
}
interface Slot { cap: DecodedCap; addr: number }
/** Bytes of one object of seL4_ObjectType `t` (MCS numbering) with `sizeBits`, for Retype. */
function objectBytes(t: number, sizeBits: number): number {
  switch (t) {
    case 0: case 5: return 2 ** sizeBits;
    case 1: return TCB_BYTES;
    case 2: return 16;
    case 3: return 64;
    case 4: return 2 ** (sizeBits + 5);
    case 6: return 32;
    case 7: return 2 ** 30;
    case 9: return 2 ** 21;
    case 8: case 10: return 4096;
    default: return 0;
  }
}
type Entry = 'irq' | 'timeslice' | 'yield' | 'block' | 'fault' | 'boot';

export class Sel4Probe {
  private readonly ids = new Map<string, number>();
  /** Object key → its address, for forgetting retyped addresses. */
  private readonly ptrs = new Map<string, number>();
  private nextId = 1;
  private readonly names = new Map<number, string>();
  private readonly states = new Map<number, string>();
  private readonly pending = new Map<number, PendingOp>();
  private lastTcb = NONE;
  private lastId: number | null = null;
  private started = false;
  private entry: Entry = 'boot';
  private nameOffset = -1;
  private renamed = NONE;
  private observer: KernelObserver | undefined;
  /** Kernel-window translation per 2 MiB (kernel mappings are the same in every address space). */
  private readonly window = new Map<number, number>();
  private readonly view: DataView;
  private readonly ram: Uint8Array;

  /** The kernel's IRQ CNode (`intStateIRQNode`, a cte_t per IRQ), when the kernel ELF has symbols. */
  private readonly irqNode: number | null;

  constructor(private readonly machine: Machine, kernelSymbols?: SymbolTable) {
    const node = kernelSymbols?.lookup('intStateIRQNode');
    this.irqNode = node === undefined ? null : node;
    this.ram = machine.bus.ram;
    this.view = new DataView(this.ram.buffer, this.ram.byteOffset, this.ram.byteLength);
  }

  /** Start observing (chains onto the CPU's trap hook), or stop with undefined. */
  attachObserver(o: KernelObserver | undefined): void {
    const cpu = this.machine.cpu;
    this.observer = o;
    if (o === undefined) { cpu.onSret = null; return; }
    const prev = cpu.onTrap;
    cpu.onTrap = (cause, interrupt, pc, lo, hi, priv) => {
      if (prev !== null) prev(cause, interrupt, pc, lo, hi, priv);
      this.trap(cause, interrupt, pc, lo, hi, priv);
    };
    cpu.onSret = () => { this.sret(); };
  }

  // ------------------------------------------------------------------ kernel entries

  private trap(cause: number, interrupt: boolean, pc: number, lo: number, hi: number, priv: number): void {
    if (interrupt) {
      if (cause === S_TIMER) this.entry = 'timeslice';
      else if (cause === S_EXTERNAL) {
        this.entry = 'irq';
        if (this.started) {
          const irq = this.machine.plic.peekClaim(PLIC_S_CONTEXT);
          if (irq !== 0) this.interrupt(irq, priv === 0 ? this.lastId : null);
        }
      }
      return;
    }
    if (priv !== 0 || !this.started) return;
    if (cause === ECALL_U) { this.syscall(pc); return; }
    if (((this.machine.cpu.csr.medeleg >>> cause) & 1) === 0 && ((FORWARDED >>> cause) & 1) === 0) return; // OpenSBI's own
    this.entry = 'fault';
    const tcb = this.curTcb();
    const type = cause === 12 || cause === 13 || cause === 15 ? 'VMFault' : 'UserException';
    this.fault(tcb, type, pc, u64(lo, hi).toString(), type === 'VMFault' ? FaultType.VM : FaultType.UserException);
  }

  /**
   * An interrupt the kernel is about to take: raise, and with the kernel's symbols the delivery
   * to the notification its IRQHandler cap names (seL4's handleInterrupt: sendSignal with the
   * cap's badge), woke = the waiter or the bound TCB waiting in Recv.
   */
  private interrupt(irq: number, thread: number | null): void {
    const cycle = this.machine.cpu.cycle;
    const h = this.irqNode === null ? null : this.capAt(this.irqNode + irq * CTE_BYTES);
    const ntfn = h !== null && h.type === CAP.Notification && h.ptr !== null ? h.ptr : null;
    const nId = ntfn === null ? null : this.oid(ntfn, CAP.Notification);
    this.observer?.onIrq?.({ cycle, irq, phase: 'raise', thread, notification: nId });
    if (ntfn === null || nId === null) return;
    const woke = this.signalTarget(ntfn);
    this.observer?.onSignal?.({ cycle, notification: nId, sender: null, badge: h!.badge, woke });
    this.observer?.onIrq?.({ cycle, irq, phase: 'deliver', thread: woke, notification: nId });
  }

  private syscall(pc: number): void {
    const cpu = this.machine.cpu, x = cpu.x;
    const num = x[17 * 2]!;
    const tcb = this.curTcb();
    const thread = this.tid(tcb);
    const cptr = u64(x[20]!, x[21]!), info = u64(x[22]!, x[23]!);
    this.entry = num === Sys.Yield ? 'yield' : 'block';
    const cycle = cpu.cycle;
    const obs = this.observer;
    const mrs = [12, 13, 14, 15].map((r) => u64(x[r * 2]!, x[r * 2 + 1]!));
    const emitSyscall = (): void => obs?.onSyscall?.({
      cycle, thread, pc, num, name: syscallName(num), cptr: cptr.toString(), info: info.toString(), mrs: mrs.map(String),
    });
    // Blocking predictions are emitted before the syscall so the index sees the call wait.
    switch (num) {
      case Sys.Call: case Sys.Send: case Sys.NBSend: {
        const slot = this.lookup(tcb, cptr);
        if (slot === null) { emitSyscall(); if (num !== Sys.NBSend) this.capFault(tcb, pc, cptr); return; }
        const cap = slot.cap;
        if (cap.type === CAP.Endpoint) { this.send(tcb, cap, info, num === Sys.Call, num !== Sys.NBSend, emitSyscall); return; }
        emitSyscall();
        if (cap.type === CAP.Notification) this.signal(tcb, cap);
        else if (cap.type === CAP.Reply) this.reply(tcb, cap, info);
        else this.invocation(tcb, slot, info, mrs, pc, num === Sys.Call);
        return;
      }
      case Sys.Recv: case Sys.NBRecv: case Sys.Wait: case Sys.NBWait:
        this.receive(tcb, cptr, num === Sys.Recv || num === Sys.Wait, emitSyscall, pc);
        return;
      case Sys.ReplyRecv: {
        // The reply (through a6) goes first, then the receive on a0: events in that order,
        // after the caller's predicted wait.
        const r = this.lookup(tcb, u64(x[16 * 2]!, x[16 * 2 + 1]!));
        this.receive(tcb, cptr, true, () => { emitSyscall(); if (r?.cap.type === CAP.Reply) this.reply(tcb, r.cap, info); }, pc);
        return;
      }
      case Sys.NBSendRecv: case Sys.NBSendWait: {
        const dest = num === Sys.NBSendRecv ? u64(x[5 * 2]!, x[5 * 2 + 1]!) : u64(x[16 * 2]!, x[16 * 2 + 1]!);
        const d = this.lookup(tcb, dest);
        this.receive(tcb, cptr, true, () => {
          emitSyscall();
          if (d?.cap.type === CAP.Endpoint) this.send(tcb, d.cap, info, false, false, null);
          else if (d?.cap.type === CAP.Notification) this.signal(tcb, d.cap);
        }, pc);
        return;
      }
      case Sys.DebugNameThread: {
        const s = this.lookup(tcb, cptr);
        if (s !== null && s.cap.type === CAP.Thread && s.cap.ptr !== null) this.renamed = s.cap.ptr;
        emitSyscall();
        return;
      }
      default:
        emitSyscall();
    }
  }

  /** Send / Call / NBSend on an endpoint (or the send half of NBSendRecv). */
  private send(tcb: number, cap: DecodedCap, info: bigint, call: boolean, blocking: boolean, before: (() => void) | null): void {
    const ep = cap.ptr!;
    const w0 = this.r64(ep), head = this.r64(ep + 8);
    const epId = this.oid(ep, CAP.Endpoint);
    if (w0 !== null && head !== null && Number(w0 & 3n) === EpState.Recv && head !== 0n) {
      if (call) this.setState(tcb, 'blocked-reply', null);
      before?.();
      this.ipc(call ? 'call' : 'send', tcb, Number(BigInt.asIntN(64, head)), epId, cap.badge, info);
      return;
    }
    if (blocking) this.setState(tcb, 'blocked-send', epId);
    before?.();
  }

  /** Recv / Wait (blocking or not) on the cap at `cptr`. */
  private receive(tcb: number, cptr: bigint, blocking: boolean, before: (() => void) | null, pc: number): void {
    const slot = this.lookup(tcb, cptr);
    const cap = slot?.cap;
    // seL4's handleRecv: a cap pointer that does not resolve to an endpoint or notification is a cap fault.
    if (cap === undefined || (cap.type !== CAP.Endpoint && cap.type !== CAP.Notification)) { before?.(); this.capFault(tcb, pc, cptr); return; }
    if (cap.type === CAP.Endpoint) {
      const ep = cap.ptr!, epId = this.oid(ep, CAP.Endpoint);
      const w0 = this.r64(ep), head = this.r64(ep + 8);
      if (w0 !== null && head !== null && Number(w0 & 3n) === EpState.Send && head !== 0n) {
        before?.();
        const s = Number(BigInt.asIntN(64, head));
        const st1 = this.r64(s + TCB.State1) ?? 0n, badge = this.r64(s + TCB.StateBadge) ?? 0n;
        const fault = Number((this.r64(s + TCB.Fault0) ?? 0n) & 15n);
        const isCall = (st1 & 4n) !== 0n;
        if (fault !== FaultType.Null) this.ipcFault(s, tcb, epId, badge.toString(), fault);
        else this.ipc(isCall ? 'call' : 'send', s, tcb, epId, badge.toString(), this.r64(s + TCB.A1) ?? 0n);
        return;
      }
      if (blocking && !this.boundActive(tcb)) this.setState(tcb, 'blocked-recv', epId);
      before?.();
      return;
    }
    const n = cap.ptr!, nId = this.oid(n, CAP.Notification);
    const w0 = this.r64(n);
    if (blocking && w0 !== null && Number(w0 & 3n) !== NtfnState.Active) this.setState(tcb, 'blocked-notification', nId);
    before?.();
  }

  /** Whether the thread's bound notification has a pending signal (a Recv then returns at once). */
  private boundActive(tcb: number): boolean {
    const n = this.r64(tcb + TCB.BoundNtfn);
    if (n === null || n === 0n) return false;
    const w0 = this.r64(Number(BigInt.asIntN(64, n)));
    return w0 !== null && Number(w0 & 3n) === NtfnState.Active;
  }

  private signal(tcb: number, cap: DecodedCap): void {
    const n = cap.ptr!, nId = this.oid(n, CAP.Notification);
    this.observer?.onSignal?.({ cycle: this.machine.cpu.cycle, notification: nId, sender: this.tid(tcb), badge: cap.badge, woke: this.signalTarget(n) });
  }

  /** The thread a signal to the notification at `n` wakes: its head waiter, or its bound TCB waiting in Recv. */
  private signalTarget(n: number): number | null {
    const w0 = this.r64(n) ?? 0n;
    let woke: number | null = null;
    if (Number(w0 & 3n) === NtfnState.Waiting) {
      const head = sext39(this.r64(n + 8) ?? 0n);
      if (head !== 0) woke = this.tid(head);
    } else {
      const b = sext39(this.r64(n + 24) ?? 0n);
      if (b !== 0) {
        if (this.tsOf(b).ts === TsType.BlockedOnReceive) woke = this.tid(b);
      }
    }
    return woke;
  }

  private reply(tcb: number, cap: DecodedCap, info: bigint): void {
    const caller = this.r64(cap.ptr!) ?? 0n; // reply_t.replyTCB
    if (caller === 0n) return;
    this.ipc('reply', tcb, Number(BigInt.asIntN(64, caller)), null, '0', info);
  }

  private ipc(transfer: 'send' | 'call' | 'reply', from: number, to: number, endpoint: number | null, badge: string, info: bigint): void {
    this.observer?.onIpc?.({
      cycle: this.machine.cpu.cycle, transfer, sender: this.tid(from), receiver: this.tid(to), endpoint, badge,
      label: (info >> 12n).toString(), length: Number(info & 0x7fn), caps: Number((info >> 7n) & 3n),
    });
  }

  private ipcFault(from: number, to: number, endpoint: number, badge: string, fault: number): void {
    this.observer?.onIpc?.({
      cycle: this.machine.cpu.cycle, transfer: 'fault', sender: this.tid(from), receiver: this.tid(to), endpoint, badge,
      label: String(fault), length: 0, caps: 0,
    });
  }

  /** A user fault: the event, and the fault message to a handler already waiting. */
  private fault(tcb: number, type: string, pc: number, addr: string, ftype: number): void {
    const h = this.cte(tcb, TCB_CTE.FaultHandler);
    const handled = h !== null && h.type === CAP.Endpoint;
    this.observer?.onFault?.({ cycle: this.machine.cpu.cycle, thread: this.tid(tcb), type, pc, addr, handled });
    if (!handled) return;
    const ep = h.ptr!;
    const w0 = this.r64(ep), head = this.r64(ep + 8);
    if (w0 !== null && head !== null && Number(w0 & 3n) === EpState.Recv && head !== 0n) {
      this.ipcFault(tcb, Number(BigInt.asIntN(64, head)), this.oid(ep, CAP.Endpoint), h.badge, ftype);
    }
  }

  private capFault(tcb: number, pc: number, cptr: bigint): void {
    this.entry = 'fault';
    this.fault(tcb, faultName(FaultType.Cap), pc, cptr.toString(), FaultType.Cap);
  }

  /** Any other invocation: remembered until the caller returns with the kernel's answer. */
  private invocation(tcb: number, slot: Slot, info: bigint, mrs: bigint[], pc: number, call: boolean): void {
    const cap = slot.cap;
    const label = Number(info >> 12n);
    const op = invocationName(label);
    if (cap.type === CAP.IrqHandler && label === Label.IRQAckIRQ && cap.irq >= 0) {
      const n = this.irqNode === null ? null : this.capAt(this.irqNode + cap.irq * CTE_BYTES);
      const nId = n !== null && n.type === CAP.Notification && n.ptr !== null ? this.oid(n.ptr, CAP.Notification) : null;
      this.observer?.onIrq?.({ cycle: this.machine.cpu.cycle, irq: cap.irq, phase: 'ack', thread: this.tid(tcb), notification: nId });
    }
    const obj = cap.ptr !== null ? this.oid(cap.ptr, cap.type) : cap.type === CAP.Null ? null : this.oidSingleton(cap.type);
    let retype: PendingOp['retype'] = null;
    let srcObj: number | null = obj, destCnode: number | null = null, destSlot: number | null = null, badge = cap.badge, rights = 0;
    if (cap.type === CAP.CNode && label >= Label.CNodeRevoke && label <= Label.CNodeRotate) {
      destCnode = obj;
      destSlot = Number(mrs[0]! & 0xffffffffn);
      if (label === Label.CNodeCopy || label === Label.CNodeMint || label === Label.CNodeMove || label === Label.CNodeMutate) {
        const src = this.extraCapSlot(tcb, mrs[2]!, Number(mrs[3]! & 0xffn));
        srcObj = src !== null && src.cap.ptr !== null ? this.oid(src.cap.ptr, src.cap.type) : null;
        if (label === Label.CNodeCopy || label === Label.CNodeMint) rights = Number(this.mr(tcb, 4, mrs) & 15n);
        if (label === Label.CNodeMint) badge = this.mr(tcb, 5, mrs).toString();
        else if (label === Label.CNodeMutate) badge = this.mr(tcb, 4, mrs).toString();
        else badge = '0';
      } else badge = '0';
    } else if (cap.type === CAP.Untyped && label === Label.UntypedRetype) {
      destSlot = Number(this.mr(tcb, 4, mrs) & 0xffffffffn);
      retype = { slot: slot.addr, bytes: objectBytes(Number(mrs[0]! & 0xffn), Number(mrs[1]! & 0xffn)) * Number(this.mr(tcb, 5, mrs) & 0x1ffn) };
    }
    this.pending.set(tcb, { op, pc, obj: srcObj, destCnode, destSlot, badge, rights, call, retype });
  }

  /** Message register i: a2-a5 for 0-3, then the IPC buffer (msg[i] at +8 + 8i). */
  private mr(tcb: number, i: number, mrs: bigint[]): bigint {
    if (i < 4) return mrs[i]!;
    const buf = this.r64(tcb + TCB.IpcBuffer);
    if (buf === null || buf === 0n) return 0n;
    return this.rUser64(Number(buf) + 8 + 8 * i) ?? 0n;
  }

  /** The slot CNode copy-like invocations take their source from: extra cap 0 (a CNode) + index/depth. */
  private extraCapSlot(tcb: number, index: bigint, depth: number): Slot | null {
    const buf = this.r64(tcb + TCB.IpcBuffer);
    if (buf === null || buf === 0n) return null;
    const rootCptr = this.rUser64(Number(buf) + 0x3d0);
    if (rootCptr === null) return null;
    const root = this.lookup(tcb, rootCptr);
    if (root === null || root.cap.type !== CAP.CNode) return null;
    return this.resolve(root.cap, index, depth);
  }

  // ------------------------------------------------------------------ returns to user mode

  private sret(): void {
    const cpu = this.machine.cpu;
    const r = cpu.csr.r64;
    if (cpu.priv !== 0) {
      // The kernel returns to S-mode only into its idle thread.
      if (this.started && this.lastId !== null) {
        this.leave(this.lastTcb);
        this.observer?.onSchedule?.({ cycle: cpu.cycle, from: this.lastId, to: null, reason: 'idle' });
        this.lastTcb = NONE; this.lastId = null;
      }
      return;
    }
    const lo = r[R64.SSCRATCH * 2]!, hi = r[R64.SSCRATCH * 2 + 1]!;
    const tcb = hi * 4294967296 + (lo >>> 0);
    if (tcb === this.lastTcb && this.renamed === NONE && (this.pending.size === 0 || !this.pending.has(tcb))) return;
    this.started = true;
    if (this.renamed !== NONE) { const t = this.renamed; this.renamed = NONE; if (this.ids.has(`${CAP.Thread}:${t}`)) this.announce(t); }
    const p = this.pending.get(tcb);
    if (p !== undefined && cpu.pc !== p.pc) {
      this.pending.delete(tcb);
      const error = p.call ? Number((u64(cpu.x[22]!, cpu.x[23]!) >> 12n) & 0xffn) : 0;
      this.observer?.onCapOp?.({
        cycle: cpu.cycle, thread: this.tid(tcb), op: p.op, srcObject: p.obj, destCnode: p.destCnode, destSlot: p.destSlot,
        badge: p.badge, rights: p.rights, error,
      });
      if (p.retype !== null && error === 0) this.retyped(p.retype.slot, p.retype.bytes);
    }
    if (tcb === this.lastTcb) return;
    const to = this.tid(tcb);
    let reason: ScheduleReason = this.entry === 'boot' ? 'boot' : this.entry;
    if (this.lastTcb !== NONE) {
      const left = this.leave(this.lastTcb);
      if (left && (this.entry === 'block' || this.entry === 'fault')) reason = 'block';
      else if (!left && this.entry === 'block') reason = 'preempt';
    }
    this.observer?.onSchedule?.({ cycle: cpu.cycle, from: this.lastId, to, reason });
    this.states.set(to, 'running');
    this.lastTcb = tcb; this.lastId = to;
  }

  /** Report the state the kernel left a thread in when it stopped running; true if it is not runnable. */
  private leave(tcb: number): boolean {
    const { ts, object } = this.tsOf(tcb);
    let state: ThreadStateName, obj: number | null = null;
    switch (ts) {
      case TsType.BlockedOnReceive: state = 'blocked-recv'; obj = object !== 0 ? this.oid(object, CAP.Endpoint) : null; break;
      case TsType.BlockedOnSend: state = 'blocked-send'; obj = object !== 0 ? this.oid(object, CAP.Endpoint) : null; break;
      case TsType.BlockedOnReply: state = 'blocked-reply'; break;
      case TsType.BlockedOnNotification: state = 'blocked-notification'; obj = object !== 0 ? this.oid(object, CAP.Notification) : null; break;
      case TsType.Inactive: state = 'inactive'; break;
      default: return false;
    }
    this.setState(tcb, state, obj);
    return true;
  }

  private setState(tcb: number, state: ThreadStateName, object: number | null): void {
    const id = this.tid(tcb);
    const key = `${state}:${object}`;
    if (this.states.get(id) === key) return;
    this.states.set(id, key);
    const prio = this.r64(tcb + TCB.Priority);
    this.observer?.onThreadState?.({ cycle: this.machine.cpu.cycle, thread: id, state, object, priority: prio === null ? 0 : Number(prio & 0xffn) });
  }

  // ------------------------------------------------------------------ identities

  /**
   * After a Retype: the new objects end at the untyped's new free index. Objects seen before at
   * those addresses were deleted, so the addresses get fresh ids (and object events) on next sight.
   */
  private retyped(slot: number, bytes: number): void {
    const w0 = this.r64(slot), w1 = this.r64(slot + 8);
    if (w0 === null || w1 === null || bytes <= 0) return;
    const u = decodeCap(w0, w1);
    if (u.type !== CAP.Untyped || u.ptr === null) return;
    const end = u.ptr + Number(w1 >> 25n) * 16, start = end - bytes;
    const self = `${CAP.Untyped}:${u.ptr}`;
    for (const [key, ptr] of this.ptrs) {
      if (ptr >= start && ptr < end && key !== self) { this.ids.delete(key); this.ptrs.delete(key); if (ptr === this.lastTcb) this.lastTcb = NONE; }
    }
  }

  private curTcb(): number {
    const r = this.machine.cpu.csr.r64;
    return r[R64.SSCRATCH * 2 + 1]! * 4294967296 + (r[R64.SSCRATCH * 2]! >>> 0);
  }

  /** Thread id of the TCB at `tcb`, announcing it (object event with its name) the first time. */
  private tid(tcb: number): number {
    const key = `${CAP.Thread}:${tcb}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(key, id);
      this.ptrs.set(key, tcb);
      this.announce(tcb);
    }
    return id;
  }

  /** Object id of a kernel object (TCBs through tid), announcing it the first time. */
  private oid(ptr: number, type: number): number {
    if (type === CAP.Thread) return this.tid(ptr);
    const key = `${type}:${ptr}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(key, id);
      this.ptrs.set(key, ptr);
      this.observer?.onObject?.({ cycle: this.machine.cpu.cycle, id, type: capTypeName(type), name: `${capTypeName(type)} ${addrHex0x(ptr)}`, owner: null });
    }
    return id;
  }

  /** Caps that name no object (IRQControl, ASIDControl, SchedControl, Domain): one id per type. */
  private oidSingleton(type: number): number {
    const key = `${type}:singleton`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(key, id);
      this.observer?.onObject?.({ cycle: this.machine.cpu.cycle, id, type: capTypeName(type), name: capTypeName(type), owner: null });
    }
    return id;
  }

  /** An object event for the thread at `tcb` when its name is new or changed. */
  private announce(tcb: number): void {
    const id = this.ids.get(`${CAP.Thread}:${tcb}`)!;
    const name = this.tcbName(tcb) ?? `tcb ${addrHex0x(tcb)}`;
    if (this.names.get(id) === name) return;
    this.names.set(id, name);
    this.observer?.onObject?.({ cycle: this.machine.cpu.cycle, id, type: 'TCB', name, owner: null });
  }

  private tcbName(tcb: number): string | null {
    const base = tcb - TCB_OFFSET;
    if (this.nameOffset < 0) {
      const bytes = this.readBytes(base, TCB_OFFSET);
      if (bytes === null) return null;
      const at = Buffer.from(bytes).indexOf('rootserver\0', 0, 'latin1');
      if (at < 0) return null;
      this.nameOffset = at;
    }
    const bytes = this.readBytes(base + this.nameOffset, TCB_OFFSET - this.nameOffset);
    if (bytes === null) return null;
    const end = bytes.indexOf(0);
    const s = Buffer.from(bytes.subarray(0, end < 0 ? bytes.length : end)).toString('latin1');
    return /^[\x20-\x7e]+$/.test(s) ? s : null;
  }

  // ------------------------------------------------------------------ CSpace

  private tsOf(tcb: number): { ts: number; object: number } {
    const w = this.r64(tcb + TCB.State0);
    return w === null ? { ts: -1, object: 0 } : threadState(w);
  }

  /** Cap in slot `i` of a TCB's own CNode (CTable, VTable, buffer, fault handler, ...). */
  private cte(tcb: number, i: number): DecodedCap | null {
    return this.capAt(tcb - TCB_OFFSET + i * CTE_BYTES);
  }

  /** The cap in the cte_t at kernel address `a`. */
  private capAt(a: number): DecodedCap | null {
    const w0 = this.r64(a), w1 = this.r64(a + 8);
    return w0 === null || w1 === null ? null : decodeCap(w0, w1);
  }

  /** The slot a cap pointer names in the thread's CSpace (full 64-bit depth; its cap may be null), or null if it does not resolve. */
  private lookup(tcb: number, cptr: bigint): Slot | null {
    const root = this.cte(tcb, TCB_CTE.CTable);
    if (root === null || root.type !== CAP.CNode) return null;
    return this.resolve(root, cptr, 64);
  }

  /** seL4's resolveAddressBits: guards and radixes from `node` down `depth` bits of `cptr`. */
  private resolve(node: DecodedCap, cptr: bigint, depth: number): Slot | null {
    let n = depth;
    for (let level = 0; level < 64; level++) {
      if (node.type !== CAP.CNode || node.ptr === null) return null;
      const g = node.guardSize, radix = node.radix, levelBits = g + radix;
      if (levelBits === 0 || levelBits > n) return null;
      const guard = (cptr >> BigInt(n - g)) & ((1n << BigInt(g)) - 1n);
      if (guard !== (node.guard & ((1n << BigInt(g)) - 1n))) return null;
      const offset = Number((cptr >> BigInt(n - levelBits)) & ((1n << BigInt(radix)) - 1n));
      const a = node.ptr + offset * CTE_BYTES;
      const w0 = this.r64(a), w1 = this.r64(a + 8);
      if (w0 === null || w1 === null) return null;
      const cap = decodeCap(w0, w1);
      n -= levelBits;
      if (n === 0 || cap.type !== CAP.CNode) return { cap, addr: a };
      node = cap;
    }
    return null;
  }

  // ------------------------------------------------------------------ memory

  private satpPpn(): number {
    const r = this.machine.cpu.csr.r64;
    const hi = r[R64.SATP * 2 + 1]!;
    if ((hi >>> 28) !== 8) return -1;
    return (hi & 0xfff) * 4294967296 + (r[R64.SATP * 2]! >>> 0);
  }

  /**
   * Physical address of a kernel virtual address, cached per 2 MiB: seL4 maps its physical
   * window with 1 GiB pages and its image with 2 MiB pages, identically in every address space.
   */
  private kpa(va: number): number {
    const g = Math.floor(va / MIB2);
    let d = this.window.get(g);
    if (d === undefined) {
      const ppn = this.satpPpn();
      if (ppn < 0) return -1;
      const pa = sv39Walk(this.machine.bus, va, Access.LOAD, ppn, 1, true, false, false);
      if (pa < 0) return -1;
      d = pa - va;
      this.window.set(g, d);
    }
    return va + d;
  }

  private r64(va: number): bigint | null {
    const off = this.machine.bus.ramOffset(this.kpa(va));
    if (off < 0 || off + 8 > this.ram.length || (va & 7) !== 0) return null;
    return u64(this.view.getUint32(off, true), this.view.getUint32(off + 4, true));
  }

  /** A user virtual address in the current address space. */
  private rUser64(va: number): bigint | null {
    const ppn = this.satpPpn();
    if (ppn < 0) return null;
    const pa = sv39Walk(this.machine.bus, va, Access.LOAD, ppn, 1, true, false, false);
    const off = pa < 0 ? -1 : this.machine.bus.ramOffset(pa);
    if (off < 0 || (va & 7) !== 0) return null;
    return u64(this.view.getUint32(off, true), this.view.getUint32(off + 4, true));
  }

  private readBytes(va: number, len: number): Uint8Array | null {
    const off = this.machine.bus.ramOffset(this.kpa(va));
    if (off < 0 || off + len > this.ram.length) return null;
    return this.ram.subarray(off, off + len);
  }
}

/** Size of a TCB object, for callers sizing reads. */
export const SEL4_TCB_BYTES = TCB_BYTES;
