/**
 * `seltrace disasm` of the real seL4 kernel (tests/fixtures/sel4test-mcs/kernel.elf: linked at
 * 0xffffffff80200000, the top of the address space; rv64imafdc with the FPU save/restore) equals
 * objdump -d -M no-aliases, line for line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleElf } from '../../emulator/disasm/objdump-format.js';
import { firstDifference, objdump, OBJDUMP, onPath, ROOT } from './objdump-util.js';

const REL = 'tests/fixtures/sel4test-mcs/kernel.elf';

describe('disassembly of the real seL4 kernel', () => {
  it('equals objdump -d -M no-aliases', () => {
    expect(onPath(OBJDUMP), `${OBJDUMP} is needed for this test`).toBe(true);
    const ours = disassembleElf(new Uint8Array(readFileSync(join(ROOT, REL))), REL);
    const diff = firstDifference(REL, objdump(REL), ours);
    expect(diff, diff ?? '').toBeNull();
    expect(ours).toContain('\nffffffff80200000 <_start>:\n');
    expect(ours).toMatch(/\tfsd\tft0,0\(a3\)/); // the FPU save the kernel does on a switch
  });
});
