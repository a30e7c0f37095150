/**
 * Sv39 page-table walk (privileged spec 4.3/4.4): 3 levels, 4 KiB/2 MiB/1 GiB pages, hardware
 * A/D update, U/SUM/MXR permission rules. Returns the physical address, or a negative value
 * -(cause + 1) for a page fault (12/13/15) or access fault (1/5/7) on a PTE read.
 */
import type { Bus } from '../bus.js';

export const enum Access { FETCH = 0, LOAD = 1, STORE = 2 }

/** Page fault and access fault causes per Access (FETCH, LOAD, STORE). */
const pageFault = (access: Access): number => (access === Access.FETCH ? 12 : access === Access.LOAD ? 13 : 15);
const accessFault = (access: Access): number => (access === Access.FETCH ? 1 : access === Access.LOAD ? 5 : 7);

const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_A = 64, PTE_D = 128;
export const PTE_U = 16;
/** Low word of the leaf PTE of the last successful walk (the TLB files the entry by its U bit). */
export const sv39Leaf = new Int32Array(1);

/**
 * @param satpPpn root page-table PPN
 * @param priv effective privilege (0 U, 1 S) for this access
 * @param sum mstatus.SUM, @param mxr mstatus.MXR
 */
export function sv39Walk(bus: Bus, va: number, access: Access, satpPpn: number, priv: number, sum: boolean, mxr: boolean, update = true): number {
  const pf = -(pageFault(access) + 1);
  // va must be the sign extension of bit 38.
  if (va >= 2 ** 38 || va < -(2 ** 38)) return pf;
  const uva = va < 0 ? va + 2 ** 39 : va; // 39-bit unsigned view
  let a = satpPpn * 4096;
  const ram32 = bus.ram32;
  for (let level = 2; level >= 0; level--) {
    // vpn[level]: 9 bits of the 39-bit address above bit 12 + 9 * level (no array per walk).
    const pteAddr = a + (Math.floor(uva / (level === 2 ? 2 ** 30 : level === 1 ? 2 ** 21 : 4096)) % 512) * 8;
    const off = bus.ramOffset(pteAddr);
    if (off < 0 || off + 8 > bus.ramSize) return -(accessFault(access) + 1);
    let lo = ram32[off >> 2];
    const hi = ram32[(off >> 2) + 1];
    if ((lo & PTE_V) === 0 || ((lo & PTE_R) === 0 && (lo & PTE_W) !== 0)) return pf;
    if ((hi >>> 22) !== 0) return pf; // reserved bits 63:54 (no Svpbmt/Svnapot)
    // PPN = bits 53:10
    const ppn = (hi & 0x3fffff) * 4194304 + (lo >>> 10);
    if ((lo & (PTE_R | PTE_X)) === 0) {
      if (level === 0) return pf;
      a = ppn * 4096;
      continue;
    }
    // Leaf: permissions.
    if (priv === 0) {
      if ((lo & PTE_U) === 0) return pf;
    } else if ((lo & PTE_U) !== 0 && (access === Access.FETCH || !sum)) {
      return pf;
    }
    if (access === Access.FETCH ? (lo & PTE_X) === 0
      : access === Access.LOAD ? (lo & PTE_R) === 0 && !(mxr && (lo & PTE_X) !== 0)
        : (lo & PTE_W) === 0) return pf;
    // Misaligned superpage.
    if (level > 0 && ppn % (level === 2 ? 262144 : 512) !== 0) return pf;
    // Hardware A/D update.
    const need = PTE_A | (access === Access.STORE ? PTE_D : 0);
    if ((lo & need) !== need && update) {
      lo |= need;
      ram32[off >> 2] = lo;
      bus.dirty[off >>> 12] = 1; bus.epochDirty[off >>> 12] = 1;
      if ((bus.pageFlags[off >>> 12] & 1) !== 0 && bus.codeWritten !== null) bus.codeWritten(off >>> 12); // a page table sharing a page with code
    }
    sv39Leaf[0] = lo;
    const pageOff = level === 0 ? uva % 4096 : level === 1 ? uva % 2 ** 21 : uva % 2 ** 30;
    return ppn * 4096 + pageOff;
  }
  return pf;
}
