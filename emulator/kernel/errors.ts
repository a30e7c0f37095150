/** seL4 syscall errors (current_syscall_error) as values, and their reply message words. */
import { Err } from './abi.js';
import type { LookupFault } from './objects.js';

export interface SyscallError {
  type: number;
  invalidArgumentNumber: number;
  invalidCapNumber: number;
  rangeMin: bigint;
  rangeMax: bigint;
  failedLookupWasSource: boolean;
  lookup: LookupFault | null;
  memoryLeft: bigint;
}

function make(type: number): SyscallError {
  return {
    type, invalidArgumentNumber: 0, invalidCapNumber: 0, rangeMin: 0n, rangeMax: 0n,
    failedLookupWasSource: false, lookup: null, memoryLeft: 0n,
  };
}

export const SE = {
  invalidArgument(n: number): SyscallError { const e = make(Err.InvalidArgument); e.invalidArgumentNumber = n; return e; },
  invalidCapability(n: number): SyscallError { const e = make(Err.InvalidCapability); e.invalidCapNumber = n; return e; },
  illegalOperation(): SyscallError { return make(Err.IllegalOperation); },
  range(min: bigint | number, max: bigint | number): SyscallError {
    const e = make(Err.RangeError); e.rangeMin = BigInt(min); e.rangeMax = BigInt(max); return e;
  },
  alignment(): SyscallError { return make(Err.AlignmentError); },
  failedLookup(wasSource: boolean, lookup: LookupFault): SyscallError {
    const e = make(Err.FailedLookup); e.failedLookupWasSource = wasSource; e.lookup = lookup; return e;
  },
  truncated(): SyscallError { return make(Err.TruncatedMessage); },
  deleteFirst(): SyscallError { return make(Err.DeleteFirst); },
  revokeFirst(): SyscallError { return make(Err.RevokeFirst); },
  notEnoughMemory(left: bigint | number): SyscallError { const e = make(Err.NotEnoughMemory); e.memoryLeft = BigInt(left); return e; },
};

/** Lookup-failure words as seL4 writes them (type + 1, then the kind's fields). */
export function lookupFailureWords(lf: LookupFault): bigint[] {
  const w: bigint[] = [BigInt(lf.kind + 1)];
  switch (lf.kind) {
    case 1: w.push(BigInt(lf.bitsLeft)); break;
    case 2: w.push(BigInt(lf.bitsLeft), BigInt(lf.bitsFound)); break;
    case 3: w.push(BigInt(lf.bitsLeft), lf.guardFound, BigInt(lf.bitsFound)); break;
    default: break;
  }
  return w;
}

/** The error reply's message words (setMRs_syscall_error). */
export function errorWords(e: SyscallError): bigint[] {
  switch (e.type) {
    case Err.InvalidArgument: return [BigInt(e.invalidArgumentNumber)];
    case Err.InvalidCapability: return [BigInt(e.invalidCapNumber)];
    case Err.RangeError: return [e.rangeMin, e.rangeMax];
    case Err.FailedLookup: return [e.failedLookupWasSource ? 1n : 0n, ...(e.lookup ? lookupFailureWords(e.lookup) : [1n])];
    case Err.NotEnoughMemory: return [e.memoryLeft];
    default: return [];
  }
}
