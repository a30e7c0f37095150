/**
 * Recording the real seL4 system's boot (OpenSBI + elfloader, the first 20M cycles) is
 * deterministic, and seeking in the recording reproduces the machine state a straight run reaches.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootImageBytes } from '../../emulator/boot.js';
import { record } from '../../tracer/recorder.js';
import { ReplaySession } from '../../replay/session.js';
import { stateHash } from '../helpers/state-hash.js';

const IMAGE = join(__dirname, '../fixtures/sel4test-mcs/image.elf');
const RAM = 512 * 1024 * 1024;
const CYCLES = 20_000_000;
const dir = mkdtempSync(join(tmpdir(), 'seltrace-sel4rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recordBoot(name: string): string {
  const image = new Uint8Array(readFileSync(IMAGE));
  const b = bootImageBytes(image, 'image.elf', { ramSize: RAM });
  const streamPath = join(dir, `${name}.strace`);
  const r = record({ machine: b.machine, kernel: null, imageName: 'image.elf', image, imageKind: b.kind, input: null, symbols: b.symbols },
    { streamPath, indexPath: `${streamPath}.db`, maxCycles: CYCLES, checkpointEvery: 2_000_000 });
  expect(r.stop.kind).toBe('cycle-limit');
  return streamPath;
}

describe('recording the sel4test boot', () => {
  it('is byte-identical across two recordings, and seeks reproduce a straight run', () => {
    const a = recordBoot('a'), b = recordBoot('b');
    expect(Buffer.compare(readFileSync(a), readFileSync(b))).toBe(0);
    const s = ReplaySession.open(a);
    const straight = bootImageBytes(new Uint8Array(readFileSync(IMAGE)), 'image.elf', { ramSize: RAM }).machine;
    // Forward, then backward across checkpoints; the straight run only goes forward.
    const points = [1_234_567, 7_654_321, 19_999_999];
    const want = new Map<number, string>();
    for (const c of points) { straight.run(c); want.set(c, stateHash(straight)); }
    for (const c of [...points, ...[...points].reverse()]) {
      s.seek(c);
      expect(s.cycle).toBe(c);
      expect(stateHash(s.machine), `state at cycle ${c}`).toBe(want.get(c));
    }
    // OpenSBI's banner is in the recording's console by the end.
    s.seek(CYCLES - 1);
    expect(Buffer.from(s.machine.consoleOutput()).toString('latin1')).toContain('OpenSBI v1.4');
  }, 600_000);
});
