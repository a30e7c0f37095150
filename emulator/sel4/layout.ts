/**
 * The kernel data layouts the real-kernel probe reads: seL4 16.0.0, riscv64, Sv39, MCS, debug,
 * FPU on (the sel4test-mcs fixture's configuration). No DWARF is needed: these are seL4's own
 * bitfield declarations (include/object/structures_64.bf, include/arch/riscv/arch/64/mode/
 * object/structures.bf with `base 64(39,1)`) and struct orders, checked against a live boot by
 * tests/firmware/sel4-events.test.ts (the root CNode cap's radix 13, the root task's TCB cap
 * pointing at its own TCB, its state Running).
 *
 * Bitfield rules: a block's fields are listed from the most significant bit of its last word
 * down; word 0 is at the lowest address. `field_high p W` keeps the top W bits of a 39-bit
 * canonical pointer: p = sext39(field << (39 - W)).
 *
 * cap_t (2 words; type = word0 bits 63..59):
 *   endpoint      w0: 58 GrantReply, 57 Grant, 56 Receive, 55 Send, 38..0 ptr;   w1: badge
 *   notification  w0: 58 Receive, 57 Send, 38..0 ptr;                           w1: badge
 *   reply (MCS)   w0: 58 Grant;                                                 w1: reply pointer
 *   cnode         w0: 58..53 guardSize, 52..47 radix, 37..0 ptr>>1;             w1: guard
 *   thread        w0: 38..0 ptr
 *   untyped       w0: 38..0 ptr;  w1: 63..25 freeIndex, 6 isDevice, 5..0 blockSize
 *   irq_handler   w1: 11..0 irq
 *   sched_context w1: 54..16 ptr, 15..10 sizeBits
 *   frame         w0: 58..57 size, 56..55 rights, 54 device, 38..0 mapped vaddr; w1: 63..48 asid, 47..9 base
 *   page_table    w0: 39 isMapped, 38..0 mapped vaddr; w1: 63..48 asid, 47..9 base
 * cte_t: cap (2 words) + mdb_node (2 words) = 32 bytes.
 *
 * TCB object (2^11 bytes): a CNode of cte_t at the object's base — 0 CTable, 1 VTable,
 * 2 IPC buffer frame, 3 fault handler, 4 timeout handler (MCS) — then the debug TCB record
 * with the thread's name; tcb_t at base + 2^10 (the pointer ksCurThread and sscratch hold):
 *   +0    user_context_t registers[35]: ra sp gp tp t0-t2 s0 s1 a0-a7 s2-s11 t3-t6 scause sstatus FaultIP NextIP
 *   +280  FPU state (32 × 8 + fcsr, 264 bytes)
 *   +544  thread_state_t w0: 38..4 blockingObject, 3..0 tsType; +552 w1: 39..5 replyObject,
 *         4 canGrant, 3 canGrantReply, 2 isCall; +560 w2: blockingIPCBadge
 *   +576  tcbBoundNotification   +584 tcbFault (w0 bits 3..0 = seL4_FaultType; w1 address)
 *   +632  tcbPriority            +640 tcbSchedContext     +656 tcbIPCBuffer
 * Endpoint (16 bytes): +0 w0: 38..2 queue tail, 1..0 state (0 idle, 1 send, 2 recv); +8 queue head.
 * Notification (64 bytes, MCS): +0 w0: 63..25 queue tail, 1..0 state (0 idle, 1 waiting,
 *   2 active); +8 queue head (38..0); +16 msgIdentifier (pending badge word); +24 bound TCB (38..0).
 * Reply (MCS, 32 bytes): +0 replyTCB (the caller waiting on it).
 * The root task's user_context register a1 (message info) is at +80, a0 at +72.
 * On every return to user mode the kernel leaves sscratch = ksCurThread (restore_user_context
 * and the fastpath write it for the next trap entry), so the current thread costs no memory read.
 */

export const TCB_BITS = 11;
/** tcb_t's offset inside the TCB object. */
export const TCB_OFFSET = 1 << (TCB_BITS - 1);
export const CTE_BYTES = 32;
export const TCB_CTE = { CTable: 0, VTable: 1, Buffer: 2, FaultHandler: 3, TimeoutHandler: 4 } as const;
export const TCB = {
  A0: 72, A1: 80, FaultIP: 264, State0: 544, State1: 552, StateBadge: 560, BoundNtfn: 576, Fault0: 584, Fault1: 592,
  Priority: 632, SchedContext: 640, IpcBuffer: 656,
} as const;
/** thread_state tsType. */
export const enum TsType { Inactive = 0, Running = 1, Restart = 2, BlockedOnReceive = 3, BlockedOnSend = 4, BlockedOnReply = 5, BlockedOnNotification = 6, Idle = 7 }
export const enum EpState { Idle = 0, Send = 1, Recv = 2 }
export const enum NtfnState { Idle = 0, Waiting = 1, Active = 2 }

const M39 = (1n << 39n) - 1n;
/** Sign-extend a 39-bit canonical address to a JS number (kernel pointers are negative). */
export function sext39(v: bigint): number {
  const x = v & M39;
  return Number((x & (1n << 38n)) !== 0n ? x - (1n << 39n) : x);
}
const bits = (w: bigint, hi: number, lo: number): number => Number((w >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n));

/** seL4 cap type tags (word 0 bits 63..59). */
export const CAP = {
  Null: 0, Frame: 1, Untyped: 2, PageTable: 3, Endpoint: 4, Notification: 6, Reply: 8, CNode: 10,
  AsidControl: 11, Thread: 12, AsidPool: 13, IrqControl: 14, IrqHandler: 16, Zombie: 18, Domain: 20,
  SchedContext: 22, SchedControl: 24,
} as const;

/** Object type names, as the kernel model names them (emulator/kernel/objects.ts kindName). */
const TYPE_NAMES: Record<number, string> = {
  [CAP.Frame]: 'Frame', [CAP.Untyped]: 'Untyped', [CAP.PageTable]: 'PageTable', [CAP.Endpoint]: 'Endpoint',
  [CAP.Notification]: 'Notification', [CAP.Reply]: 'Reply', [CAP.CNode]: 'CNode', [CAP.AsidControl]: 'ASIDControl',
  [CAP.Thread]: 'TCB', [CAP.AsidPool]: 'ASIDPool', [CAP.IrqControl]: 'IRQControl', [CAP.IrqHandler]: 'IRQHandler',
  [CAP.Zombie]: 'Zombie', [CAP.Domain]: 'Domain', [CAP.SchedContext]: 'SchedContext', [CAP.SchedControl]: 'SchedControl',
};
export function capTypeName(t: number): string { return TYPE_NAMES[t] ?? (t === 0 ? 'Null' : `cap type ${t}`); }

export interface DecodedCap {
  type: number;
  /** The object it names (kernel virtual address), or null for caps to no object (IRQControl, ...). */
  ptr: number | null;
  /** Badge (endpoint / notification), decimal; '0' otherwise. */
  badge: string;
  /** CNode: guard size, radix and guard. */
  guardSize: number; radix: number; guard: bigint;
  /** IRQHandler: the IRQ. */
  irq: number;
}

export function decodeCap(w0: bigint, w1: bigint): DecodedCap {
  const type = bits(w0, 63, 59);
  const c: DecodedCap = { type, ptr: null, badge: '0', guardSize: 0, radix: 0, guard: 0n, irq: -1 };
  switch (type) {
    case CAP.Endpoint: case CAP.Notification: c.ptr = sext39(w0); c.badge = w1.toString(); break;
    case CAP.Reply: c.ptr = Number(BigInt.asIntN(64, w1)); break;
    case CAP.CNode:
      c.guardSize = bits(w0, 58, 53); c.radix = bits(w0, 52, 47); c.guard = w1;
      c.ptr = sext39((w0 & ((1n << 38n) - 1n)) << 1n);
      break;
    case CAP.Thread: case CAP.Untyped: c.ptr = sext39(w0); break;
    case CAP.IrqHandler: c.irq = bits(w1, 11, 0); break;
    case CAP.SchedContext: c.ptr = sext39(w1 >> 16n); break;
    case CAP.Frame: case CAP.PageTable: c.ptr = sext39(w1 >> 9n); break;
    case CAP.AsidPool: c.ptr = sext39((w0 & ((1n << 37n) - 1n)) << 2n); break;
    default: break;
  }
  return c;
}

/** thread_state word 0 → (tsType, blocking object pointer or 0). */
export function threadState(w0: bigint): { ts: number; object: number } {
  const o = w0 & 0x7ffffffff0n;
  return { ts: Number(w0 & 15n), object: o === 0n ? 0 : sext39(o) };
}
