/**
 * What libmicrokit expects to find in a PD, derived from a parsed SDF (Microkit 2.3 on riscv64):
 * CSpace slot numbers, badges, the address-space layout and the channel masks patched into the ELF.
 * Badges and masks are u64 words with bit 63 in use, hence bigint.
 */
import type { PdDesc } from './types.js';

// ---- limits -----------------------------------------------------------------------------------
export const MAX_PDS = 63;
/** Badge bits 62 (fault) and 63 (PPC) are reserved, leaving ids 0..61. */
export const MAX_CHANNEL_ID = 61;
export const MAX_PD_PRIORITY = 254;
/** Bytes of a PD name without its NUL: libmicrokit's `char microkit_name[64]`. */
export const MAX_PD_NAME_BYTES = 63;
export const MONITOR_PRIORITY = 255;
/** PLIC sources on QEMU virt. */
export const MIN_IRQ = 1;
export const MAX_IRQ = 95;
export const PAGE_SIZE = 0x1000;
export const LARGE_PAGE_SIZE = 0x200000;
export const MIN_STACK_SIZE = 0x1000;
export const MAX_STACK_SIZE = 0x1000000;
export const DEFAULT_STACK_SIZE = 0x2000;
export const DEFAULT_BUDGET_US = 1000;
/** seL4 MIN_BUDGET_US = 2 × kernel WCET (10 µs on RISC-V) × WCET_SCALE (1); the model's Kernel.minBudget. */
export const MIN_BUDGET_US = 20;

// ---- address space ------------------------------------------------------------------------------
export const LINK_BASE = 0x200000;
/** The IPC buffer is the top user page; below it a guard page, then the stack. */
export const IPC_BUFFER_VADDR = 0x3fffffe000;
/** End of Sv39 user space: no PD address reaches it. */
export const USER_TOP = 0x4000000000;
export const STACK_TOP = 0x3fffffd000;

/** Lowest stack address; every map must end at or below it. */
export function stackBottom(stackSize: number): number {
  return STACK_TOP - stackSize;
}

// ---- CSpace slots -------------------------------------------------------------------------------
export const Slot = {
  /** PD endpoint if some channel end may PP-call the PD, else its notification. */
  INPUT: 1,
  FAULT_EP: 2,
  VSPACE: 3,
  REPLY: 4,
  /** Passive PDs only. */
  MONITOR_EP: 5,
  /** Benchmark configurations only. */
  TCB: 6,
  BASE_OUTPUT_NOTIFICATION: 10,
  BASE_PPC_ENDPOINT: 74,
  BASE_IRQ: 138,
  BASE_CHILD_TCB: 202,
  BASE_USER_CAPS: 458,
} as const;

export function notificationSlot(ch: number): number {
  return Slot.BASE_OUTPUT_NOTIFICATION + ch;
}
export function ppcSlot(ch: number): number {
  return Slot.BASE_PPC_ENDPOINT + ch;
}
export function irqSlot(ch: number): number {
  return Slot.BASE_IRQ + ch;
}

// ---- badges -------------------------------------------------------------------------------------
export const PPC_BADGE_BIT = 1n << 63n;
export const FAULT_BADGE_BIT = 1n << 62n;

/** Badge on a notification cap to a peer: 1 << (the receiver's channel id). */
export function notificationBadge(receiverId: number): bigint {
  return 1n << BigInt(receiverId);
}
/** Badge of an IRQ handler's signal: 1 << (the IRQ's channel id). */
export function irqBadge(id: number): bigint {
  return 1n << BigInt(id);
}
/** Badge on a PPC endpoint cap: bit 63 | the callee-side channel id. */
export function ppcBadge(calleeId: number): bigint {
  return PPC_BADGE_BIT | BigInt(calleeId);
}
/** Top-level PD faults reach the monitor with badge = PD index + 1. */
export function monitorFaultBadge(pdIndex: number): bigint {
  return BigInt(pdIndex + 1);
}
/** Scheduling context badge given by the monitor. */
export function schedContextBadge(pdIndex: number): bigint {
  return BigInt(0x100 + pdIndex);
}

// ---- per-PD derived data -----------------------------------------------------------------------
/** The u64 masks patched into microkit_irqs / microkit_notifications / microkit_pps. */
export interface PdMasks {
  readonly irqs: bigint;
  readonly notifications: bigint;
  readonly pps: bigint;
}

export function pdMasks(pd: PdDesc): PdMasks {
  let irqs = 0n;
  let notifications = 0n;
  let pps = 0n;
  for (const irq of pd.irqs) irqs |= 1n << BigInt(irq.id);
  for (const ch of pd.channels) {
    if (ch.notify) notifications |= 1n << BigInt(ch.id);
    if (ch.ppcall) pps |= 1n << BigInt(ch.id);
  }
  return { irqs, notifications, pps };
}

/** Slot 1 holds the PD's endpoint (not its notification) when someone may PP-call it. */
export function inputIsEndpoint(pd: PdDesc): boolean {
  return pd.channels.some((c) => c.called);
}

/** A channel-derived capability the loader places in a PD's CSpace. */
export type ChannelCap =
  | { readonly kind: 'notification'; readonly slot: number; readonly channelId: number; readonly peer: number; readonly badge: bigint }
  | { readonly kind: 'ppc'; readonly slot: number; readonly channelId: number; readonly peer: number; readonly badge: bigint }
  | { readonly kind: 'irq'; readonly slot: number; readonly channelId: number; readonly irq: number; readonly badge: bigint };

/** Every notification, PPC and IRQ-handler cap of a PD, ordered by slot. */
export function pdChannelCaps(pd: PdDesc): ChannelCap[] {
  const caps: ChannelCap[] = [];
  for (const ch of pd.channels) {
    if (ch.notify) {
      caps.push({ kind: 'notification', slot: notificationSlot(ch.id), channelId: ch.id, peer: ch.peer, badge: notificationBadge(ch.peerId) });
    }
    if (ch.ppcall) {
      caps.push({ kind: 'ppc', slot: ppcSlot(ch.id), channelId: ch.id, peer: ch.peer, badge: ppcBadge(ch.peerId) });
    }
  }
  for (const irq of pd.irqs) {
    caps.push({ kind: 'irq', slot: irqSlot(irq.id), channelId: irq.id, irq: irq.irq, badge: irqBadge(irq.id) });
  }
  return caps.sort((a, b) => a.slot - b.slot);
}

/** RAM below this offset from the RAM base is not the kernel allocator's (loader, boot stubs). */
export const KERNEL_POOL_OFFSET = 0x200000;
