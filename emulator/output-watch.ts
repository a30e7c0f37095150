/**
 * Stop conditions on console output, for systems that never power off (sel4test prints
 * "All is well in the universe" and idles in wfi). The machine feeds every new console byte
 * in order; the first pattern to appear decides. Patterns are matched on bytes (latin1), so a
 * match never depends on how output was split across batches.
 */
export type OutputVerdict = 'pass' | 'fail';

export class OutputWatch {
  private tail = '';
  private readonly keep: number;

  constructor(private readonly pass: string | null, private readonly fail: string | null) {
    if (pass === '' || fail === '') throw new Error('an output pattern must not be empty');
    this.keep = Math.max(pass?.length ?? 0, fail?.length ?? 0) - 1;
  }

  /** Feed bytes; returns the verdict of the earliest pattern completed in them, else null. */
  feed(bytes: Uint8Array): OutputVerdict | null {
    if (bytes.length === 0) return null;
    const text = this.tail + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    const p = this.pass === null ? -1 : text.indexOf(this.pass);
    const f = this.fail === null ? -1 : text.indexOf(this.fail);
    // The pattern whose match ends first came first in the output.
    const pe = p < 0 ? Infinity : p + this.pass!.length, fe = f < 0 ? Infinity : f + this.fail!.length;
    if (pe !== Infinity || fe !== Infinity) return fe < pe ? 'fail' : 'pass';
    this.tail = this.keep > 0 ? text.slice(-this.keep) : '';
    return null;
  }
}
