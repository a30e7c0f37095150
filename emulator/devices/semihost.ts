/**
 * RISC-V semihosting (the Arm semihosting calls, as QEMU's `-semihosting` implements them for
 * RISC-V): what picolibc's `--oslib=semihost` (and newlib's librdimon) use for printf and exit
 * on a bare QEMU `virt` machine.
 *
 * A call is the uncompressed sequence `slli x0,x0,0x1f; ebreak; srai x0,x0,7` executed in M or
 * S mode (QEMU refuses U mode by default; so does seltrace — a PD's ebreak stays a fault for the
 * kernel). a0 = operation, a1 = argument (usually the address of a block of 64-bit words); the
 * result goes to a0 and execution continues after the ebreak.
 *
 * Everything is deterministic and never touches the host: console writes (stdout and stderr
 * alike) go to the console log beside the UART's; opening a file other than `:tt` (the console)
 * or `:semihosting-features` fails with ENOENT; console reads take the `--input` bytes (a line
 * at most per read, end of file after them); SYS_CLOCK / SYS_TIME / SYS_ELAPSED derive from
 * mtime (10 MHz, the RTC's epoch 0); the command line is empty; heap info is all zeros (the C
 * library then uses its linker symbols). An operation this does not know returns -1 and is
 * noted once in {@link Semihost.error}.
 */
import type { DeviceState } from './device.js';
import { ByteLog, stateBool, stateBytes, stateInt } from './mmio.js';

/** Guest memory as the hart sees it (virtual addresses, current translation). */
export interface SemihostMemory {
  /** `len` bytes at `va`, or null where unmapped. */
  read(va: number, len: number): Uint8Array | null;
  /** Write `data` at `va`; false where unmapped. */
  write(va: number, data: Uint8Array): boolean;
}

export const enum SysOp {
  OPEN = 0x01, CLOSE = 0x02, WRITEC = 0x03, WRITE0 = 0x04, WRITE = 0x05, READ = 0x06, READC = 0x07,
  ISERROR = 0x08, ISTTY = 0x09, SEEK = 0x0a, FLEN = 0x0c, TMPNAM = 0x0d, REMOVE = 0x0e, RENAME = 0x0f,
  CLOCK = 0x10, TIME = 0x11, SYSTEM = 0x12, ERRNO = 0x13, GET_CMDLINE = 0x15, HEAPINFO = 0x16,
  EXIT = 0x18, EXIT_EXTENDED = 0x20, ELAPSED = 0x30, TICKFREQ = 0x31,
}

/** SYS_EXIT's reason for a normal exit (its subcode is the exit status). */
const ADP_STOPPED_APPLICATION_EXIT = 0x20026;
const TIMEBASE_HZ = 10_000_000;
const ENOENT = 2, EBADF = 9, EINVAL = 22, ENOSYS = 38;
/** Handles: 1 = the console opened for reading, 2 and 3 = for writing, 4 = the features file. */
const H_IN = 1, H_OUT = 2, H_ERR = 3, H_FEATURES = 4;
/** ":semihosting-features": magic, then byte 0 = SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR. */
const FEATURES = Uint8Array.of(0x53, 0x48, 0x46, 0x42, 0x03);
/** Refuse absurd requests rather than stall the host. */
const MAX_LEN = 1 << 20;
const TWO32 = 4294967296;
const NAME = 'semihost';

export class Semihost {
  private out = new ByteLog();
  private exitCode: number | null = null;
  private errno = 0;
  /** Read position in the features file. */
  private featurePos = 0;
  private firstError: string | null = null;
  /** A SYS_READC found the input at its end: the guest would wait for ever (the machine halts). */
  starved = false;
  /** Each console byte the guest writes (a recorder's hook: the same `uart` events as the UART's). */
  onByte?: (byte: number) => void;

  /**
   * `input`: the next byte of the console's input (`--input`, shared with the UART) or -1 at its
   * end. Reads block in QEMU until input arrives; here the next scripted byte is taken at once,
   * whatever cycle the script gives it (typed ahead), so a read never waits on the host.
   */
  constructor(private readonly mem: SemihostMemory, private readonly mtime: () => number, private readonly input: () => number = () => -1) {}

  /** The exit status the guest asked for, or null while it runs. */
  exit(): number | null { return this.exitCode; }
  output(): Uint8Array { return this.out.bytes(); }
  outputSince(from: number): Uint8Array { return this.out.since(from); }
  outputLength(): number { return this.out.length; }
  /** The first unsupported or malformed request, as one line, or null. */
  error(): string | null { return this.firstError; }

  /** Perform operation `op` with argument `arg`; returns the value for a0 (a signed integer). */
  call(op: number, arg: number): number {
    switch (op) {
      case SysOp.WRITEC: { const b = this.mem.read(arg, 1); return b === null ? this.fail(EINVAL, `SYS_WRITEC of unmapped 0x${arg.toString(16)}`) : (this.emit(b[0]), 0); }
      case SysOp.WRITE0: return this.write0(arg);
      case SysOp.OPEN: return this.open(arg);
      case SysOp.CLOSE: { const h = this.word(arg, 0); return h === null || h < H_IN || h > H_FEATURES ? this.fail(EBADF) : 0; }
      case SysOp.WRITE: return this.writeCall(arg);
      case SysOp.READ: return this.readCall(arg);
      case SysOp.READC: {
        // READC has no end of file (QEMU waits for ever): past the input the guest can only wait.
        const b = this.input();
        if (b < 0) this.starved = true;
        return b;
      }
      case SysOp.ISERROR: { const v = this.word(arg, 0); return v !== null && v < 0 ? 1 : 0; }
      case SysOp.ISTTY: { const h = this.word(arg, 0); return h !== null && h >= H_IN && h <= H_ERR ? 1 : this.fail(EBADF); }
      case SysOp.SEEK: {
        const h = this.word(arg, 0), pos = this.word(arg, 1);
        if (h === H_FEATURES && pos !== null && pos >= 0 && pos <= FEATURES.length) { this.featurePos = pos; return 0; }
        return this.fail(h !== null && h >= H_IN && h <= H_ERR ? EINVAL : EBADF);
      }
      case SysOp.FLEN: { const h = this.word(arg, 0); return h === H_FEATURES ? FEATURES.length : this.fail(h !== null && h >= H_IN && h <= H_ERR ? EINVAL : EBADF); }
      case SysOp.TMPNAM: case SysOp.REMOVE: case SysOp.RENAME: case SysOp.SYSTEM: return this.fail(ENOSYS);
      case SysOp.CLOCK: return Math.floor(this.mtime() / (TIMEBASE_HZ / 100));
      case SysOp.TIME: return Math.floor(this.mtime() / TIMEBASE_HZ);
      case SysOp.ERRNO: return this.errno;
      case SysOp.GET_CMDLINE: {
        // Block: [buffer, length]; an empty command line, length 0.
        const buf = this.word(arg, 0), len = this.word(arg, 1);
        if (buf === null || len === null || len < 1 || !this.mem.write(buf, Uint8Array.of(0))) return this.fail(EINVAL);
        return this.putWord(arg + 8, 0) ? 0 : this.fail(EINVAL);
      }
      case SysOp.HEAPINFO: {
        const block = this.word(arg, 0);
        if (block === null || !this.mem.write(block, new Uint8Array(32))) return this.fail(EINVAL);
        return 0;
      }
      case SysOp.EXIT: case SysOp.EXIT_EXTENDED: {
        // 64-bit: arg points at [reason, subcode]. Any reason but a normal exit is a failure (1).
        const reason = this.word(arg, 0), sub = this.word(arg, 1);
        if (this.exitCode === null) this.exitCode = reason === ADP_STOPPED_APPLICATION_EXIT && sub !== null ? ((sub % 256) + 256) % 256 : 1;
        return 0;
      }
      case SysOp.ELAPSED: return this.putWord(arg, this.mtime()) ? 0 : -1;
      case SysOp.TICKFREQ: return TIMEBASE_HZ;
      default:
        this.note(`unsupported semihosting operation 0x${op.toString(16)}`);
        return this.fail(ENOSYS);
    }
  }

  snapshot(): DeviceState {
    return {
      output: this.out.bytes(), exited: this.exitCode !== null, exitCode: this.exitCode ?? 0,
      errno: this.errno, featurePos: this.featurePos, hasError: this.firstError !== null, error: this.firstError ?? '',
    };
  }

  restore(s: DeviceState): void {
    this.out.set(stateBytes(s, NAME, 'output'));
    this.exitCode = stateBool(s, NAME, 'exited') ? stateInt(s, NAME, 'exitCode') : null;
    this.errno = stateInt(s, NAME, 'errno');
    this.featurePos = stateInt(s, NAME, 'featurePos');
    const error = s.error;
    if (typeof error !== 'string') throw new Error(`${NAME} restore: field "error" must be a string`);
    this.firstError = stateBool(s, NAME, 'hasError') ? error : null;
  }

  /** Back to the state at reset (a snapshot from before semihosting existed holds none). */
  reset(): void {
    this.out.set(new Uint8Array(0));
    this.exitCode = null; this.errno = 0; this.featurePos = 0; this.firstError = null;
  }

  private fail(errno: number, message?: string): number {
    this.errno = errno;
    if (message !== undefined) this.note(message);
    return -1;
  }

  private note(message: string): void {
    if (this.firstError === null) this.firstError = `semihosting: ${message}`;
  }

  /** The 64-bit word `k` of the block at `addr` (null if unmapped or beyond 2^53). */
  private word(addr: number, k: number): number | null {
    const b = this.mem.read(addr + 8 * k, 8);
    if (b === null) return null;
    const lo = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    const hi = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) | 0;
    const v = hi * TWO32 + lo;
    return Number.isSafeInteger(v) ? v : null;
  }

  private putWord(addr: number, v: number): boolean {
    const b = new Uint8Array(8);
    const lo = v % TWO32, hi = Math.floor(v / TWO32);
    for (let i = 0; i < 4; i++) { b[i] = (lo >>> (8 * i)) & 0xff; b[4 + i] = (hi >>> (8 * i)) & 0xff; }
    return this.mem.write(addr, b);
  }

  private emit(byte: number): void {
    this.out.push(byte);
    this.onByte?.(byte);
  }

  private write0(addr: number): number {
    for (let i = 0; i < MAX_LEN; i++) {
      const b = this.mem.read(addr + i, 1);
      if (b === null) return this.fail(EINVAL, `SYS_WRITE0 string at 0x${addr.toString(16)} runs into unmapped memory`);
      if (b[0] === 0) return 0;
      this.emit(b[0]);
    }
    return this.fail(EINVAL, `SYS_WRITE0 string at 0x${addr.toString(16)} is longer than ${MAX_LEN} bytes`);
  }

  /** Block [name, mode, name length]: ":tt" (mode < 4 read, 4..7 stdout, 8.. stderr) or the features file. */
  private open(arg: number): number {
    const name = this.word(arg, 0), mode = this.word(arg, 1), len = this.word(arg, 2);
    if (name === null || mode === null || len === null || len < 0 || len > 4096) return this.fail(EINVAL);
    const bytes = this.mem.read(name, len);
    if (bytes === null) return this.fail(EINVAL);
    const s = Buffer.from(bytes).toString('latin1');
    if (s === ':tt') return mode < 4 ? H_IN : mode < 8 ? H_OUT : H_ERR;
    if (s === ':semihosting-features' && mode < 4) { this.featurePos = 0; return H_FEATURES; }
    return this.fail(ENOENT);
  }

  /** Block [handle, buffer, length]; returns the bytes NOT written. */
  private writeCall(arg: number): number {
    const h = this.word(arg, 0), buf = this.word(arg, 1), len = this.word(arg, 2);
    if (h === null || buf === null || len === null || len < 0) return this.fail(EINVAL);
    if (h !== H_OUT && h !== H_ERR) { this.errno = EBADF; return len; }
    if (len > MAX_LEN) { this.note(`SYS_WRITE of ${len} bytes is larger than ${MAX_LEN}`); this.errno = EINVAL; return len; }
    const bytes = this.mem.read(buf, len);
    if (bytes === null) { this.errno = EINVAL; return len; }
    for (let i = 0; i < bytes.length; i++) this.emit(bytes[i]);
    return 0;
  }

  /** Block [handle, buffer, length]; returns the bytes NOT read. The console gives one line at most, as a terminal does. */
  private readCall(arg: number): number {
    const h = this.word(arg, 0), buf = this.word(arg, 1), len = this.word(arg, 2);
    if (h === null || buf === null || len === null || len < 0) return this.fail(EINVAL);
    if (h === H_IN) {
      const got: number[] = [];
      while (got.length < Math.min(len, MAX_LEN)) {
        const b = this.input();
        if (b < 0) break;
        got.push(b);
        if (b === 0x0a) break;
      }
      if (got.length > 0 && !this.mem.write(buf, Uint8Array.from(got))) return this.fail(EINVAL);
      return len - got.length;
    }
    if (h !== H_FEATURES) { this.errno = EBADF; return -1; }
    const n = Math.min(len, FEATURES.length - this.featurePos);
    if (n > 0 && !this.mem.write(buf, FEATURES.subarray(this.featurePos, this.featurePos + n))) return this.fail(EINVAL);
    this.featurePos += n;
    return len - n;
  }
}
