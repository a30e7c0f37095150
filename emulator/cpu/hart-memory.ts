/**
 * Where the hart's arrays live that translated WebAssembly works on directly: in the bytes
 * after RAM in the bus's buffer (`Bus.hartArea`, one WebAssembly.Memory when the host allows
 * it), so the JS typed arrays the interpreter and the JS blocks use are views of the very
 * memory the wasm regions load and store. Byte offsets from the start of the area.
 */
import { BLOCK_RING_MAX } from './hart-enums.js';

export const enum HartMem {
  /** x0–x31 as 64 int32 halves (an i64 load of x[2i..2i+1] is register i). */
  X = 0,
  /** The blocks' `out` pair (Float64). */
  OUT = 256,
  /** The chain state (chain.ts `St`, Float64). */
  ST = 320,
  /** Read / write TLB: tags (virtual page numbers) and RAM offsets, 256 Float64 each. */
  TAG_R = 1024, RAM_R = TAG_R + 2048, TAG_W = RAM_R + 2048, RAM_W = TAG_W + 2048,
  /** The block-record ring (Cpu.blocks). */
  BLOCKS = 16384,
}

/** Bytes the area needs. */
export const HART_AREA_BYTES = HartMem.BLOCKS + BLOCK_RING_MAX * 2 * 8;
