/** Test doubles: a settable clock, recorded mip lines and PLIC inputs. */
import { pack, unpack } from 'msgpackr';
import type { Clock, DeviceState, IrqLines, MipBit, PlicInput } from '../../emulator/devices/device.js';

export class FakeClock implements Clock {
  now = 0;
  constructor(readonly cyclesPerTick = 1) {}
  cycles(): number {
    return this.now;
  }
}

export class FakeLines implements IrqLines {
  readonly mip = new Map<number, boolean>();
  readonly log: Array<[number, boolean]> = [];
  setMip(bit: MipBit, level: boolean): void {
    this.mip.set(bit, level);
    this.log.push([bit, level]);
  }
  get(bit: MipBit): boolean {
    return this.mip.get(bit) ?? false;
  }
}

export class FakePlic implements PlicInput {
  readonly levels = new Map<number, boolean>();
  readonly log: Array<[number, boolean]> = [];
  setSource(source: number, level: boolean): void {
    this.levels.set(source, level);
    this.log.push([source, level]);
  }
  get(source: number): boolean {
    return this.levels.get(source) ?? false;
  }
}

/** Round-trip a snapshot through msgpack, as checkpoints are stored, to prove it is plain data. */
export function cloneState(state: DeviceState): DeviceState {
  return unpack(pack(state)) as DeviceState;
}
