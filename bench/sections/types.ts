/**
 * The contract between `bench/run.ts` and one section of the benchmark.
 *
 * A section measures one or more DESIGN.md §6 figures and returns table rows. Sections run
 * in order; numbers a section publishes in `metrics` are visible to later sections through
 * `ctx.metrics` (the qemu section reads the emulator's MIPS and instruction count this way).
 */

export interface BenchContext {
  /** `--quick`: bench-small.elf, for tests and smoke runs. */
  readonly quick: boolean;
  /** Timed repetitions per measurement; the best is reported. */
  readonly runs: number;
  /** Absolute path of the guest ELF in use. */
  readonly elfPath: string;
  /** Its bytes. */
  readonly elf: Uint8Array;
  /** Metrics published by the sections that ran before this one. */
  readonly metrics: ReadonlyMap<string, number>;
  /** Progress line on stderr (stdout stays clean for `--json`). */
  log(message: string): void;
}

/** One line of the result table; all columns are display strings. */
export interface FigureRow {
  figure: string;
  measured: string;
  target: string;
  anchor: string;
}

export interface SectionResult {
  rows: FigureRow[];
  /** Machine-readable numbers, e.g. `emulation.mips`; keys are `section.name`. */
  metrics?: Record<string, number>;
  /** Something looks off but the guest's result is right (e.g. an instret mismatch). */
  warnings?: string[];
  /** The guest's result is wrong or missing: makes the bench exit non-zero. */
  failures?: string[];
}

export interface BenchSection {
  /** Short id, also the prefix of its metric names. */
  readonly id: string;
  run(ctx: BenchContext): SectionResult | Promise<SectionResult>;
}
