/**
 * Running translated blocks back to back: after a block, the next one of the same page is
 * called directly while it fits the batch budget, without going back through the
 * interpreter's fetch. Block records (start pc, instructions) are written exactly where the
 * interpreter would write them: the loop, not the translated code, tracks where the current
 * straight-line run began.
 *
 * Kept out of the (large, generated) interpreter loop so V8 optimises this hot loop on its own;
 * the loop's state crosses over in `st` (see `St`) once per chain.
 */
import type { JitBlock } from './jit.js';
import type { WasmRegion } from './wasm-region.js';

/**
 * Slots of the state array shared with the interpreter loop and wasm regions (it lives in the
 * hart area, hart-memory.ts). WEXIT: a region left by a bail-out (1), not at a block end (0).
 */
export const enum St { COUNT, BI, BSTART, BCOUNT, PC, NOJIT, WEXIT, SIZE }

/** How a region left at an exit site (WasmRegion.siteKind): at a block boundary, or bailing out before an instruction (the first of its block: NOJIT). */
export const enum WExit { NEXT = 0, BAIL = 1, BAIL_FIRST = 2 }

/**
 * The wasm region state of the page the interpreter fetches from (one per decoded RAM page;
 * Cpu.fetchPage points `ChainEnv.page` at it, invalidation empties it).
 */
export class RegionSlot {
  region: WasmRegion | null = null;
  /** Chain entries into this page's JS blocks the region does not cover, since the last compile. */
  misses = 0;
  /** Misses that trigger the next compile (doubles with each: a compile costs in proportion to the page's blocks). */
  after = 0;
  constructor(readonly ramOff: number, after: number) { this.after = after; }
}

/** What a chain needs besides the blocks' own environment. */
export interface ChainEnv {
  readonly blk: Float64Array;
  /** The blocks' out array (BlockEnv.out). */
  readonly out: Float64Array;
  /** Block ring mask (Cpu.blockMask). */
  mask: number;
  /** The fetch page's region state; null when the wasm tier is off. */
  page: RegionSlot | null;
  /** LR reservation holder: regions run only without one (their stores do not clear it). */
  readonly hart: { readonly reservation: number };
  /** (Re)compile the page's region (after `regionAfter` uncovered chain entries). */
  readonly compileRegion: (slot: RegionSlot, jpage: readonly (JitBlock | null | undefined)[], pageBase: number) => void;
  regionAfter: number;
  /** Region calls (bench and tests). */
  readonly stats: { calls: number };
}

/**
 * Run `jb` (which fits in the budget `n`) and its successors. On return st holds the new
 * count, block-record state, the pc to continue at and whether to interpret one instruction
 * first (NOJIT: a block bailed out at its first instruction).
 */
export function runChain(e: ChainEnv, jb: JitBlock, jpage: readonly (JitBlock | null | undefined)[], pageBase: number, n: number, st: Float64Array): void {
  const blk = e.blk, out = e.out, mask = e.mask;
  let count = st[St.COUNT], bi = st[St.BI], bStart = st[St.BSTART], bCount = st[St.BCOUNT];
  let pc = 0, noJit = 0;
  const slot = e.page;
  for (;;) {
    // Run jb's region (from jb on) or jb itself; either way `pc` is where it went on, and a
    // successor in this page that fits the budget runs next.
    let inRegion = false;
    if (slot !== null) {
      const reg = slot.region;
      const idx = reg !== null && reg.base === pageBase ? reg.index[(jb.pcs[0] - pageBase) >> 1] : -1;
      // (Counts cross as int32: batches are far smaller, but a caller may ask for more.)
      if (idx >= 0 && e.hart.reservation < 0 && n <= 0x7fffffff) {
        st[St.COUNT] = count; st[St.BI] = bi; st[St.BSTART] = bStart; st[St.BCOUNT] = bCount;
        e.stats.calls++;
        reg!.fn(idx, n);
        count = st[St.COUNT]; bi = st[St.BI]; bStart = st[St.BSTART]; bCount = st[St.BCOUNT];
        const site = st[St.WEXIT];
        if (site === 0) pc = st[St.PC];
        else {
          pc = reg!.sitePc[site]; count += reg!.siteCount[site];
          const kind = reg!.siteKind[site];
          if (kind !== WExit.NEXT) { noJit = kind === WExit.BAIL_FIRST ? 1 : 0; break; }
        }
        inRegion = true;
      } else if (idx === -1 && ++slot.misses >= slot.after) e.compileRegion(slot, jpage, pageBase);
    }
    if (!inRegion) {
      let done = jb.fn(n - count);
      if (jb.loops) {
        // One record per loop-back, exactly as the interpreter would have written them.
        const it = out[1];
        if (it > 0) {
          blk[bi] = bStart; blk[bi + 1] = count + jb.n - bCount; bi = (bi + 2) & mask;
          for (let i = 1; i < it; i++) { blk[bi] = jb.pcs[0]; blk[bi + 1] = jb.n; bi = (bi + 2) & mask; }
          bStart = jb.pcs[0];
          count += it * jb.n; done -= it * jb.n; bCount = count;
        }
      }
      count += done;
      if (done !== jb.n) {
        pc = jb.pcs[done];
        if (done === 0) noJit = 1;
        break;
      }
      const npc = out[0];
      if (npc !== jb.end) {
        blk[bi] = bStart; blk[bi + 1] = count - bCount; bi = (bi + 2) & mask;
        bStart = npc; bCount = count;
      }
      pc = npc;
    }
    const rel = pc - pageBase;
    if (!(rel >= 0 && rel < 4096)) break;
    const nb = jpage[rel >> 1];
    if (nb === undefined || nb === null || nb.base !== pageBase || count + nb.n > n) break;
    jb = nb;
  }
  st[St.COUNT] = count; st[St.BI] = bi; st[St.BSTART] = bStart; st[St.BCOUNT] = bCount; st[St.PC] = pc; st[St.NOJIT] = noJit;
}
