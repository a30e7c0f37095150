/**
 * HTIF (host-target interface) as used by riscv-tests and bare-metal programs under Spike.
 *
 * Not an MMIO device: `tohost`/`fromhost` are 8-byte words in RAM found through ELF symbols.
 * tohost = device(63..56) | command(55..48) | payload(47..0). The machine calls
 * {@link Htif.onStore} after each guest store touching tohost; a command is taken when the
 * store writes tohost's last byte (byte 7), i.e. covers the high word. That is after both
 * halves of the p env's "low word, then high word 0" and with any 64-bit `sd`.
 *
 * Handled: device 0 with payload bit 0 set = exit(payload >> 1); device 0 with an even payload
 * = a proxied syscall through a "magic memory" block of 8 u64s (write 64 to fd 1/2 and exit 93,
 * as riscv-tests' benchmark printf uses); device 1 command 1 = putchar. tohost is then zeroed
 * (targets spin until it is) and, when a fromhost address is known, the reply is written there
 * as QEMU does: putchar -> 0x100 | char, syscall -> 1, exit -> none. Anything else is
 * acknowledged (tohost zeroed) and noted once in {@link Htif.error}.
 */
import type { DeviceState } from './device.js';
import { ByteLog, stateBool, stateBytes, stateInt } from './mmio.js';

export interface HtifOptions {
  tohost: number;
  fromhost?: number;
  /** Read the 8 bytes at an 8-aligned RAM address as [lo, hi] uint32 halves. */
  read64: (addr: number) => [number, number];
  write64: (addr: number, lo: number, hi: number) => void;
}

const TWO32 = 0x1_0000_0000;
const SYS_WRITE = 64;
const SYS_EXIT = 93;
const ENOSYS = 38;
const EBADF = 9;
/** Refuse absurd proxied writes rather than stall the host. */
const MAX_WRITE = 1 << 20;
const NAME = 'htif';

export class Htif {
  private readonly tohost: number;
  private readonly fromhost: number | undefined;
  private readonly read64: HtifOptions['read64'];
  private readonly write64: HtifOptions['write64'];
  private exitCode: number | null = null;
  private out = new ByteLog();
  private firstError: string | null = null;

  constructor(opts: HtifOptions) {
    for (const [key, addr] of [['tohost', opts.tohost], ['fromhost', opts.fromhost]] as const) {
      if (addr !== undefined && (!Number.isSafeInteger(addr) || addr < 0 || addr % 8 !== 0)) {
        throw new Error(`htif: ${key} address ${addr} must be a non-negative multiple of 8`);
      }
    }
    this.tohost = opts.tohost;
    this.fromhost = opts.fromhost;
    this.read64 = opts.read64;
    this.write64 = opts.write64;
  }

  /** The exit code the guest asked for (0 = pass), or null while it runs. The first one sticks. */
  exit(): number | null {
    return this.exitCode;
  }

  outputLength(): number { return this.out.length; }

  /** Console output from byte `from` on (a copy of just those bytes). */
  outputSince(from: number): Uint8Array {
    return this.out.since(from);
  }

  /** Console output so far (putchar and proxied writes). */
  output(): Uint8Array {
    return this.out.bytes();
  }

  /** The first unsupported or malformed request, as a one-line message, or null. */
  error(): string | null {
    return this.firstError;
  }

  /** Call after a guest store of `width` bytes at `addr`. */
  onStore(addr: number, width: number): void {
    const last = this.tohost + 7;
    if (addr > last || addr + width <= last) return;
    const [lo, hi] = this.read64(this.tohost);
    if (lo === 0 && hi === 0) return;
    this.write64(this.tohost, 0, 0);
    const device = hi >>> 24;
    const cmd = (hi >>> 16) & 0xff;
    const payload = (hi & 0xffff) * TWO32 + lo;
    if (device === 0 && cmd === 0) {
      if (lo & 1) this.setExit(Math.floor(payload / 2));
      else this.syscall(payload);
    } else if (device === 1 && cmd === 1) {
      this.out.push(lo & 0xff);
      this.respond(device, cmd, 0x100 | (lo & 0xff));
    } else {
      this.note(`unsupported command: device ${device}, command ${cmd}, payload 0x${payload.toString(16)}`);
    }
  }

  snapshot(): DeviceState {
    return {
      exited: this.exitCode !== null,
      exitCode: this.exitCode ?? 0,
      output: this.out.bytes(),
      hasError: this.firstError !== null,
      error: this.firstError ?? '',
    };
  }

  restore(s: DeviceState): void {
    const exited = stateBool(s, NAME, 'exited');
    const exitCode = stateInt(s, NAME, 'exitCode');
    const output = stateBytes(s, NAME, 'output');
    const hasError = stateBool(s, NAME, 'hasError');
    const error = s.error;
    if (typeof error !== 'string') throw new Error(`${NAME} restore: field "error" must be a string`);
    this.exitCode = exited ? exitCode : null;
    this.out.set(output);
    this.firstError = hasError ? error : null;
  }

  private setExit(code: number): void {
    if (this.exitCode === null) this.exitCode = code;
  }

  private note(message: string): void {
    if (this.firstError === null) this.firstError = `htif: ${message}`;
  }

  private respond(device: number, cmd: number, value: number): void {
    if (this.fromhost === undefined) return;
    this.write64(this.fromhost, value >>> 0, ((device << 24) | (cmd << 16) | Math.floor(value / TWO32)) >>> 0);
  }

  /** A proxied syscall: magic[0] = number, magic[1..3] = args; the result goes to magic[0]. */
  private syscall(magic: number): void {
    if (magic % 8 !== 0) {
      this.note(`syscall block address 0x${magic.toString(16)} is not 8-byte aligned`);
      return;
    }
    let result: number;
    try {
      const [num, fd, buf, len] = [0, 1, 2, 3].map((i) => this.u64At(magic + 8 * i));
      if (num === SYS_WRITE) {
        if (fd !== 1 && fd !== 2) result = -EBADF;
        else if (len > MAX_WRITE) {
          this.note(`proxied write of ${len} bytes is larger than ${MAX_WRITE}`);
          result = -EBADF;
        } else {
          for (let i = 0; i < len; i++) this.out.push(this.byteAt(buf + i));
          result = len;
        }
      } else if (num === SYS_EXIT) {
        this.setExit(this.read64(magic + 8)[0]); // the low 32 bits of a0, like a process exit status
        result = 0;
      } else {
        this.note(`unsupported proxied syscall ${num}`);
        result = -ENOSYS;
      }
      this.write64(magic, result >>> 0, result < 0 ? 0xffff_ffff : Math.floor(result / TWO32));
    } catch (e) {
      this.note(`syscall block at 0x${magic.toString(16)}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.respond(0, 0, 1);
  }

  private u64At(addr: number): number {
    const [lo, hi] = this.read64(addr);
    return hi * TWO32 + lo;
  }

  private byteAt(addr: number): number {
    const aligned = addr - (addr % 8);
    const [lo, hi] = this.read64(aligned);
    const k = addr - aligned;
    return k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff;
  }
}
