import { describe, expect, it } from 'vitest';
import { bootThreads, guest } from './helpers.js';

describe('kernel model smoke', () => {
  it('runs a thread that prints through DebugPutChar, names itself and halts', () => {
    const b = bootThreads({ threads: [{ name: 'hello', elf: guest('hello') }] });
    const stop = b.m.run(10_000_000);
    expect(b.console()).toBe('hello, seL4\nDebug halt syscall from user thread "greeter"\n');
    expect(stop).toEqual({ kind: 'exit', code: 0, source: 'kernel' }); // DebugHalt ends the run cleanly
    expect(b.k.consoleText()).toBe(b.console());
    expect(b.k.threadByName('greeter')).toBeDefined();
  });
});
