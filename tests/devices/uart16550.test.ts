import { describe, expect, it } from 'vitest';
import { InputScript } from '../../emulator/devices/input-script.js';
import { Uart16550 } from '../../emulator/devices/uart16550.js';
import { FakeClock, FakePlic, cloneState } from './fakes.js';

const RBR = 0;
const THR = 0;
const IER = 1;
const IIR = 2;
const FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const SCR = 7;

function setup(script = '') {
  const clock = new FakeClock();
  const plic = new FakePlic();
  const input = InputScript.parse(new TextEncoder().encode(script));
  const uart = new Uart16550({ clock, plic, input });
  const bytes: Array<[number, number]> = [];
  uart.onByte = (b, c) => bytes.push([b, c]);
  return { clock, plic, uart, bytes };
}

const text = (u: Uart16550) => new TextDecoder().decode(u.output());

describe('Uart16550', () => {
  it('has the virt address window and reset register values', () => {
    const { uart } = setup();
    expect([uart.base, uart.size]).toEqual([0x10000000, 0x100]);
    expect(uart.read(LSR, 1)).toBe(0x60); // THRE | TEMT
    expect(uart.read(IIR, 1)).toBe(0x01);
    expect(uart.read(IER, 1)).toBe(0);
    expect(uart.read(LCR, 1)).toBe(0);
    expect(uart.read(MSR, 1)).toBe(0xb0);
    expect(uart.nextEventCycle()).toBe(Infinity);
  });

  it('transmits THR bytes instantly to the output log and onByte with the cycle', () => {
    const { uart, clock, bytes } = setup();
    clock.now = 42;
    uart.write(THR, 1, 0x68);
    clock.now = 43;
    uart.write(THR, 4, 0x1269); // only the low byte counts
    expect(text(uart)).toBe('hi');
    expect(bytes).toEqual([
      [0x68, 42],
      [0x69, 43],
    ]);
    expect(uart.read(LSR, 1) & 0x60).toBe(0x60);
  });

  it('maps DLL/DLM over RBR/THR and IER while LCR.DLAB is set', () => {
    const { uart } = setup();
    uart.write(IER, 1, 0x01);
    uart.write(LCR, 1, 0x83);
    uart.write(0, 1, 0x01); // DLL, not transmitted
    uart.write(1, 1, 0x02); // DLM, not IER
    expect([uart.read(0, 1), uart.read(1, 1), uart.read(LCR, 1)]).toEqual([0x01, 0x02, 0x83]);
    expect(uart.output().length).toBe(0);
    uart.write(LCR, 1, 0x03);
    expect(uart.read(IER, 1)).toBe(0x01);
    uart.write(LCR, 1, 0x80);
    expect([uart.read(0, 1), uart.read(1, 1)]).toEqual([0x01, 0x02]); // divisor kept
  });

  it('stores SCR and LCR, masks MCR and IER, ignores writes to LSR/MSR', () => {
    const { uart } = setup();
    uart.write(SCR, 1, 0xa5);
    uart.write(MCR, 1, 0xff);
    uart.write(IER, 1, 0xf0);
    uart.write(LSR, 1, 0);
    uart.write(MSR, 1, 0);
    expect([uart.read(SCR, 1), uart.read(MCR, 1), uart.read(IER, 1), uart.read(LSR, 1)]).toEqual([0xa5, 0x1f, 0, 0x60]);
  });

  it('aliases registers every 8 bytes and zero-extends wider reads', () => {
    const { uart } = setup();
    uart.write(0x10 + SCR, 1, 0x5a);
    expect(uart.read(SCR, 1)).toBe(0x5a);
    expect(uart.read(0xf8 + SCR, 4)).toBe(0x5a);
  });

  it('reports FIFO-enabled in IIR bits 7:6 after FCR bit 0', () => {
    const { uart } = setup();
    uart.write(FCR, 1, 0x07);
    expect(uart.read(IIR, 1)).toBe(0xc1);
    uart.write(FCR, 1, 0x00);
    expect(uart.read(IIR, 1)).toBe(0x01);
  });

  it('raises THRE when enabled, clears it on an IIR read, re-arms it on THR write', () => {
    const { uart, plic } = setup();
    uart.write(IER, 1, 0x02);
    expect(plic.get(10)).toBe(true);
    expect(uart.read(IIR, 1)).toBe(0x02);
    expect(plic.get(10)).toBe(false);
    expect(uart.read(IIR, 1)).toBe(0x01);
    uart.write(THR, 1, 0x41);
    expect(plic.get(10)).toBe(true);
    uart.write(IER, 1, 0x00);
    expect(plic.get(10)).toBe(false);
    uart.write(IER, 1, 0x02); // re-enabling with THR empty raises again
    expect(uart.read(IIR, 1)).toBe(0x02);
    uart.write(IER, 1, 0x03); // THRI unchanged: no new THRE
    expect(uart.read(IIR, 1)).toBe(0x01);
  });

  it('makes scripted bytes ready at their exact cycle and fires RX at that cycle', () => {
    const { uart, clock, plic } = setup('#!seltrace-input\n@100 ab\n@150 c\n');
    uart.write(IER, 1, 0x01);
    expect(uart.nextEventCycle()).toBe(100);
    clock.now = 99;
    uart.tick();
    expect(plic.get(10)).toBe(false);
    expect(uart.read(LSR, 1) & 1).toBe(0);
    expect(uart.read(RBR, 1)).toBe(0); // nothing yet: no byte taken
    clock.now = 100;
    expect(uart.nextEventCycle()).toBe(100);
    uart.tick();
    expect(plic.get(10)).toBe(true);
    expect(uart.read(IIR, 1)).toBe(0x04);
    expect(uart.read(LSR, 1)).toBe(0x61);
    expect(uart.read(RBR, 1)).toBe(0x61);
    expect(plic.get(10)).toBe(true); // 'b' is ready too
    expect(uart.read(RBR, 1)).toBe(0x62);
    expect(plic.get(10)).toBe(false);
    expect(uart.read(LSR, 1) & 1).toBe(0);
    expect(uart.read(RBR, 1)).toBe(0x62); // stale re-read, nothing consumed
    expect(uart.nextEventCycle()).toBe(150);
    clock.now = 150;
    uart.tick();
    expect(uart.read(RBR, 1)).toBe(0x63);
    expect(uart.nextEventCycle()).toBe(Infinity);
  });

  it('reports no RX event while RX interrupts are disabled, and "now" for a stale line', () => {
    const { uart, clock, plic } = setup('#!seltrace-input\n@100 x\n');
    expect(uart.nextEventCycle()).toBe(Infinity);
    clock.now = 120;
    expect(uart.read(LSR, 1) & 1).toBe(1); // data is ready all the same
    uart.write(IER, 1, 0x01); // the write itself updates the line
    expect(plic.get(10)).toBe(true);
    expect(uart.read(RBR, 1)).toBe(0x78);
    expect(plic.get(10)).toBe(false);
    const late = setup('#!seltrace-input\n@100 x\n');
    late.uart.write(IER, 1, 0x01);
    late.clock.now = 130; // the CPU overshot without a tick
    expect(late.uart.nextEventCycle()).toBe(130);
  });

  it('gives RX data priority over THRE in IIR', () => {
    const { uart, plic } = setup('@'); // raw file: "@" ready at cycle 0
    uart.write(IER, 1, 0x03);
    expect(uart.read(IIR, 1)).toBe(0x04);
    expect(uart.read(IIR, 1)).toBe(0x04); // reading IIR for RX does not clear THRE
    expect(uart.read(RBR, 1)).toBe(0x40);
    expect(uart.read(IIR, 1)).toBe(0x02);
    expect(uart.read(IIR, 1)).toBe(0x01);
    expect(plic.get(10)).toBe(false);
  });

  it('loops THR back to RBR in loopback, with MSR mirroring MCR and input held back', () => {
    const { uart, bytes } = setup('z');
    uart.write(MCR, 1, 0x10 | 0x0f);
    expect(uart.read(MSR, 1)).toBe(0xf0);
    uart.write(MCR, 1, 0x10 | 0x01);
    expect(uart.read(MSR, 1)).toBe(0x20); // DTR -> DSR
    uart.write(MCR, 1, 0x10 | 0x02);
    expect(uart.read(MSR, 1)).toBe(0x10); // RTS -> CTS
    expect(uart.read(LSR, 1) & 1).toBe(0); // scripted 'z' is not seen in loopback
    uart.write(THR, 1, 0x55);
    expect(bytes).toEqual([]);
    expect(uart.output().length).toBe(0);
    expect(uart.read(LSR, 1) & 1).toBe(1);
    expect(uart.read(RBR, 1)).toBe(0x55);
    expect(uart.read(LSR, 1) & 1).toBe(0);
    uart.write(THR, 1, 0x56);
    uart.write(FCR, 1, 0x03); // RX FIFO reset drops loopback data
    expect(uart.read(LSR, 1) & 1).toBe(0);
    uart.write(MCR, 1, 0);
    expect(uart.read(RBR, 1)).toBe(0x7a);
  });

  it('snapshot -> restore gives identical subsequent behaviour, output and input position', () => {
    const script = '#!seltrace-input\n@10 abc\n@500 xyz\n';
    const a = setup(script);
    a.clock.now = 20;
    a.uart.write(THR, 1, 0x31);
    a.uart.write(IER, 1, 0x03);
    a.uart.write(LCR, 1, 0x83);
    a.uart.write(0, 1, 12);
    a.uart.write(LCR, 1, 0x03);
    a.uart.write(SCR, 1, 9);
    expect(a.uart.read(RBR, 1)).toBe(0x61);
    const state = cloneState(a.uart.snapshot());

    const run = (s: ReturnType<typeof setup>): unknown[] => {
      s.plic.log.length = 0;
      s.bytes.length = 0;
      const seen: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        seen.push(s.uart.nextEventCycle(), s.uart.read(IIR, 1), s.uart.read(LSR, 1), s.uart.read(RBR, 1));
        s.uart.write(THR, 1, 0x40 + i);
        s.clock.now += 100;
        s.uart.tick();
      }
      return [seen, s.plic.log.slice(), s.bytes.slice(), text(s.uart)];
    };
    const expected = run(a);
    const b = setup(script);
    b.clock.now = 20;
    b.uart.restore(state);
    expect(b.plic.get(10)).toBe(true);
    expect(text(b.uart)).toBe('1');
    expect(run(b)).toEqual(expected);
    expect(b.uart.snapshot()).toEqual(a.uart.snapshot());
  });

  it('rejects a corrupt snapshot with a one-line error', () => {
    const { uart } = setup();
    const s = uart.snapshot();
    expect(() => uart.restore({ ...s, ier: 0x10 })).toThrow(/^uart restore: field "ier" must be an integer in 0\.\.15$/);
    expect(() => uart.restore({ ...s, output: 'hi' })).toThrow(/^uart restore: field "output" must be bytes$/);
    expect(() => uart.restore({ ...s, input: { pos: 3 } })).toThrow(/^input restore: field "pos"/);
  });
});
