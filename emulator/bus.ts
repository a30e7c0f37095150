/**
 * Physical address space: RAM plus MMIO devices at QEMU `virt` addresses.
 *
 * RAM is one ArrayBuffer with 8/16/32-bit views (host is little-endian like RV64), followed by
 * the hart's shared arrays (cpu/hart-memory.ts). The buffer is a WebAssembly.Memory's when the
 * host can make one of that size (the wasm translation tier needs it), else a plain ArrayBuffer.
 * `pageFlags` marks RAM pages whose stores need the slow path (decoded code, HTIF mailbox);
 * `dirty` marks pages that may have been written since the last snapshot baseline.
 */
import type { MmioDevice } from './devices/device.js';
import { HART_AREA_BYTES } from './cpu/hart-memory.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;

export const enum PageFlag {
  /** The CPU holds decoded instructions for this page. */
  CODE = 1,
  /** A store here must be reported to the machine (HTIF tohost). */
  WATCH = 2,
}

export class Bus {
  readonly ram: Uint8Array;
  readonly ram16: Uint16Array;
  readonly ram32: Int32Array;
  readonly pageFlags: Uint8Array;
  readonly dirty: Uint8Array;
  /** Pages written since the recorder's last checkpoint (cleared by it; see Cpu.flushTlb). */
  readonly epochDirty: Uint8Array;
  readonly devices: MmioDevice[] = [];
  /** Called after a store to a WATCH page: (physical address, width). */
  onWatchedStore: ((pa: number, width: number) => void) | null = null;
  /** Called when RAM of a CODE page changes other than by a guest store (host writes, A/D updates). */
  codeWritten: ((page: number) => void) | null = null;

  /**
   * RAM and the hart area as one WebAssembly memory, or null (plain ArrayBuffer: no wasm tier).
   * It is a shared memory where the host allows it, so that a recorder's helper thread can read
   * block records where the hart wrote them (tracer/recorder.ts); the hart alone ever writes it.
   */
  readonly memory: WebAssembly.Memory | null;
  /** The hart's shared arrays, `HART_AREA_BYTES` at `hartArea` in `buffer`. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  readonly hartArea: number;

  /** `wasmMemory` false: plain ArrayBuffers (tests of the fallback). */
  constructor(readonly ramBase: number, readonly ramSize: number, wasmMemory = true) {
    if (ramSize % PAGE_SIZE !== 0) throw new Error('RAM size must be a multiple of 4 KiB');
    const total = ramSize + HART_AREA_BYTES;
    let mem: WebAssembly.Memory | null = null;
    // wasm32 addresses 4 GiB at most (65536 pages); the host may refuse less.
    const pages = Math.ceil(total / 65536);
    if (wasmMemory && pages <= 65536) {
      try { mem = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }); } catch { mem = null; }
      if (mem === null) try { mem = new WebAssembly.Memory({ initial: pages, maximum: pages }); } catch { mem = null; }
    }
    const buf = mem !== null ? mem.buffer : new ArrayBuffer(total);
    this.memory = mem; this.buffer = buf; this.hartArea = ramSize;
    this.ram = new Uint8Array(buf, 0, ramSize);
    this.ram16 = new Uint16Array(buf, 0, ramSize >>> 1);
    this.ram32 = new Int32Array(buf, 0, ramSize >>> 2);
    this.pageFlags = new Uint8Array(ramSize >>> PAGE_SHIFT);
    this.dirty = new Uint8Array(ramSize >>> PAGE_SHIFT);
    this.epochDirty = new Uint8Array(ramSize >>> PAGE_SHIFT);
  }

  attach(dev: MmioDevice): void {
    for (const d of this.devices) {
      if (dev.base < d.base + d.size && d.base < dev.base + dev.size) {
        throw new Error(`device ${dev.name} overlaps ${d.name}`);
      }
    }
    this.devices.push(dev);
    this.devices.sort((a, b) => a.base - b.base);
  }

  /** RAM offset of physical address `pa`, or -1 if not RAM. */
  ramOffset(pa: number): number {
    const off = pa - this.ramBase;
    return off >= 0 && off < this.ramSize ? off : -1;
  }

  device(pa: number): MmioDevice | undefined {
    const ds = this.devices;
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i];
      if (pa >= d.base && pa < d.base + d.size) return d;
    }
    return undefined;
  }

  /** Copy bytes into RAM at a physical address (loader use); marks pages dirty. */
  writeBytes(pa: number, data: Uint8Array): void {
    const off = this.ramOffset(pa);
    if (off < 0 || off + data.length > this.ramSize) {
      throw new Error(`0x${pa.toString(16)}+0x${data.length.toString(16)} is outside RAM`);
    }
    this.ram.set(data, off);
    this.markDirty(off, data.length);
    if (data.length > 0 && this.codeWritten !== null) {
      for (let p = off >>> PAGE_SHIFT; p <= (off + data.length - 1) >>> PAGE_SHIFT; p++) if (this.pageFlags[p] & PageFlag.CODE) this.codeWritten(p);
    }
  }

  readBytes(pa: number, len: number): Uint8Array {
    const off = this.ramOffset(pa);
    if (off < 0 || off + len > this.ramSize) {
      throw new Error(`0x${pa.toString(16)}+0x${len.toString(16)} is outside RAM`);
    }
    return this.ram.slice(off, off + len);
  }

  markDirty(off: number, len: number): void {
    if (len <= 0) return;
    for (let p = off >>> PAGE_SHIFT; p <= (off + len - 1) >>> PAGE_SHIFT; p++) { this.dirty[p] = 1; this.epochDirty[p] = 1; }
  }
}
