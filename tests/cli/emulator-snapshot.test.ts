import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { bootImageBytes } from '../../emulator/boot.js';
import { stateHash } from '../helpers/state-hash.js';

describe('machine snapshot/restore', () => {
  for (const elf of ['bench/guest/bench-small.elf', 'tests/cli/bin/timer.elf', 'tests/isa/bin/ui_alu-v.elf']) {
    it(`restore then run N equals running straight through (${elf})`, () => {
      const img = readFileSync(elf);
      const straight = bootImageBytes(img, 'x').machine;
      const a = straight.run(2_000_000);
      const split = bootImageBytes(img, 'x').machine;
      split.run(1500);
      const snap = split.snapshot();
      split.run(700_000); // wander off, then come back
      split.restore(snap);
      const b = split.run(2_000_000);
      expect(b).toEqual(a);
      expect(stateHash(split)).toBe(stateHash(straight));
      expect(Buffer.from(split.consoleOutput())).toEqual(Buffer.from(straight.consoleOutput()));
      // Restoring into a fresh machine works too.
      const fresh = bootImageBytes(img, 'x').machine;
      fresh.restore(snap);
      expect(fresh.run(2_000_000)).toEqual(a);
      expect(stateHash(fresh)).toBe(stateHash(straight));
    });
  }
});
