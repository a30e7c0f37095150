/** The hart's privilege levels, exception causes, run-stop reasons and block-record ring size (cpu.ts re-exports them; interp.ts needs them without importing cpu.ts). */
export const enum Priv { U = 0, S = 1, M = 3 }

export const enum Cause {
  MISALIGNED_FETCH = 0, FETCH_ACCESS = 1, ILLEGAL = 2, BREAKPOINT = 3, MISALIGNED_LOAD = 4,
  LOAD_ACCESS = 5, MISALIGNED_STORE = 6, STORE_ACCESS = 7, ECALL_U = 8, ECALL_S = 9, ECALL_M = 11,
  FETCH_PAGE = 12, LOAD_PAGE = 13, STORE_PAGE = 15,
}

/** Why the last `run` returned early. */
export const enum Stop { NONE = 0, SYNC = 1, WFI = 2, HOST = 3 }

/**
 * Block records in the ring by default (the ring is written on, batch after batch; nobody reads
 * it outside a recording): small enough to stay in cache.
 */
export const BLOCK_RING = 1 << 16;
/**
 * Records the ring can hold (Cpu.setBlockRing): a recording keeps a few chunks' records in it
 * until its helper thread has encoded them in place (tracer/recorder.ts).
 */
export const BLOCK_RING_MAX = 1 << 21;
