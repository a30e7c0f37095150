/**
 * Process exit codes of the seltrace CLI (documented in the README):
 * a guest's own exit code passes through (1..255) when it exits non-zero.
 */
export const EXIT = {
  OK: 0,
  /** Bad input: unreadable/malformed ELF, .system, trace, spec or flag. */
  BAD_INPUT: 2,
  /** The guest took the same exception at the same pc over and over (a trap storm). */
  TRAP_STORM: 123,
  /** The guest ran into --max-cycles without exiting. */
  CYCLE_LIMIT: 124,
  /** The guest halted without an exit code (deadlock, wfi forever, finisher reset). */
  GUEST_HALT: 125,
  /** A bug in seltrace itself. */
  INTERNAL: 70,
  /** `record` interrupted by SIGINT / SIGTERM (128 + SIGINT, as shells expect); the trace is complete up to there. */
  INTERRUPTED: 130,
} as const;

/** Map a guest exit code to a process exit code (non-zero stays non-zero). */
export function guestExitCode(code: number): number {
  if (code === 0) return 0;
  const c = code & 0xff;
  return c === 0 ? 1 : c;
}
