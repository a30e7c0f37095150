/**
 * When to translate: the one place that decides whether an entry point the interpreter found
 * hot becomes translated code (issue 16). The translator supplies `compile`; the dispatch asks
 * `request` once an entry's execution count reaches the hart's `jitThreshold`.
 *
 * Two mechanisms, both invisible to the guest (every tier is exact, so results, block records
 * and recordings do not depend on what is translated):
 *
 * - **Content cache.** A translation depends only on the instruction bytes it covers and their
 *   virtual addresses (operands and pcs are baked in; memory goes through the TLB at run time).
 *   So when a page is reloaded with the same code at the same virtual address — seL4test
 *   starts every test as a fresh process from the same ELF, each in new frames — the earlier
 *   translation is reused after a byte comparison, and V8 runs code it has already optimised
 *   instead of compiling and warming up a new function.
 * - **Compile budget and an adaptive threshold.** Translating a lukewarm block costs more than
 *   interpreting it: V8 optimises each new function in the background (milliseconds each on
 *   this 2-core machine) and runs it slowly until then. seL4test has thousands of kernel and
 *   test blocks run a few thousand times each: translating every block reached 50 times ran
 *   its kernel-heavy phases at half the interpreter's speed, translating only blocks run 65535
 *   times at 1.3× it. Retired instructions earn budget (`rate` compiles per million, banked up
 *   to `burst`), each compile spends one, and a request with the bank empty is refused (the
 *   entry's count starts over) and doubles the threshold, up to 2^`maxLevel` times the hart's
 *   `jitThreshold`; it halves again after each `decay` instructions without a refusal. So a
 *   program's start or a new phase translates at the base threshold, and a flood of new code
 *   raises the bar until only the hottest entries are translated. Ordinary programs translate a
 *   few hundred blocks (ordinary-mixed: 350 in 231M instructions) and never leave the base.
 *
 * A threshold of 1 (tests: translate everything at once) bypasses the budget.
 */

/** What the policy needs of a translation: the end of the bytes it covers. */
export interface Translation { readonly end: number }

/** Compiles the unit starting at `pc` (page bytes at `ramOff` in RAM, virtual page `pageBase`), or null if untranslatable. */
export type CompileFn<T> = (ramOff: number, pageBase: number, pc: number) => T | null;

/** The policy's constants (tests lower them to exercise refusals on small guests). */
export interface PolicyLimits {
  /** Compiles earned per million retired instructions. */
  rate: number;
  /** Most compiles banked (the burst a program's start or a new phase may spend at once). */
  burst: number;
  /** The threshold rises up to 2^maxLevel times the base (50 → 51200; entry counts are 16-bit). */
  maxLevel: number;
  /** Retired instructions without a refusal before the threshold halves again. */
  decay: number;
}

/** Chosen on seL4test's kernel-heavy phases (paired runs) and the ordinary bench (which never leaves the base threshold). */
export const DEFAULT_LIMITS: Readonly<PolicyLimits> = { rate: 1, burst: 512, maxLevel: 10, decay: 200e6 };
/** Translations kept in the content cache; it is emptied when full. */
const CACHE_MAX = 1 << 15;

interface Cached<T> { readonly bytes: Uint8Array; readonly unit: T }

export class TranslationPolicy<T extends Translation> {
  private lim: PolicyLimits = { ...DEFAULT_LIMITS };
  /** Budget in compiles, as of `earnedAt` retired instructions. */
  private budget = DEFAULT_LIMITS.burst;
  private earnedAt = 0;
  /** The threshold is the base times 2^level; raised at a refusal, lowered at `lastRaise` + decay. */
  private level = 0;
  private lastRaise = 0;
  private readonly cache = new Map<number, Cached<T>[]>();
  private cached = 0;
  /** Counters for the bench and tests: fresh compiles, cache hits, refusals. */
  readonly stats = { compiled: 0, reused: 0, refused: 0 };

  /**
   * `covers(ramOff, bytes)`: told the RAM bytes each translation handed out was made from (the
   * hart then knows which stores into a code page must drop its translations).
   */
  constructor(private readonly ram: Uint8Array, private readonly compile: CompileFn<T>,
    private readonly covers: (ramOff: number, bytes: number) => void = () => {}) {}

  /** Change the limits (the bank is refilled to the new burst). */
  configure(limits: Partial<PolicyLimits>): void {
    this.lim = { ...this.lim, ...limits };
    this.budget = this.lim.burst;
  }

  /** Entry count at which to ask for a translation, for the hart's base threshold (0 = never) at `instret`. */
  threshold(base: number, instret: number): number {
    if (base <= 1) return base;
    const decay = this.lim.decay;
    while (this.level > 0 && instret - this.lastRaise >= decay) { this.level--; this.lastRaise += decay; }
    return Math.min(base * 2 ** this.level, 0xffff);
  }

  /**
   * The translation for `pc`, whose entry count just reached the threshold (`instret`: the
   * hart's retired instructions, the clock the budget is earned by; `base`: the hart's
   * threshold). Returns the unit, null
   * if it cannot be translated, or undefined if not now (the caller starts the count over).
   */
  request(instret: number, ramOff: number, pageBase: number, pc: number, base: number): T | null | undefined {
    const off = ramOff + (pc - pageBase);
    const hit = this.recall(pc, off);
    if (hit !== undefined) { this.stats.reused++; this.covers(off, hit.end - pc); return hit; }
    if (instret > this.earnedAt) {
      this.budget = Math.min(this.lim.burst, this.budget + (instret - this.earnedAt) * (this.lim.rate / 1e6));
      this.earnedAt = instret;
    }
    if (this.budget < 1 && base > 1) {
      this.stats.refused++;
      if (this.level < this.lim.maxLevel) this.level++;
      this.lastRaise = instret;
      return undefined;
    }
    const unit = this.compile(ramOff, pageBase, pc);
    if (unit === null) return null;
    this.budget -= 1;
    this.stats.compiled++;
    this.remember(pc, off, unit);
    this.covers(off, unit.end - pc);
    return unit;
  }

  /** Forget every translation (a reset or snapshot restore need not, but may, call this). */
  clear(): void { this.cache.clear(); this.cached = 0; }

  private recall(pc: number, off: number): T | undefined {
    const list = this.cache.get(pc);
    if (list === undefined) return undefined;
    const ram = this.ram;
    for (const c of list) {
      const b = c.bytes;
      if (off + b.length > ram.length) continue;
      let k = 0;
      while (k < b.length && ram[off + k] === b[k]) k++;
      if (k === b.length) return c.unit;
    }
    return undefined;
  }

  private remember(pc: number, off: number, unit: T): void {
    if (this.cached >= CACHE_MAX) this.clear();
    const bytes = this.ram.slice(off, off + (unit.end - pc));
    const list = this.cache.get(pc);
    if (list === undefined) this.cache.set(pc, [{ bytes, unit }]);
    else list.push({ bytes, unit });
    this.cached++;
  }
}
