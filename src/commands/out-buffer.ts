/** Buffered, synchronous stdout / file output for large results (bounded memory, fast). */
import { closeSync, openSync, writeSync } from 'node:fs';

export class OutBuffer {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  private readonly own: boolean;

  /** `path` undefined = stdout. */
  constructor(path?: string) {
    this.own = path !== undefined;
    this.fd = path !== undefined ? openSync(path, 'w') : 1;
  }

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const b = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = []; this.size = 0;
    let off = 0;
    while (off < b.length) {
      try { off += writeSync(this.fd, b, off); } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EPIPE') process.exit(process.exitCode ?? 0); // `| head`: stop quietly
        throw e;
      }
    }
  }

  close(): void {
    this.flush();
    if (this.own) closeSync(this.fd);
  }
}
