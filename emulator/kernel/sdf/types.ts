/**
 * The parsed, validated form of a Microkit `.system` file. Plain JSON/msgpack-safe data (every
 * number is an integer below 2^53), so the packer and the trace header can store it as is.
 */
import type { SdfWarning, SourcePos } from './errors.js';

export type PageSize = 0x1000 | 0x200000;

export interface MemoryRegion {
  readonly name: string;
  /** Bytes; a multiple of pageSize. */
  readonly size: number;
  /**
   * Effective page size. When page_size is not written, Microkit 2.x picks the largest page size
   * that the size, phys_addr and every map vaddr of the region are aligned to; so do we.
   */
  readonly pageSize: PageSize;
  readonly pageSizeExplicit: boolean;
  readonly pageCount: number;
  readonly physAddr: number | null;
  readonly pos: SourcePos;
}

export interface MapPerms {
  readonly read: boolean;
  readonly write: boolean;
  readonly execute: boolean;
}

export interface MapDesc {
  readonly mr: string;
  readonly vaddr: number;
  /** The mapped region's size (the whole region is always mapped). */
  readonly size: number;
  readonly perms: MapPerms;
  readonly cached: boolean;
  readonly setvarVaddr: string | null;
  readonly setvarSize: string | null;
  readonly pos: SourcePos;
}

export interface IrqDesc {
  /** PLIC source number (1..95 on QEMU virt). */
  readonly irq: number;
  /** Channel id in the PD's channel id space (0..61). */
  readonly id: number;
  readonly trigger: 'level' | 'edge';
  readonly pos: SourcePos;
}

/** A u64 symbol in the PD's ELF that the loader patches. */
export type SetVarDesc =
  | { readonly kind: 'paddr'; readonly symbol: string; readonly region: string; readonly pos: SourcePos }
  | { readonly kind: 'vaddr'; readonly symbol: string; readonly mr: string; readonly vaddr: number; readonly pos: SourcePos }
  | { readonly kind: 'size'; readonly symbol: string; readonly mr: string; readonly size: number; readonly pos: SourcePos };

export interface ChannelEndDesc {
  /** Index of the PD in SystemDescription.pds. */
  readonly pd: number;
  readonly pdName: string;
  readonly id: number;
  /** This end may PP-call the other end. */
  readonly pp: boolean;
  /** This end may notify the other end. */
  readonly notify: boolean;
  readonly pos: SourcePos;
}

export interface ChannelDesc {
  readonly ends: readonly [ChannelEndDesc, ChannelEndDesc];
  readonly pos: SourcePos;
}

/** One row of a PD's derived channel table (PD-to-PD channels; IRQs are in PdDesc.irqs). */
export interface PdChannel {
  /** This PD's channel id. */
  readonly id: number;
  /** Index into SystemDescription.channels. */
  readonly channel: number;
  readonly peer: number;
  readonly peerName: string;
  /** The peer's id for the same channel (what its badges carry). */
  readonly peerId: number;
  /** This PD may microkit_notify(id). */
  readonly notify: boolean;
  /** The peer may notify this PD: notified(id) can run here. */
  readonly notifiedBy: boolean;
  /** This PD may microkit_ppcall(id). */
  readonly ppcall: boolean;
  /** The peer may PP-call this PD: protected(id) can run here. */
  readonly called: boolean;
}

export interface PdDesc {
  /** Order of appearance among protection domains (0-based). */
  readonly index: number;
  readonly name: string;
  readonly priority: number;
  readonly budgetUs: number;
  readonly periodUs: number;
  readonly passive: boolean;
  readonly stackSize: number;
  /** As written, relative to the .system file's directory; see resolveProgramImage. */
  readonly programImage: string;
  readonly programImageForSymbols: string | null;
  readonly maps: readonly MapDesc[];
  readonly irqs: readonly IrqDesc[];
  readonly setvars: readonly SetVarDesc[];
  /** Sorted by id. */
  readonly channels: readonly PdChannel[];
  readonly pos: SourcePos;
}

export interface SystemDescription {
  readonly fileName: string;
  /** The original XML, unchanged (the packer embeds it). */
  readonly source: string;
  readonly memoryRegions: readonly MemoryRegion[];
  readonly pds: readonly PdDesc[];
  readonly channels: readonly ChannelDesc[];
  readonly warnings: readonly SdfWarning[];
}
