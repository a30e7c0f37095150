/**
 * SiFive test finisher ("sifive_test") as on QEMU virt: a store to offset 0 of
 *   0x5555             -> pass (exit 0)
 *   0x3333 | code<<16  -> fail with code
 *   0x7777             -> reset request
 * Other values (and byte stores, which cannot carry a command) are ignored. The first command
 * sticks: the machine stops on it, so later stores cannot overwrite the result.
 */
import type { DeviceState, MmioDevice } from './device.js';
import { stateInt } from './mmio.js';

export type FinisherStatus = { kind: 'pass' } | { kind: 'fail'; code: number } | { kind: 'reset' };

const PASS = 0x5555;
const FAIL = 0x3333;
const RESET = 0x7777;
const NAME = 'finisher';
/** Snapshot encoding of the status: 0 none, 1 pass, 2 fail, 3 reset. */
const KINDS = [null, 'pass', 'fail', 'reset'] as const;

export class TestFinisher implements MmioDevice {
  readonly name = NAME;
  readonly base = 0x10_0000;
  readonly size = 0x1000;

  private result: FinisherStatus | null = null;

  /** The command the guest gave, or null while it is still running. */
  status(): FinisherStatus | null {
    return this.result === null ? null : { ...this.result };
  }

  read(_offset: number, _width: 1 | 2 | 4): number {
    return 0;
  }

  write(offset: number, width: 1 | 2 | 4, value: number): void {
    if (offset !== 0 || width === 1 || this.result !== null) return;
    const v = width === 2 ? value & 0xffff : value >>> 0;
    const cmd = v & 0xffff;
    if (cmd === PASS) this.result = { kind: 'pass' };
    else if (cmd === FAIL) this.result = { kind: 'fail', code: v >>> 16 };
    else if (cmd === RESET) this.result = { kind: 'reset' };
  }

  nextEventCycle(): number {
    return Infinity;
  }

  tick(): void {}

  snapshot(): DeviceState {
    const r = this.result;
    return { kind: r === null ? 0 : KINDS.indexOf(r.kind), code: r?.kind === 'fail' ? r.code : 0 };
  }

  restore(s: DeviceState): void {
    const kind = KINDS[stateInt(s, NAME, 'kind', KINDS.length - 1)];
    const code = stateInt(s, NAME, 'code', 0xffff);
    this.result = kind === null ? null : kind === 'fail' ? { kind, code } : { kind };
  }
}
