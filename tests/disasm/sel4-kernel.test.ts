/**
 * `seltrace disasm` of the real seL4 kernel (tests/fixtures/sel4test-mcs/kernel.elf: linked at
 * 0xffffffff80200000, the top of the address space) against objdump, line for line.
 *
 * Until the F and D extensions are in the ISA table, FP instructions (fld/fsd/c.fld/c.fsd in the
 * kernel's FPU save/restore) print as `.4byte`/`.2byte`: those lines, and only those, are
 * allowed to differ, and the test says how many there were. Remove the exception when F/D lands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleElf } from '../../emulator/disasm/objdump-format.js';
import { objdump, OBJDUMP, onPath, ROOT } from './objdump-util.js';

const REL = 'tests/fixtures/sel4test-mcs/kernel.elf';
const FP_MNEMONIC = /^(c\.)?f[a-z]/;

describe('disassembly of the real seL4 kernel', () => {
  it('equals objdump -d -M no-aliases except FP instructions (until F/D)', () => {
    expect(onPath(OBJDUMP), `${OBJDUMP} is needed for this test`).toBe(true);
    const ref = objdump(REL).split('\n');
    const ours = disassembleElf(new Uint8Array(readFileSync(join(ROOT, REL))), REL).split('\n');
    expect(ours.length).toBe(ref.length);
    let fp = 0;
    for (let i = 0; i < ref.length; i++) {
      if (ours[i] === ref[i]) continue;
      const r = ref[i]!.split('\t'), o = ours[i]!.split('\t');
      const isFp = FP_MNEMONIC.test(r[2] ?? '') && r[0] === o[0] && r[1] === o[1] && /^\.[24]byte$/.test(o[2] ?? '');
      expect(isFp, `line ${i + 1}\n  objdump: ${ref[i]}\n  ours:    ${ours[i]}`).toBe(true);
      fp++;
    }
    // The kernel's fpu save/restore: 32 fsd + 32 fld, half of them compressed.
    expect(fp).toBe(64);
    expect(ours.some((l) => l.startsWith('ffffffff80200000 <_start>:'))).toBe(true);
  });
});
