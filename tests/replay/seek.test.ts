import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootImageBytes } from '../../emulator/boot.js';
import { recordElf } from '../helpers/record.js';
import { ReplaySession } from '../../replay/session.js';
import { stateHash } from '../helpers/state-hash.js';

const ELF = 'bench/guest/bench-small.elf';

describe('replay seek', () => {
  let stream = '';
  const truth = new Map<number, string>();
  // Deterministic pseudo-random targets.
  const targets: number[] = [];
  let s = 12345;
  for (let i = 0; i < 12; i++) { s = (s * 1103515245 + 12345) % 2147483648; targets.push(s % 5_000_000); }
  targets.push(0, 1, 4_999_999);

  beforeAll(() => {
    stream = join(mkdtempSync(join(tmpdir(), 'seltrace-seek-')), 'small.strace');
    recordElf(ELF, stream, 500_000);
    // Ground truth: run straight through, capturing the state at each target.
    const image = readFileSync(ELF);
    const b = bootImageBytes(image, 'x');
    for (const t of [...targets].sort((a, b) => a - b)) {
      b.machine.run(t);
      truth.set(t, stateHash(b.machine));
    }
  });

  it('seek to random cycles equals the states of a straight run', () => {
    const r = ReplaySession.open(stream);
    for (const t of targets) {
      r.seek(t);
      expect(r.cycle).toBe(t);
      expect(stateHash(r.machine), `cycle ${t}`).toBe(truth.get(t));
    }
    r.close();
  });

  it('stepping back then forward returns to the same state', () => {
    const r = ReplaySession.open(stream);
    r.seek(1_234_567);
    const here = stateHash(r.machine);
    const i0 = r.instret;
    r.stepInstruction(-1);
    expect(r.instret).toBe(i0 - 1);
    expect(stateHash(r.machine)).not.toBe(here);
    r.stepInstruction(1);
    expect(r.instret).toBe(i0);
    expect(stateHash(r.machine)).toBe(here);
    r.close();
  });

  it('previous/next event navigation matches an index query', () => {
    const r = ReplaySession.open(stream);
    const uart = r.events({ kind: 'uart' });
    expect(uart.length).toBeGreaterThan(10);
    r.seek(0);
    const first = r.nextEvent(['uart']);
    expect(first?.id).toBe(uart[0].id);
    r.gotoEvent(uart[5]);
    expect(r.nextEvent(['uart'])?.id).toBe(uart[6].id);
    expect(r.prevEvent(['uart'])?.id).toBe(uart[4].id);
    r.close();
  });
});
