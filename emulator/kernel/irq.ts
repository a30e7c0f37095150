/**
 * Interrupts: kernel entry for the timer (CLINT, the kernel's own) and device IRQs (PLIC
 * context 0, claimed at entry), delivery as a Signal with the IRQ handler's badge, and the
 * IRQControl / IRQHandler invocations. With the `hold-until-ack` platform setting a delivered IRQ
 * stays claimed — masked — until the handler acknowledges it with IRQHandler_Ack, which completes
 * it at the PLIC; with `claim-at-entry` (QEMU virt) the entry completes it and Ack does nothing.
 */
import { CapType, Label, MAX_IRQ, Right, TS } from './abi.js';
import type { Kernel } from './kernel.js';
import type { Cap, SlotRef, TcbObj } from './objects.js';
import { SE, type SyscallError } from './errors.js';
import { cteInsert, getSlot, lookupSlotForCNodeOp, makeObjectCap } from './cspace.js';
import { sendSignal } from './ipc.js';
import { checkBudget, setThreadState } from './scheduler.js';
import { MIP_MEIP, MIP_MTIP } from '../cpu/csr-file.js';

const PLIC_CTX0_ENABLE = 0x2000;
const PLIC_PRIORITY = 1;

/** Enable or disable a PLIC source for the kernel's context (0, M-mode). */
export function setIrqEnabled(k: Kernel, irq: number, on: boolean): void {
  const plic = k.machine.plic;
  const off = PLIC_CTX0_ENABLE + 4 * (irq >>> 5);
  const bit = 1 << (irq & 31);
  const word = plic.read(off, 4);
  plic.write(off, 4, on ? (word | bit) >>> 0 : (word & ~bit) >>> 0);
  plic.write(4 * irq, 4, on ? PLIC_PRIORITY : 0);
}

/** Mark `irq` as having a handler (seL4 setIRQState(IRQSignal)) and unmask it. */
export function issueIrq(k: Kernel, irq: number, trigger: number): void {
  const st = k.s.irqs[irq];
  st.state = 1;
  st.trigger = trigger;
  st.inService = false;
  setIrqEnabled(k, irq, true);
}

export function deletingIrqHandler(k: Kernel, irq: number): void {
  const st = k.s.irqs[irq];
  st.state = 0;
  st.ntfn = 0;
  st.badge = 0n;
  st.ntfnCanSend = false;
  if (st.inService) k.machine.plic.complete(0, irq);
  st.inService = false;
  setIrqEnabled(k, irq, false);
}

/** Point an IRQ at a notification (IRQHandler_SetNotification / the loader). */
export function setIrqNotification(k: Kernel, irq: number, ntfnCap: Cap | null): void {
  const st = k.s.irqs[irq];
  if (ntfnCap === null) { st.ntfn = 0; st.badge = 0n; st.ntfnCanSend = false; return; }
  st.ntfn = ntfnCap.obj;
  st.badge = ntfnCap.badge;
  st.ntfnCanSend = (ntfnCap.rights & Right.Write) !== 0;
}

/** Kernel entry for an interrupt (seL4 handleInterruptEntry): charge time, then handle one IRQ. */
export function handleInterruptEntry(k: Kernel): void {
  if (k.s.cur !== 0) checkBudget(k);
  else k.s.consumed = 0;
  const mip = k.machine.cpu.csr.mip;
  if (mip & MIP_MEIP) {
    k.entry.cost = 'interrupt';
    const irq = k.machine.plic.claim(0);
    if (irq !== 0) handleInterrupt(k, irq);
  } else if (mip & MIP_MTIP) {
    k.entry.cost = 'timer';
    k.s.reprogram = true;
  } else {
    k.entry.cost = 'interrupt';
  }
}

function handleInterrupt(k: Kernel, irq: number): void {
  const st = irq <= MAX_IRQ ? k.s.irqs[irq] : null;
  k.observer?.onIrq?.({ cycle: k.now(), irq, phase: 'raise', thread: k.s.cur === 0 ? null : k.s.cur, notification: st?.ntfn || null });
  if (st === null || st.state !== 1) {
    // No handler: mask it and complete the claim (seL4 masks spurious/inactive IRQs).
    if (irq <= MAX_IRQ) setIrqEnabled(k, irq, false);
    k.machine.plic.complete(0, irq);
    return;
  }
  if (k.s.plic === 'claim-at-entry') {
    // QEMU virt port (src/arch/riscv/machine/hardware.c): the claim completes in this entry.
    k.machine.plic.complete(0, irq);
  } else {
    st.inService = true;
  }
  if (st.ntfn !== 0 && st.ntfnCanSend) {
    const n = k.ntfn(st.ntfn);
    // The receiving thread, read before signalling takes it off the queue.
    const to = n.boundTcb !== 0 ? n.boundTcb : (n.queue[0] ?? null);
    sendSignal(k, n, st.badge, null);
    k.observer?.onIrq?.({ cycle: k.now(), irq, phase: 'deliver', thread: to, notification: n.id });
  }
}

export function decodeIrqControlInvocation(
  k: Kernel, cur: TcbObj, label: number, length: number, srcSlot: SlotRef, args: (i: number) => bigint, extra: Cap[],
): SyscallError | null {
  let irqW: bigint, trigger: bigint, index: bigint, depth: bigint;
  if (label === Label.IRQIssueIRQHandler) {
    if (length < 3 || !extra[0]) return SE.truncated();
    irqW = args(0); trigger = 0n; index = args(1); depth = args(2);
  } else if (label === Label.RISCVIRQIssueIRQHandlerTrigger) {
    if (length < 4 || !extra[0]) return SE.truncated();
    irqW = args(0); trigger = args(1); index = args(2); depth = args(3);
  } else {
    return SE.illegalOperation();
  }
  if (irqW === 0n || irqW > BigInt(MAX_IRQ)) return SE.range(1, MAX_IRQ);
  const irq = Number(irqW);
  if (k.s.irqs[irq].state !== 0) return SE.revokeFirst();
  const lu = lookupSlotForCNodeOp(k, false, extra[0], index, depth);
  if (!lu.ok) return lu.err;
  if (getSlot(k, lu.slot) !== null) return SE.deleteFirst();
  setThreadState(k, cur, TS.Restart);
  issueIrq(k, irq, Number(trigger & 1n));
  const cap = makeObjectCap(CapType.IrqHandler, 0);
  cap.irq = irq;
  cteInsert(k, cap, srcSlot, lu.slot);
  return null;
}

export function decodeIrqHandlerInvocation(k: Kernel, cur: TcbObj, label: number, irq: number, extra: Cap[]): SyscallError | null {
  const st = k.s.irqs[irq];
  switch (label) {
    case Label.IRQAckIRQ:
      setThreadState(k, cur, TS.Restart);
      if (st.inService) {
        st.inService = false;
        k.machine.plic.complete(0, irq);
      }
      k.observer?.onIrq?.({ cycle: k.now(), irq, phase: 'ack', thread: cur.id, notification: st.ntfn || null });
      return null;
    case Label.IRQSetIRQHandler: {
      if (!extra[0]) return SE.truncated();
      const n = extra[0];
      if (n.type !== CapType.Notification || (n.rights & Right.Write) === 0) return SE.invalidCapability(0);
      setThreadState(k, cur, TS.Restart);
      setIrqNotification(k, irq, n);
      return null;
    }
    case Label.IRQClearIRQHandler:
      setThreadState(k, cur, TS.Restart);
      setIrqNotification(k, irq, null);
      return null;
    default:
      return SE.illegalOperation();
  }
}
