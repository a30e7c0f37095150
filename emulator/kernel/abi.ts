/**
 * seL4 (MCS, riscv64, Microkit 2.3 / seL4 ≥ 15.0) ABI numbers: syscalls, invocation labels,
 * errors, object and cap types, fault types. Values from shared/reference/sel4-riscv-abi.md.
 */

/** Syscall numbers (a7), MCS numbering. */
export const Sys = {
  Call: -1, ReplyRecv: -2, NBSendRecv: -3, NBSendWait: -4, Send: -5, NBSend: -6, Recv: -7,
  NBRecv: -8, Wait: -9, NBWait: -10, Yield: -11,
  DebugPutChar: -12, DebugDumpScheduler: -13, DebugHalt: -14, DebugCapIdentify: -15,
  DebugSnapshot: -16, DebugNameThread: -17,
} as const;

const SYS_NAMES: Record<number, string> = {};
for (const [k, v] of Object.entries(Sys)) SYS_NAMES[v] = k;
export function syscallName(n: number): string { return SYS_NAMES[n] ?? `Unknown(${n})`; }

/** Invocation labels, MCS ≥ 15.0 column (riscv64, no SMP, no HW debug API). */
export const Label = {
  InvalidInvocation: 0,
  UntypedRetype: 1,
  TCBReadRegisters: 2, TCBWriteRegisters: 3, TCBCopyRegisters: 4, TCBConfigure: 5,
  TCBSetPriority: 6, TCBSetMCPriority: 7, TCBSetSchedParams: 8, TCBSetTimeoutEndpoint: 9,
  TCBSetIPCBuffer: 10, TCBSetSpace: 11, TCBSuspend: 12, TCBResume: 13,
  TCBBindNotification: 14, TCBUnbindNotification: 15, TCBSetTLSBase: 16, TCBSetFlags: 17,
  CNodeRevoke: 18, CNodeDelete: 19, CNodeCancelBadgedSends: 20, CNodeCopy: 21, CNodeMint: 22,
  CNodeMove: 23, CNodeMutate: 24, CNodeRotate: 25,
  IRQIssueIRQHandler: 26, IRQAckIRQ: 27, IRQSetIRQHandler: 28, IRQClearIRQHandler: 29,
  DomainSetSet: 30, DomainScheduleConfigure: 31, DomainScheduleSetStart: 32,
  SchedControlConfigureFlags: 33,
  SchedContextBind: 34, SchedContextUnbind: 35, SchedContextUnbindObject: 36,
  SchedContextConsumed: 37, SchedContextYieldTo: 38,
  RISCVPageTableMap: 39, RISCVPageTableUnmap: 40,
  RISCVPageMap: 41, RISCVPageUnmap: 42, RISCVPageGetAddress: 43,
  RISCVASIDControlMakePool: 44, RISCVASIDPoolAssign: 45,
  RISCVIRQIssueIRQHandlerTrigger: 46,
} as const;

/** seL4_Error. */
export const Err = {
  NoError: 0, InvalidArgument: 1, InvalidCapability: 2, IllegalOperation: 3, RangeError: 4,
  AlignmentError: 5, FailedLookup: 6, TruncatedMessage: 7, DeleteFirst: 8, RevokeFirst: 9,
  NotEnoughMemory: 10,
} as const;
const ERR_NAMES = Object.keys(Err);
export function errorName(e: number): string { return ERR_NAMES[e] ?? `Error(${e})`; }

/** Kernel-internal lookup fault kinds; the user-visible LookupFailureType is kind + 1. */
export const enum LookupKind { InvalidRoot = 0, MissingCapability = 1, DepthMismatch = 2, GuardMismatch = 3 }

/** seL4_ObjectType (MCS numbering). */
export const ObjType = {
  Untyped: 0, TCB: 1, Endpoint: 2, Notification: 3, CapTable: 4, SchedContext: 5, Reply: 6,
  GigaPage: 7, Page4K: 8, MegaPage: 9, PageTable: 10,
} as const;
export const OBJECT_TYPE_COUNT = 11;

/** Cap type tags (DebugCapIdentify). */
export const enum CapType {
  Null = 0, Frame = 1, Untyped = 2, PageTable = 3, Endpoint = 4, Notification = 6, Reply = 8,
  CNode = 10, AsidControl = 11, Thread = 12, AsidPool = 13, IrqControl = 14, IrqHandler = 16,
  Zombie = 18, Domain = 20, SchedContext = 22, SchedControl = 24,
}

/** Cap rights word: bit0 Write, bit1 Read, bit2 Grant, bit3 GrantReply. */
export const enum Right { Write = 1, Read = 2, Grant = 4, GrantReply = 8, All = 15 }

/** seL4_FaultType (MCS numbering). */
export const enum FaultType { Null = 0, Cap = 1, UnknownSyscall = 2, UserException = 3, Timeout = 5, VM = 6 }
export function faultName(t: number): string {
  switch (t) {
    case FaultType.Cap: return 'CapFault';
    case FaultType.UnknownSyscall: return 'UnknownSyscall';
    case FaultType.UserException: return 'UserException';
    case FaultType.Timeout: return 'Timeout';
    case FaultType.VM: return 'VMFault';
    default: return 'NullFault';
  }
}

/** Thread states (seL4 _thread_state). */
export const enum TS {
  Inactive = 0, Running = 1, Restart = 2, BlockedOnReceive = 3, BlockedOnSend = 4,
  BlockedOnReply = 5, BlockedOnNotification = 6,
}

/** Object sizes (size_bits) on riscv64. */
export const TCB_BITS = 11; // F+D enabled, as the RISC-V default configuration
export const ENDPOINT_BITS = 4;
export const NOTIFICATION_BITS = 6;
export const REPLY_BITS = 5;
export const SLOT_BITS = 5;
export const PAGE_BITS = 12;
export const MEGA_BITS = 21;
export const GIGA_BITS = 30;
export const PT_BITS = 12;
export const MIN_UNTYPED_BITS = 4;
export const MAX_UNTYPED_BITS = 38;
export const MIN_SC_BITS = 7;
/** libsel4 seL4_CoreSchedContextBytes: SC header plus the two mandatory refills. */
export const CORE_SC_BYTES = 128;
export const REFILL_BYTES = 16;
export const MIN_REFILLS = 2;
export const RETYPE_FAN_OUT_LIMIT = 256;
export const MSG_MAX_LENGTH = 120;
export const MSG_MAX_EXTRA_CAPS = 3;
/** Message registers carried in a2..a5. */
export const N_MSG_REGS = 4;
export const USER_TOP = 0x3ffffff000;
export const NUM_PRIORITIES = 256;
export const MAX_IRQ = 95;

/** IPC buffer layout (byte offsets). */
export const IpcBuf = {
  tag: 0x000, msg: 0x008, userData: 0x3c8, capsOrBadges: 0x3d0, receiveCNode: 0x3e8,
  receiveIndex: 0x3f0, receiveDepth: 0x3f8, size: 0x400,
} as const;

/** Register numbers (x-index). */
export const Reg = {
  ra: 1, sp: 2, gp: 3, tp: 4, t0: 5, t1: 6, t2: 7, s0: 8, s1: 9,
  a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15, a6: 16, a7: 17,
  s2: 18, s11: 27, t3: 28, t6: 31,
} as const;
export const MSG_REGS = [Reg.a2, Reg.a3, Reg.a4, Reg.a5] as const;

/**
 * seL4_UserContext order after pc: ra, sp, gp, s0–s11, a0–a7, t0–t6, tp
 * (frame registers = pc..s11, gp registers = a0..tp). -1 stands for the pc (FaultIP).
 */
export const USER_CONTEXT_REGS: readonly number[] = [
  -1, 1, 2, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
  10, 11, 12, 13, 14, 15, 16, 17, 5, 6, 7, 28, 29, 30, 31, 4,
];
export const N_FRAME_REGS = 16;
export const N_GP_REGS = 16;
/** UnknownSyscall message: FaultIP, SP, RA, a0..a6 (then the syscall number). */
export const SYSCALL_MSG_REGS: readonly number[] = [-1, 2, 1, 10, 11, 12, 13, 14, 15, 16];
/** UserException message: FaultIP, SP (then number, code). */
export const EXCEPTION_MSG_REGS: readonly number[] = [-1, 2];
/** Timeout fault reply: FaultIP, ra, sp, gp, s0–s11, a0–a7, t0–t6, tp. */
export const TIMEOUT_REPLY_REGS: readonly number[] = USER_CONTEXT_REGS;

/** RISC-V scause values the kernel distinguishes. */
export const enum Cause {
  MisalignedFetch = 0, FetchAccess = 1, Illegal = 2, Breakpoint = 3, MisalignedLoad = 4,
  LoadAccess = 5, MisalignedStore = 6, StoreAccess = 7, EcallU = 8,
  FetchPage = 12, LoadPage = 13, StorePage = 15,
}
