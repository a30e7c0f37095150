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

/** Slots of the state array shared with the interpreter loop. */
export const enum St { COUNT, BI, BSTART, BCOUNT, PC, NOJIT, SIZE }

/** What a chain needs besides the blocks' own environment. */
export interface ChainEnv {
  /** Block records go here (Cpu.setBlockRing). */
  blk: Float64Array;
  /** The blocks' out array (BlockEnv.out). */
  readonly out: Float64Array;
  /** Block ring mask (BLOCK_RING * 2 - 1). */
  readonly mask: number;
}

/**
 * Run `jb` (which fits in the budget `n`) and its successors. On return st holds the new
 * count, block-record state, the pc to continue at and whether to interpret one instruction
 * first (NOJIT: a block bailed out at its first instruction).
 */
export function runChain(e: ChainEnv, jb: JitBlock, jpage: readonly (JitBlock | null | undefined)[], pageBase: number, n: number, st: Float64Array): void {
  const blk = e.blk, out = e.out, mask = e.mask;
  let count = st[St.COUNT], bi = st[St.BI], bStart = st[St.BSTART], bCount = st[St.BCOUNT];
  let pc: number, noJit = 0;
  for (;;) {
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
    const rel = pc - pageBase;
    if (!(rel >= 0 && rel < 4096)) break;
    const nb = jpage[rel >> 1];
    if (nb === undefined || nb === null || nb.base !== pageBase || count + nb.n > n) break;
    jb = nb;
  }
  st[St.COUNT] = count; st[St.BI] = bi; st[St.BSTART] = bStart; st[St.BCOUNT] = bCount; st[St.PC] = pc; st[St.NOJIT] = noJit;
}
