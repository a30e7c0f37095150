/**
 * Sv39 address spaces written for real into guest RAM: three-level page tables of 512 PTEs,
 * 4 KiB / 2 MiB / 1 GiB leaves, with A and D preset (as seL4 does, so the hart never needs to
 * update them). Also the RISC-V page and page-table invocations.
 */
import { CapType, GIGA_BITS, Label, MEGA_BITS, PAGE_BITS, Right, TS, USER_TOP, Reg } from './abi.js';
import type { Kernel } from './kernel.js';
import type { Cap, TcbObj } from './objects.js';
import { SE, type SyscallError } from './errors.js';
import { createObject } from './retype.js';
import { ObjType } from './abi.js';
import { setThreadState } from './scheduler.js';
import { setInfoReg, setMR } from './ipc.js';

const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128;
const TWO32 = 4294967296;

export interface Perms { read: boolean; write: boolean; execute: boolean }

function readPte(k: Kernel, pa: number): { lo: number; hi: number } {
  const off = k.machine.bus.ramOffset(pa);
  const r = k.machine.bus.ram32;
  return { lo: r[off >> 2], hi: r[(off >> 2) + 1] };
}

function writePte(k: Kernel, pa: number, lo: number, hi: number): void {
  const bus = k.machine.bus;
  const off = bus.ramOffset(pa);
  bus.ram32[off >> 2] = lo | 0;
  bus.ram32[(off >> 2) + 1] = hi | 0;
  k.touched(off);
  k.tlbStale = true;
}

function ptePpnPa(lo: number, hi: number): number {
  return ((hi & 0x3fffff) * 4194304 + (lo >>> 10)) * 4096;
}

function makePte(pa: number, flags: number): { lo: number; hi: number } {
  const ppn = pa / 4096;
  return { lo: ((ppn % 4194304) * 1024 + flags) % TWO32, hi: Math.floor(ppn / 4194304) };
}

function vpn(vaddr: number, level: number): number {
  return Math.floor(vaddr / 2 ** (12 + 9 * level)) % 512;
}

/** Level of a leaf of 2^bits bytes: 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB. */
export function levelForBits(bits: number): number {
  return bits === PAGE_BITS ? 0 : bits === MEGA_BITS ? 1 : bits === GIGA_BITS ? 2 : -1;
}

/** Walk to the PTE slot for `vaddr` at `level` (seL4 lookupPTSlot stops at the first missing table). */
export function lookupPTSlot(k: Kernel, rootPa: number, vaddr: number): { ptePa: number; level: number } {
  let table = rootPa;
  for (let level = 2; ; level--) {
    const ptePa = table + 8 * vpn(vaddr, level);
    if (level === 0) return { ptePa, level };
    const p = readPte(k, ptePa);
    const isTable = (p.lo & PTE_V) !== 0 && (p.lo & (PTE_R | PTE_W | PTE_X)) === 0;
    if (!isTable) return { ptePa, level };
    table = ptePpnPa(p.lo, p.hi);
  }
}

/**
 * Map `pa` at `vaddr` as a user leaf of the given level, creating intermediate page tables
 * (kernel objects, memory from the kernel's allocator) as needed. Used by the loader.
 */
export function mapLeaf(k: Kernel, rootPa: number, vaddr: number, pa: number, level: number, perms: Perms, owner: number | null): void {
  let table = rootPa;
  for (let l = 2; l > level; l--) {
    const ptePa = table + 8 * vpn(vaddr, l);
    const p = readPte(k, ptePa);
    if ((p.lo & PTE_V) === 0) {
      const ptPa = k.allocPhys(4096, 4096);
      createObject(k, ObjType.PageTable, 0, ptPa, false, `pt@${ptPa.toString(16)}`, owner);
      const e = makePte(ptPa, PTE_V);
      writePte(k, ptePa, e.lo, e.hi);
      table = ptPa;
    } else if ((p.lo & (PTE_R | PTE_W | PTE_X)) !== 0) {
      throw new Error(`kernel: 0x${vaddr.toString(16)} is already inside a large mapping`);
    } else {
      table = ptePpnPa(p.lo, p.hi);
    }
  }
  const ptePa = table + 8 * vpn(vaddr, level);
  const flags = PTE_V | PTE_U | PTE_A | PTE_D | (perms.read ? PTE_R : 0) | (perms.write ? PTE_W : 0) | (perms.execute ? PTE_X : 0);
  const e = makePte(pa, flags);
  writePte(k, ptePa, e.lo, e.hi);
}

/** Physical address `vaddr` maps to in the VSpace at `rootPa`, or -1. */
export function translate(k: Kernel, rootPa: number, vaddr: number): number {
  let table = rootPa;
  for (let level = 2; level >= 0; level--) {
    const p = readPte(k, table + 8 * vpn(vaddr, level));
    if ((p.lo & PTE_V) === 0) return -1;
    const pa = ptePpnPa(p.lo, p.hi);
    if ((p.lo & (PTE_R | PTE_W | PTE_X)) !== 0) return pa + (vaddr % 2 ** (12 + 9 * level));
    table = pa;
  }
  return -1;
}

/** Clear the leaf mapping a frame cap records (seL4 unmapPage). */
export function unmapFrame(k: Kernel, cap: Cap): void {
  if (cap.mappedIn === 0) return;
  const root = k.s.objects[cap.mappedIn];
  if (root && root.kind === 'pagetable') {
    const f = k.frame(cap.obj);
    const level = levelForBits(f.sizeBits);
    const slot = lookupPTSlot(k, root.paddr, cap.mappedVaddr);
    const p = readPte(k, slot.ptePa);
    if (slot.level === level && (p.lo & PTE_V) !== 0 && ptePpnPa(p.lo, p.hi) === f.paddr) writePte(k, slot.ptePa, 0, 0);
  }
  cap.mappedIn = 0;
  cap.mappedVaddr = 0;
  k.machine.cpu.flushTlb();
}

function vspaceRootOf(cap: Cap | undefined): number {
  if (cap === undefined || cap.type !== CapType.PageTable || cap.mappedIn !== cap.obj) return 0;
  return cap.obj;
}

export function decodeVSpaceInvocation(
  k: Kernel, cur: TcbObj, label: number, length: number, cap: Cap, call: boolean,
  args: (i: number) => bigint, extra: Cap[],
): SyscallError | null {
  switch (cap.type) {
    case CapType.Frame: {
      const f = k.frame(cap.obj);
      const bits = f.sizeBits;
      switch (label) {
        case Label.RISCVPageMap: {
          if (length < 3 || !extra[0]) return SE.truncated();
          const vaddrW = args(0), rightsW = args(1), attr = args(2);
          const rootId = vspaceRootOf(extra[0]);
          if (rootId === 0) return SE.invalidCapability(1);
          const size = 2 ** bits;
          if (vaddrW + BigInt(size) - 1n >= BigInt(USER_TOP)) return SE.invalidArgument(0);
          const vaddr = Number(vaddrW);
          if (vaddr % size !== 0) return SE.alignment();
          const root = k.pageTable(rootId);
          const lu = lookupPTSlot(k, root.paddr, vaddr);
          if (lu.level !== levelForBits(bits)) {
            return SE.failedLookup(false, { kind: 1, bitsLeft: 12 + 9 * lu.level, bitsFound: 0, guardFound: 0n });
          }
          if (cap.mappedIn !== 0) {
            if (cap.mappedIn !== rootId) return SE.invalidCapability(1);
            if (cap.mappedVaddr !== vaddr) return SE.invalidArgument(0);
          } else if ((readPte(k, lu.ptePa).lo & PTE_V) !== 0) {
            return SE.deleteFirst();
          }
          const want = Number(rightsW & 0xfn);
          const read = (cap.rights & Right.Read) !== 0 && (want & Right.Read) !== 0;
          const write = read && (cap.rights & Right.Write) !== 0 && (want & Right.Write) !== 0;
          const exec = (attr & 1n) === 0n;
          setThreadState(k, cur, TS.Restart);
          const flags = PTE_V | PTE_A | PTE_D | (read || write ? PTE_U : 0) | (read ? PTE_R : 0) | (write ? PTE_W : 0) | (exec && read ? PTE_X : 0);
          const e = makePte(f.paddr, flags);
          writePte(k, lu.ptePa, e.lo, e.hi);
          cap.mappedIn = rootId;
          cap.mappedVaddr = vaddr;
          k.machine.cpu.flushTlb();
          return null;
        }
        case Label.RISCVPageUnmap:
          setThreadState(k, cur, TS.Restart);
          unmapFrame(k, cap);
          return null;
        case Label.RISCVPageGetAddress:
          setThreadState(k, cur, TS.Restart);
          if (call) {
            k.setReg(cur, Reg.a0, 0n);
            const len = setMR(k, cur, k.ipcBuffer(cur, true), 0, BigInt(f.paddr));
            setInfoReg(k, cur, Reg.a1, { label: 0, capsUnwrapped: 0, extraCaps: 0, length: len });
          }
          setThreadState(k, cur, TS.Running);
          return null;
        default:
          return SE.illegalOperation();
      }
    }
    case CapType.PageTable: {
      const pt = k.pageTable(cap.obj);
      switch (label) {
        case Label.RISCVPageTableMap: {
          if (length < 2 || !extra[0]) return SE.truncated();
          if (cap.mappedIn !== 0) return SE.invalidCapability(0);
          const rootId = vspaceRootOf(extra[0]);
          if (rootId === 0) return SE.invalidCapability(1);
          const vaddrW = args(0);
          if (vaddrW >= BigInt(USER_TOP)) return SE.invalidArgument(0);
          const vaddr = Number(vaddrW);
          const lu = lookupPTSlot(k, k.pageTable(rootId).paddr, vaddr);
          const old = readPte(k, lu.ptePa);
          if (lu.level === 0 || (old.lo & PTE_V) !== 0) return SE.deleteFirst();
          setThreadState(k, cur, TS.Restart);
          const e = makePte(pt.paddr, PTE_V);
          writePte(k, lu.ptePa, e.lo, e.hi);
          cap.mappedIn = rootId;
          cap.mappedVaddr = vaddr - (vaddr % 2 ** (12 + 9 * lu.level));
          k.machine.cpu.flushTlb();
          return null;
        }
        case Label.RISCVPageTableUnmap: {
          if (cap.mappedIn === cap.obj) return SE.revokeFirst();
          setThreadState(k, cur, TS.Restart);
          if (cap.mappedIn !== 0) {
            const root = k.pageTable(cap.mappedIn);
            // Find the PTE that points at this table and clear it.
            let table = root.paddr;
            for (let level = 2; level > 0; level--) {
              const ptePa = table + 8 * vpn(cap.mappedVaddr, level);
              const p = readPte(k, ptePa);
              if ((p.lo & PTE_V) === 0 || (p.lo & (PTE_R | PTE_W | PTE_X)) !== 0) break;
              const next = ptePpnPa(p.lo, p.hi);
              if (next === pt.paddr) { writePte(k, ptePa, 0, 0); break; }
              table = next;
            }
            cap.mappedIn = 0;
            k.zeroPhys(pt.paddr, 4096);
            k.machine.cpu.flushTlb();
          }
          return null;
        }
        default:
          return SE.illegalOperation();
      }
    }
    case CapType.AsidPool:
      if (label !== Label.RISCVASIDPoolAssign) return SE.illegalOperation();
      if (!extra[0]) return SE.truncated();
      if (extra[0].type !== CapType.PageTable || extra[0].mappedIn !== 0) return SE.invalidCapability(1);
      setThreadState(k, cur, TS.Restart);
      extra[0].mappedIn = extra[0].obj;
      return null;
    default:
      return SE.illegalOperation();
  }
}
