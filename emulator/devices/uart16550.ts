/**
 * NS16550A UART as on QEMU virt (byte registers, regshift 0, offsets alias modulo 8, IRQ 10).
 *
 *   +0 RBR (read) / THR (write) / DLL (LCR.DLAB)   +1 IER / DLM (LCR.DLAB)
 *   +2 IIR (read) / FCR (write)   +3 LCR   +4 MCR   +5 LSR   +6 MSR   +7 SCR
 *
 * Transmit is instant: THR is always empty (LSR.THRE and LSR.TEMT stay set). Receive is
 * backed by the scripted {@link InputScript}: data is ready once the next scripted byte's
 * cycle has come (and MCR loopback is off), and the receive FIFO is effectively unbounded (no overruns, trigger level
 * treated as 1, FIFO resets never drop scripted input). MCR loopback routes THR to RBR.
 *
 * Interrupt identification follows the 16550 priority order (receiver line status is never
 * raised as there are no line errors; modem-status deltas never occur):
 *   rx data available (IIR 0x04) > THR empty (IIR 0x02) > none (IIR 0x01).
 * The THRE interrupt is armed when THR empties (every THR write, transmit being instant) or
 * when IER.ETBEI is newly set, and is cleared by reading IIR while it is the one reported.
 */
import type { Clock, DeviceState, MmioDevice, PlicInput } from './device.js';
import { InputScript } from './input-script.js';
import { ByteLog, stateBool, stateBytes, stateInt, stateObject } from './mmio.js';

const IER_RDI = 0x01;
const IER_THRI = 0x02;
const LCR_DLAB = 0x80;
const MCR_LOOP = 0x10;
const LSR_DR = 0x01;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;
const IIR_NONE = 0x01;
const IIR_THRI = 0x02;
const IIR_RDI = 0x04;
const IIR_FIFO = 0xc0;
/** Modem lines with nothing attached: CTS, DSR and DCD asserted (as QEMU reports). */
const MSR_IDLE = 0xb0;
const NAME = 'uart';

export interface UartOptions {
  clock: Clock;
  /** Where the interrupt output goes (the PLIC). */
  plic: PlicInput;
  /** PLIC source id; 10 on QEMU virt. */
  irq?: number;
  input?: InputScript;
}

export class Uart16550 implements MmioDevice {
  readonly name = NAME;
  readonly base = 0x1000_0000;
  readonly size = 0x100;
  /** Called for every byte the guest transmits (not for loopback), with the cycle of the write. */
  onByte?: (byte: number, cycle: number) => void;

  private readonly clock: Clock;
  private readonly plic: PlicInput;
  private readonly irq: number;
  private readonly input: InputScript;

  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private fcr = 0;
  private scr = 0;
  private dll = 0;
  private dlm = 0;
  /** Last byte delivered through RBR (re-read when no data is ready). */
  private rbr = 0;
  private thrIpending = false;
  /** Bytes sent in loopback mode, received before scripted input. */
  private loopback: number[] = [];
  private out = new ByteLog();
  private line = false;

  constructor(opts: UartOptions) {
    this.clock = opts.clock;
    this.plic = opts.plic;
    this.irq = opts.irq ?? 10;
    this.input = opts.input ?? InputScript.empty();
  }

  /** Everything the guest has transmitted so far. */
  output(): Uint8Array {
    return this.out.bytes();
  }

  /** Bytes transmitted so far, and those from index `from` on (for output watches). */
  outputLength(): number { return this.out.length; }
  outputSince(from: number): Uint8Array { return this.out.since(from); }

  read(offset: number, _width: 1 | 2 | 4): number {
    // Wider accesses read the one byte register at `offset`, zero-extended (as QEMU does).
    let v: number;
    switch (offset & 7) {
      case 0:
        v = this.lcr & LCR_DLAB ? this.dll : this.readRbr();
        break;
      case 1:
        v = this.lcr & LCR_DLAB ? this.dlm : this.ier;
        break;
      case 2: {
        const id = this.iir();
        if (id === IIR_THRI) this.thrIpending = false; // reading IIR acknowledges THRE
        v = id | (this.fcr & 1 ? IIR_FIFO : 0);
        break;
      }
      case 3:
        v = this.lcr;
        break;
      case 4:
        v = this.mcr;
        break;
      case 5:
        v = (this.dataReady() ? LSR_DR : 0) | LSR_THRE | LSR_TEMT;
        break;
      case 6:
        v = this.msr();
        break;
      default:
        v = this.scr;
        break;
    }
    this.tick();
    return v;
  }

  write(offset: number, _width: 1 | 2 | 4, value: number): void {
    const v = value & 0xff;
    switch (offset & 7) {
      case 0:
        if (this.lcr & LCR_DLAB) this.dll = v;
        else this.transmit(v);
        break;
      case 1:
        if (this.lcr & LCR_DLAB) this.dlm = v;
        else {
          const was = this.ier;
          this.ier = v & 0x0f;
          // Enabling THRE interrupts while THR is empty (always) raises one at once.
          if ((was ^ this.ier) & IER_THRI) this.thrIpending = (this.ier & IER_THRI) !== 0;
        }
        break;
      case 2:
        // FIFO enable and trigger level are kept for IIR/readback; an RX FIFO reset drops
        // loopback bytes only (scripted input is never lost).
        if (v & 0x02) this.loopback = [];
        this.fcr = v & 0xc1;
        break;
      case 3:
        this.lcr = v;
        break;
      case 4:
        this.mcr = v & 0x1f;
        break;
      case 7:
        this.scr = v;
        break;
      default:
        break; // LSR and MSR are read-only
    }
    this.tick();
  }

  nextEventCycle(): number {
    const now = this.clock.cycles();
    if (this.wantLine() !== this.line) return now;
    // An RX interrupt will fire when the next scripted byte arrives.
    if (this.ier & IER_RDI && !(this.mcr & MCR_LOOP) && !this.dataReady()) {
      return Math.max(now, this.input.nextAvailableCycle());
    }
    return Infinity;
  }

  tick(): void {
    const want = this.wantLine();
    if (want !== this.line) {
      this.line = want;
      this.plic.setSource(this.irq, want);
    }
  }

  snapshot(): DeviceState {
    return {
      ier: this.ier,
      lcr: this.lcr,
      mcr: this.mcr,
      fcr: this.fcr,
      scr: this.scr,
      dll: this.dll,
      dlm: this.dlm,
      rbr: this.rbr,
      thrIpending: this.thrIpending,
      loopback: Uint8Array.from(this.loopback),
      output: this.out.bytes(),
      line: this.line,
      input: this.input.snapshot(),
    };
  }

  restore(s: DeviceState): void {
    const ier = stateInt(s, NAME, 'ier', 0x0f);
    const lcr = stateInt(s, NAME, 'lcr', 0xff);
    const mcr = stateInt(s, NAME, 'mcr', 0x1f);
    const fcr = stateInt(s, NAME, 'fcr', 0xff);
    const scr = stateInt(s, NAME, 'scr', 0xff);
    const dll = stateInt(s, NAME, 'dll', 0xff);
    const dlm = stateInt(s, NAME, 'dlm', 0xff);
    const rbr = stateInt(s, NAME, 'rbr', 0xff);
    const thrIpending = stateBool(s, NAME, 'thrIpending');
    const loopback = stateBytes(s, NAME, 'loopback');
    const output = stateBytes(s, NAME, 'output');
    const line = stateBool(s, NAME, 'line');
    this.input.restore(stateObject(s, NAME, 'input'));
    this.ier = ier;
    this.lcr = lcr;
    this.mcr = mcr;
    this.fcr = fcr;
    this.scr = scr;
    this.dll = dll;
    this.dlm = dlm;
    this.rbr = rbr;
    this.thrIpending = thrIpending;
    this.loopback = Array.from(loopback);
    this.out.set(output);
    this.line = line;
    this.plic.setSource(this.irq, line); // idempotent re-drive
  }

  private transmit(byte: number): void {
    if (this.mcr & MCR_LOOP) this.loopback.push(byte);
    else {
      this.out.push(byte);
      this.onByte?.(byte, this.clock.cycles());
    }
    this.thrIpending = true; // THR is empty again at once
  }

  /** In loopback the serial input is disconnected: scripted bytes wait until it ends. */
  private dataReady(): boolean {
    if (this.loopback.length > 0) return true;
    return !(this.mcr & MCR_LOOP) && this.input.nextAvailableCycle() <= this.clock.cycles();
  }

  private readRbr(): number {
    if (this.loopback.length > 0) this.rbr = this.loopback.shift() as number;
    else if (!(this.mcr & MCR_LOOP)) {
      const b = this.input.take(this.clock.cycles());
      if (b >= 0) this.rbr = b;
    }
    return this.rbr;
  }

  private iir(): number {
    if (this.ier & IER_RDI && this.dataReady()) return IIR_RDI;
    if (this.ier & IER_THRI && this.thrIpending) return IIR_THRI;
    return IIR_NONE;
  }

  private wantLine(): boolean {
    return this.iir() !== IIR_NONE;
  }

  private msr(): number {
    if (!(this.mcr & MCR_LOOP)) return MSR_IDLE;
    // Loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD.
    const m = this.mcr;
    return ((m & 1) << 5) | ((m & 2) << 3) | ((m & 4) << 4) | ((m & 8) << 4);
  }
}
