/**
 * The six example systems: each committed image.elf is what the packer makes from the committed
 * sources' build outputs, boots on the kernel model, ends by itself, prints what it should, and
 * two runs are identical to the byte and to the cycle.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Machine, type StopReason } from '../../emulator/machine.js';
import { readSystemImage } from '../../emulator/kernel/image.js';
import type { SystemDescription } from '../../emulator/kernel/sdf/index.js';
import { packSystem } from '../../src/commands/pack.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const MAX_CYCLES = 200_000_000;

type BootSystem = (machine: Machine, desc: SystemDescription, programs: Map<string, Uint8Array>, opts?: object) => unknown;

/** Loaded lazily so the pack checks run even while the kernel model is missing. */
async function loadBootSystem(): Promise<BootSystem> {
  const loaderPath = fileURLToPath(new URL('../../emulator/kernel/loader.js', import.meta.url));
  const mod = (await import(/* @vite-ignore */ loaderPath)) as { bootSystem?: BootSystem };
  if (typeof mod.bootSystem !== 'function') throw new Error('emulator/kernel/loader.ts does not export bootSystem');
  return mod.bootSystem;
}

interface RunResult {
  output: string;
  cycles: number;
  stop: StopReason;
}

async function runExample(name: string): Promise<RunResult> {
  const bootSystem = await loadBootSystem();
  const bytes = new Uint8Array(readFileSync(join(EXAMPLES, name, 'image.elf')));
  const { desc, programs } = readSystemImage(bytes, `${name}/image.elf`);
  const machine = new Machine();
  bootSystem(machine, desc, programs);
  const stop = machine.run(MAX_CYCLES);
  return { output: Buffer.from(machine.consoleOutput()).toString('latin1'), cycles: machine.cpu.cycle, stop };
}

/** Runs twice; both runs must end by themselves (not at the cycle limit) and agree exactly. */
async function runTwice(name: string): Promise<RunResult> {
  const a = await runExample(name);
  const b = await runExample(name);
  expect(a.stop.kind, `${name} stopped: ${JSON.stringify(a.stop)}\n${a.output}`).not.toBe('cycle-limit');
  expect(b.output).toBe(a.output);
  expect(b.cycles).toBe(a.cycles);
  expect(b.stop).toEqual(a.stop);
  return a;
}

function lines(output: string): string[] {
  return output.split('\n').filter((l) => l !== '');
}

/** Each expected line occurs, in this order (other lines may come between). */
function expectInOrder(output: string, expected: readonly string[]): void {
  const got = lines(output);
  let at = 0;
  for (const want of expected) {
    const i = got.indexOf(want, at);
    expect(i, `missing ${JSON.stringify(want)} after line ${at} of:\n${output}`).toBeGreaterThanOrEqual(0);
    at = i + 1;
  }
}

const NAMES = ['hello', 'client-server-driver', 'producer-consumer', 'realtime', 'spi-driver', 'deadline-miss'];

describe('committed example images', () => {
  it.each(NAMES)('%s/image.elf is what packing %s.system gives now', (name) => {
    const packed = packSystem(join(EXAMPLES, name, `${name}.system`));
    expect(packed.warnings).toEqual([]);
    const committed = readFileSync(join(EXAMPLES, name, 'image.elf'));
    expect(Buffer.from(packed.image).equals(committed), `${name}/image.elf is stale: rerun examples/${name}/build.sh`).toBe(true);
  });
});

describe('examples run on the kernel model', () => {
  it('hello', async () => {
    const r = await runTwice('hello');
    expect(r.output).toBe('hello, world\n');
  });

  it('client-server-driver: lines reach the UART through two PPCs', async () => {
    const r = await runTwice('client-server-driver');
    const sent = ['[1] hello from the client', '[2] a second line', '[3] and the last one'];
    const bytes = sent.reduce((n, l) => n + l.length + 1, 0);
    expectInOrder(r.output, [...sent, `client: done, ${bytes} bytes written to the UART`]);
  });

  it('producer-consumer: every item once, in order, and the checksum', async () => {
    const r = await runTwice('producer-consumer');
    const items = Array.from({ length: 20 }, (_, i) => (i * i * 7 + 3 * i + 1) >>> 0);
    let sum = 0;
    for (const v of items) sum = (Math.imul(sum, 31) + v) >>> 0;
    const consumed = lines(r.output).filter((l) => l.startsWith('consumer: item '));
    expect(consumed).toEqual(items.map((v, i) => `consumer: item ${i} = ${v}`));
    expectInOrder(r.output, ['producer: queued 8 items', `consumer: consumed 20 items, checksum 0x${sum.toString(16).padStart(8, '0')}`]);
    // The ring holds 8: the producer must have waited for space at least twice.
    expect(lines(r.output).filter((l) => l.startsWith('producer: queued ')).length).toBeGreaterThanOrEqual(3);
  });

  it('realtime: ten periodic jobs while the normal and background PDs make progress', async () => {
    const r = await runTwice('realtime');
    expectInOrder(r.output, [...Array.from({ length: 10 }, (_, i) => `periodic: job ${i + 1}`), 'periodic: all jobs done']);
    const all = lines(r.output);
    expect(all.filter((l) => l.startsWith('normal: progress ')).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((l) => l.startsWith('background: progress ')).length).toBeGreaterThanOrEqual(1);
    // Jobs come one period apart: the spinners report between them.
    const job2 = all.indexOf('periodic: job 2');
    const job9 = all.indexOf('periodic: job 9');
    expect(all.slice(job2, job9).some((l) => l.startsWith('normal: '))).toBe(true);
    // Yield charges a full budget per job: job 10 starts at least 9 periods (100 cycles per us) after job 1.
    expect(r.cycles).toBeGreaterThanOrEqual(9 * 100_000);
  });

  it('spi-driver: loopback transfer comes back, bad request refused, wire bytes on the console', async () => {
    const r = await runTwice('spi-driver');
    expectInOrder(r.output, [
      'spi: driver ready',
      'client: configured loopback, LCR=0x00000003',
      'client: MCR=0x00000010',
      'client: loopback transfer ok, 38 bytes back',
      'client: oversized transfer refused with label 0x00000016',
      'spi: these bytes left on the wire',
      'client: wire transfer, bytes back=0x00000000',
      'client: done',
    ]);
  });

  it('deadline-miss: eight periods, the logger flush inside period 4', async () => {
    const r = await runTwice('deadline-miss');
    const expected: string[] = [];
    for (let p = 1; p <= 8; p++) {
      expected.push(`control: period ${p} start`);
      if (p === 4) expected.push('logger: flushing');
      expected.push(`control: period ${p} done`);
    }
    expectInOrder(r.output, [...expected, 'control: finished']);
    expect(lines(r.output).filter((l) => l === 'logger: flushing')).toHaveLength(1);
    // Yield charges a full budget per job, so job 8 starts at least 7 periods after job 1.
    expect(r.cycles).toBeGreaterThanOrEqual(7 * 100_000);
  });
});
