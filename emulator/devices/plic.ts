/**
 * PLIC as on QEMU virt with one hart: sources 1..95, 3 priority bits, context 0 = hart 0
 * M-mode (drives mip.MEIP), context 1 = hart 0 S-mode (drives mip.SEIP).
 *
 * Sources are level-triggered through a gateway: a source is pending while its level is
 * high and it is not claimed; claim takes it into service (not pending), complete releases
 * it and, if the level is still high, it is pending again at once.
 */
import { MipBit, type DeviceState, type IrqLines, type MmioDevice, type PlicInput } from './device.js';
import { readSubword, stateBool, stateBytes, writeSubword } from './mmio.js';

export const PLIC_SOURCES = 96; // ids 0..95; 0 means "none"
const WORDS = PLIC_SOURCES / 32;
const CONTEXTS = 2;
const PRIO_MASK = 7;
const PENDING = 0x1000;
const ENABLE = 0x2000;
const ENABLE_STRIDE = 0x80;
const CONTEXT = 0x20_0000;
const CONTEXT_STRIDE = 0x1000;
const CONTEXT_LINES = [MipBit.MEIP, MipBit.SEIP] as const;
const NAME = 'plic';

export class Plic implements MmioDevice, PlicInput {
  readonly name = NAME;
  readonly base = 0xc00_0000;
  readonly size = 0x400_0000;

  private priority: Uint8Array = new Uint8Array(PLIC_SOURCES);
  private level: Uint8Array = new Uint8Array(PLIC_SOURCES);
  /** Sources whose level is high (none, nearly always: then no source can be pending). */
  private high = 0;
  private claimed: Uint8Array = new Uint8Array(PLIC_SOURCES);
  /** enable[ctx * WORDS + word], bit = source % 32. */
  private enable: Uint32Array = new Uint32Array(CONTEXTS * WORDS);
  private threshold: Uint8Array = new Uint8Array(CONTEXTS);
  private lines = [false, false];

  constructor(private readonly irqs: IrqLines) {}

  setSource(source: number, level: boolean): void {
    if (!Number.isInteger(source) || source < 1 || source >= PLIC_SOURCES) {
      throw new RangeError(`plic: interrupt source ${source} is out of range 1..${PLIC_SOURCES - 1}`);
    }
    const v = level ? 1 : 0;
    this.high += v - this.level[source];
    this.level[source] = v;
    this.update();
  }

  /** Claim for context `ctx`: the best pending enabled source above threshold, or 0. */
  claim(ctx: number): number {
    this.checkContext(ctx);
    const src = this.best(ctx);
    if (src !== 0) {
      this.claimed[src] = 1;
      this.update();
    }
    return src;
  }

  /** Complete `src` for `ctx`; ignored (as the spec says) unless src is enabled for ctx and in service. */
  complete(ctx: number, src: number): void {
    this.checkContext(ctx);
    if (!Number.isInteger(src) || src < 1 || src >= PLIC_SOURCES) return;
    if (!this.enabled(ctx, src) || !this.claimed[src]) return;
    this.claimed[src] = 0;
    this.update();
  }

  /** The source a claim by context `ctx` would return now, without claiming it (for observers). */
  peekClaim(ctx: number): number {
    return ctx >= 0 && ctx < CONTEXTS ? this.best(ctx) : 0;
  }

  /** Whether `src` is pending (for tests and state views). */
  isPending(src: number): boolean {
    return src > 0 && src < PLIC_SOURCES && this.level[src] === 1 && this.claimed[src] === 0;
  }

  read(offset: number, width: 1 | 2 | 4): number {
    return readSubword((w) => this.readWord(w, true), offset, width);
  }

  write(offset: number, width: 1 | 2 | 4, value: number): void {
    writeSubword(
      (w) => this.readWord(w, false),
      (w, v) => this.writeWord(w, v),
      offset,
      width,
      value,
    );
  }

  nextEventCycle(): number {
    return Infinity; // the PLIC never changes a line by itself
  }

  tick(): void {
    this.update();
  }

  snapshot(): DeviceState {
    return {
      priority: this.priority.slice(),
      level: this.level.slice(),
      claimed: this.claimed.slice(),
      enable: Array.from(this.enable),
      threshold: this.threshold.slice(),
      line0: this.lines[0],
      line1: this.lines[1],
    };
  }

  restore(s: DeviceState): void {
    const priority = stateBytes(s, NAME, 'priority', PLIC_SOURCES);
    const level = stateBytes(s, NAME, 'level', PLIC_SOURCES);
    const claimed = stateBytes(s, NAME, 'claimed', PLIC_SOURCES);
    const enable = stateWords(s, 'enable', CONTEXTS * WORDS);
    const threshold = stateBytes(s, NAME, 'threshold', CONTEXTS);
    const lines = [stateBool(s, NAME, 'line0'), stateBool(s, NAME, 'line1')];
    if (priority.some((p) => p > PRIO_MASK) || threshold.some((t) => t > PRIO_MASK)) {
      throw new Error(`${NAME} restore: priorities and thresholds must be 0..${PRIO_MASK}`);
    }
    if (level.some((b) => b > 1) || claimed.some((b) => b > 1)) {
      throw new Error(`${NAME} restore: level and claimed must hold 0 or 1 per source`);
    }
    this.priority = priority;
    this.level = level;
    this.high = level.reduce((n, b) => n + b, 0);
    this.claimed = claimed;
    this.enable = enable;
    this.enable[0] &= ~1; // source 0 is never enabled
    this.enable[WORDS] &= ~1;
    this.threshold = threshold;
    this.lines = lines;
    for (let c = 0; c < CONTEXTS; c++) this.irqs.setMip(CONTEXT_LINES[c], lines[c]);
  }

  private checkContext(ctx: number): void {
    if (ctx !== 0 && ctx !== 1) throw new RangeError(`plic: context ${ctx} is out of range 0..${CONTEXTS - 1}`);
  }

  private enabled(ctx: number, src: number): boolean {
    return ((this.enable[ctx * WORDS + (src >>> 5)] >>> (src & 31)) & 1) === 1;
  }

  /** Highest priority pending enabled source above the threshold; ties go to the lowest id. */
  private best(ctx: number): number {
    if (this.high === 0) return 0;
    let best = 0;
    let bestPrio = this.threshold[ctx];
    for (let src = 1; src < PLIC_SOURCES; src++) {
      if (this.priority[src] > bestPrio && this.isPending(src) && this.enabled(ctx, src)) {
        best = src;
        bestPrio = this.priority[src];
      }
    }
    return best;
  }

  private update(): void {
    for (let c = 0; c < CONTEXTS; c++) {
      const level = this.best(c) !== 0;
      if (level !== this.lines[c]) {
        this.lines[c] = level;
        this.irqs.setMip(CONTEXT_LINES[c], level);
      }
    }
  }

  private pendingWord(word: number): number {
    let bits = 0;
    for (let i = 0; i < 32; i++) if (this.isPending(word * 32 + i)) bits |= 1 << i;
    return bits >>> 0;
  }

  /** `claim` is false for the side-effect-free peek used by sub-word writes. */
  private readWord(w: number, claim: boolean): number {
    if (w < PLIC_SOURCES * 4) return this.priority[w >>> 2];
    if (w >= PENDING && w < PENDING + WORDS * 4) return this.pendingWord((w - PENDING) >>> 2);
    if (w >= ENABLE && w < ENABLE + CONTEXTS * ENABLE_STRIDE) {
      const ctx = Math.floor((w - ENABLE) / ENABLE_STRIDE);
      const word = ((w - ENABLE) % ENABLE_STRIDE) >>> 2;
      return word < WORDS ? this.enable[ctx * WORDS + word] : 0;
    }
    if (w >= CONTEXT && w < CONTEXT + CONTEXTS * CONTEXT_STRIDE) {
      const ctx = Math.floor((w - CONTEXT) / CONTEXT_STRIDE);
      const reg = (w - CONTEXT) % CONTEXT_STRIDE;
      if (reg === 0) return this.threshold[ctx];
      if (reg === 4) return claim ? this.claim(ctx) : 0;
    }
    return 0;
  }

  private writeWord(w: number, v: number): void {
    if (w < PLIC_SOURCES * 4) {
      if (w >= 4) this.priority[w >>> 2] = v & PRIO_MASK; // source 0 has no priority
    } else if (w >= ENABLE && w < ENABLE + CONTEXTS * ENABLE_STRIDE) {
      const ctx = Math.floor((w - ENABLE) / ENABLE_STRIDE);
      const word = ((w - ENABLE) % ENABLE_STRIDE) >>> 2;
      if (word < WORDS) this.enable[ctx * WORDS + word] = word === 0 ? (v & ~1) >>> 0 : v >>> 0;
    } else if (w >= CONTEXT && w < CONTEXT + CONTEXTS * CONTEXT_STRIDE) {
      const ctx = Math.floor((w - CONTEXT) / CONTEXT_STRIDE);
      const reg = (w - CONTEXT) % CONTEXT_STRIDE;
      if (reg === 0) this.threshold[ctx] = v & PRIO_MASK;
      else if (reg === 4) this.complete(ctx, v);
    }
    // Pending bits are read-only here (they follow the gateway); other offsets are holes.
    this.update();
  }
}

/** A fixed-length array of uint32 words from a snapshot. */
function stateWords(s: DeviceState, key: string, length: number): Uint32Array {
  const v = s[key];
  const ok =
    (Array.isArray(v) || v instanceof Uint32Array) &&
    v.length === length &&
    Array.from(v as ArrayLike<unknown>).every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffff_ffff);
  if (!ok) throw new Error(`${NAME} restore: field "${key}" must be ${length} uint32 words`);
  return Uint32Array.from(v as ArrayLike<number>);
}
