import { describe, expect, it } from 'vitest';
import { bootThreads, events, guest, symbol } from './helpers.js';
import { Right } from '../../emulator/kernel/abi.js';

const R = Right.Read;
const hex = (n: number) => n.toString(16);

describe('faults', () => {
  it('UserException on an illegal instruction, resumed by the handler\'s reply; VMFault on a bad store', () => {
    const b = bootThreads({
      objects: { fep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'handler', elf: guest('fault_handler'), priority: 50, caps: { 1: { object: 'fep', rights: R }, 3: { object: 'reply' } } },
        { name: 'faulter', elf: guest('faulter'), priority: 10, faultEndpoint: { object: 'fep', badge: 7n } },
      ],
    });
    b.m.run(10_000_000);
    const ill = symbol('faulter', 'fault_illegal');
    const st = symbol('faulter', 'fault_store');
    const sp = 0x3fffffd000;
    expect(b.console()).toBe(
      // UserException (3): FaultIP, SP, number = scause 2 (illegal instruction), code 0.
      `F:7 3 4 ${hex(ill)} ${hex(sp)} 2 0 \n` +
      'resumed\n' +
      // VMFault (6): IP, address, prefetch 0, FSR 7 (store).
      `F:7 6 4 ${hex(st)} 10 0 7 \n`);
    const faults = events<{ type: string; pc: number; addr: string; handled: boolean; thread: number }>(b.log, 'fault');
    expect(faults).toEqual([
      expect.objectContaining({ type: 'UserException', pc: ill, handled: true, thread: b.tid('faulter') }),
      expect.objectContaining({ type: 'VMFault', pc: st, addr: '16', handled: true }),
    ]);
    expect(b.k.faults().map((f) => f.description)).toEqual([
      'user exception: illegal instruction',
      'vm fault on data at address 0x10 with status 0x7',
    ]);
    // The faulter waits for a reply that never comes: blocked on its reply, then inactive
    // once the handler's next Recv reuses the reply object.
    expect(b.k.threads().find((t) => t.name === 'faulter')?.state).toBe('inactive');
  });

  it('a fault with no fault handler suspends the thread and the kernel reports it', () => {
    const b = bootThreads({ threads: [{ name: 'faulter', elf: guest('faulter'), priority: 10 }] });
    const stop = b.m.run(10_000_000);
    expect(b.console()).toBe(
      `Caught user exception: illegal instruction\nin thread "faulter" at address 0x${hex(symbol('faulter', 'fault_illegal'))}: no fault handler, thread suspended\n`);
    expect(stop.kind).toBe('halt');
    expect(events<{ handled: boolean }>(b.log, 'fault')).toEqual([expect.objectContaining({ handled: false })]);
  });

  it('an unknown syscall number is an UnknownSyscall fault with the syscall registers', () => {
    const b = bootThreads({
      objects: { fep: { type: 'endpoint' }, reply: { type: 'reply' } },
      threads: [
        { name: 'handler', elf: guest('fault_handler'), priority: 50, caps: { 1: { object: 'fep', rights: R }, 3: { object: 'reply' } } },
        { name: 'u', elf: guest('unknown_sys'), priority: 10, faultEndpoint: { object: 'fep', badge: 1n } },
      ],
    });
    b.m.run(10_000_000);
    // label 2, 11 MRs: FaultIP, SP, RA, a0..a6, syscall number (-100).
    const pc = symbol('unknown_sys', 'bad_ecall');
    expect(b.console()).toBe(`F:1 2 b ${hex(pc)} ${hex(0x3fffffd000)} 0 55 66 0 0 0 0 0 ${(2n ** 64n - 100n).toString(16)} \n`);
  });

  it('DebugNameThread on a cap that is not a TCB halts the system, as seL4 does', () => {
    const b = bootThreads({ threads: [{ name: 'h', elf: guest('hello'), caps: { 30: { object: 'n' } } }], objects: { n: { type: 'notification' } } });
    const stop = b.m.run(10_000_000);
    expect(stop).toEqual({ kind: 'halt', reason: 'seL4_DebugNameThread on a cap that is not a TCB' });
  });
});
