/**
 * Streams a running guest's console to stdout as it appears: only new bytes are taken from the
 * machine (never the whole history), and they are written in batches (64 KiB or every 50 ms of
 * host time) rather than once per emulator batch, so output costs time linear in its size.
 */
import { performance } from 'node:perf_hooks';
import type { Machine } from '../emulator/machine.js';

const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 50;

export class ConsoleStream {
  private readonly mark = { uart: 0, htif: 0, semihost: 0 };
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private last = performance.now();
  /** Bytes written so far. */
  written = 0;

  /** `beforeWrite` runs before each write (e.g. to clear a progress line on the same terminal). */
  constructor(private readonly m: Machine, private readonly beforeWrite?: () => void, private readonly to: NodeJS.WritableStream = process.stdout) {}

  /** Take new output; write it if enough has piled up or enough time has passed. */
  poll(): void {
    for (const b of this.m.consoleSince(this.mark)) { this.pending.push(Buffer.from(b)); this.pendingBytes += b.length; }
    if (this.pendingBytes >= FLUSH_BYTES || (this.pendingBytes > 0 && performance.now() - this.last >= FLUSH_MS)) this.flush();
  }

  flush(): void {
    for (const b of this.m.consoleSince(this.mark)) { this.pending.push(Buffer.from(b)); this.pendingBytes += b.length; }
    this.last = performance.now();
    if (this.pendingBytes === 0) return;
    this.beforeWrite?.();
    this.to.write(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending));
    this.written += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
