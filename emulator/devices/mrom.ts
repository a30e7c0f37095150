/**
 * QEMU virt's mask ROM at 0x1000 (size 0xf000): the reset vector and, right after it, the
 * `fw_dynamic_info` struct OpenSBI's fw_dynamic reads through a2. Read-only bytes fixed at
 * boot; stores are ignored (as on QEMU, where the ROM is not writable).
 */
import type { DeviceState, MmioDevice } from './device.js';

export const MROM_BASE = 0x1000;
export const MROM_SIZE = 0xf000;

export class Mrom implements MmioDevice {
  readonly name = 'mrom';
  readonly base = MROM_BASE;
  readonly size = MROM_SIZE;

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length > MROM_SIZE) throw new Error(`mrom: ${bytes.length} bytes do not fit in 0x${MROM_SIZE.toString(16)}`);
  }

  read(offset: number, width: 1 | 2 | 4): number {
    let v = 0;
    for (let k = width - 1; k >= 0; k--) v = v * 256 + (this.bytes[offset + k] ?? 0);
    return v;
  }

  write(): void {}
  nextEventCycle(): number { return Infinity; }
  tick(): void {}
  snapshot(): DeviceState { return {}; }
  restore(): void {}
}
