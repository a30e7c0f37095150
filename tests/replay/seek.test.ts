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

/**
 * Seeks on a system recording land on the state of a straight run, kernel included: threads and
 * their saved registers, endpoint / notification queues, scheduling contexts with their
 * refills, CSpaces. Checkpoints every 20k units of work (≈ 27 of them), so seeks restore kernel state from them.
 */
describe('replay seek on a system recording (kernel state)', () => {
  const IMAGE = 'examples/deadline-miss/image.elf';
  let stream = '';
  const truth = new Map<number, { hash: string; view: string }>();
  let end = 0;
  const targets: number[] = [];

  beforeAll(() => {
    stream = join(mkdtempSync(join(tmpdir(), 'seltrace-seek-sys-')), 'dm.strace');
    const rec = recordElf(IMAGE, stream, 20_000); // checkpoints by work: 20k instructions (a kernel entry counts 1000)
    end = rec.cycles;
    expect(rec.stop.kind).toBe('exit');
    let s = 777;
    for (let i = 0; i < 10; i++) { s = (s * 1103515245 + 12345) % 2147483648; targets.push(s % end); }
    targets.push(0, end - 1);
    const b = bootImageBytes(readFileSync(IMAGE), 'x');
    expect(b.kernel).not.toBeNull();
    for (const t of [...targets].sort((a, b) => a - b)) {
      b.machine.run(t);
      truth.set(t, { hash: stateHash(b.machine, b.kernel), view: JSON.stringify(b.kernel!.inspect()) });
    }
  });

  it('every seek equals the straight run, kernel state included', () => {
    const r = ReplaySession.open(stream);
    expect(r.timeline.checkpoints.length).toBeGreaterThanOrEqual(8);
    for (const t of targets) {
      r.seek(t);
      const want = truth.get(t)!;
      // The view first: a difference there names the thread or queue that differs.
      expect(JSON.stringify(r.kernelView()), `kernel view at cycle ${t}`).toBe(want.view);
      expect(stateHash(r.machine, r.kernel), `cycle ${t}`).toBe(want.hash);
    }
    r.close();
  });

  it('the kernel state changes along the recording (the hash sees it)', () => {
    const views = new Set([...truth.values()].map((v) => v.view));
    expect(views.size).toBeGreaterThan(3);
    const r = ReplaySession.open(stream);
    const kv = r.kernelView()!;
    r.seek(end - 1);
    expect(r.kernelView()).not.toEqual(kv);
    r.close();
  });
});
