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
import { packSystem } from '../../src/commands/pack.js';
import { bootSystem, type ThreadInfo } from '../../emulator/kernel/index.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const MAX_CYCLES = 200_000_000;

interface RunResult {
  output: string;
  cycles: number;
  stop: StopReason;
  threads: ThreadInfo[];
  /** Each console line (as written, possibly torn by preemption) with the cycle of its newline. */
  timed: { line: string; cycle: number }[];
}

function runExample(name: string): RunResult {
  const bytes = new Uint8Array(readFileSync(join(EXAMPLES, name, 'image.elf')));
  const { desc, programs } = readSystemImage(bytes, `${name}/image.elf`);
  const machine = new Machine();
  const timed: { line: string; cycle: number }[] = [];
  let line = '';
  machine.uart.onByte = (byte, cycle) => {
    if (byte !== 10) line += String.fromCharCode(byte);
    else { timed.push({ line, cycle }); line = ''; }
  };
  const kernel = bootSystem(machine, desc, programs);
  const stop = machine.run(MAX_CYCLES);
  const output = Buffer.from(machine.consoleOutput()).toString('latin1');
  return { output, cycles: machine.cpu.cycle, stop, threads: kernel.threads(), timed };
}

/** Runs twice; both runs must end by themselves (not at the cycle limit) and agree exactly. */
function runTwice(name: string): RunResult {
  const a = runExample(name);
  const b = runExample(name);
  // Every example ends with microkit_dbg_halt(); a deadlock or the cycle limit is a failure.
  expect(a.stop.kind === 'exit' && a.stop.code === 0 && a.output.includes('Debug halt syscall'), `${name} stopped: ${JSON.stringify(a.stop)}\n${a.output}`).toBe(true);
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

function expectSubstringsInOrder(output: string, expected: readonly string[]): void {
  let at = 0;
  for (const want of expected) {
    const i = output.indexOf(want, at);
    expect(i, `missing ${JSON.stringify(want)} after offset ${at} of:\n${output}`).toBeGreaterThanOrEqual(0);
    at = i + want.length;
  }
}

const NAMES = ['hello', 'client-server-driver', 'producer-consumer', 'realtime', 'spi-driver', 'deadline-miss'];

describe('committed example images', () => {
  it.each(NAMES)('%s: committed image.elf equals a fresh pack', (name) => {
    const packed = packSystem(join(EXAMPLES, name, `${name}.system`));
    expect(packed.warnings).toEqual([]);
    const committed = readFileSync(join(EXAMPLES, name, 'image.elf'));
    expect(Buffer.from(packed.image).equals(committed), `${name}/image.elf is stale: rerun examples/${name}/build.sh`).toBe(true);
  });
});

describe('examples run on the kernel model', () => {
  it('hello', () => {
    const r = runTwice('hello');
    expect(r.output.startsWith('hello, world\n')).toBe(true);
  });

  it('client-server-driver: lines reach the UART through two PPCs', () => {
    const r = runTwice('client-server-driver');
    const sent = ['[1] hello from the client', '[2] a second line', '[3] and the last one'];
    const bytes = sent.reduce((n, l) => n + l.length + 1, 0);
    expectInOrder(r.output, [...sent, `client: done, ${bytes} bytes written to the UART`]);
    // Passive PDs: after their init they run only on a caller's donated scheduling context.
    const sc = new Map(r.threads.map((t) => [t.name, t.sc]));
    expect(sc.get('server')).toBeNull();
    expect(sc.get('driver')).toBeNull();
    expect(sc.get('client')).not.toBeNull();
  });

  it('producer-consumer: every item once, in order, and the checksum', () => {
    const r = runTwice('producer-consumer');
    const items = Array.from({ length: 20 }, (_, i) => (i * i * 7 + 3 * i + 1) >>> 0);
    let sum = 0;
    for (const v of items) sum = (Math.imul(sum, 31) + v) >>> 0;
    const consumed = lines(r.output).filter((l) => l.startsWith('consumer: item '));
    expect(consumed).toEqual(items.map((v, i) => `consumer: item ${i} = ${v}`));
    expectInOrder(r.output, ['producer: queued 8 items', `consumer: consumed 20 items, checksum 0x${sum.toString(16).padStart(8, '0')}`]);
    // The ring holds 8: the producer must have waited for space at least twice.
    expect(lines(r.output).filter((l) => l.startsWith('producer: queued ')).length).toBeGreaterThanOrEqual(3);
  });

  it('realtime: ten periodic jobs while the normal and background PDs make progress', () => {
    const r = runTwice('realtime');
    // The periodic PD has the highest priority, so its lines are never torn; the spinners' lines
    // may be split by its preemption, so look for them in the raw text.
    expectSubstringsInOrder(r.output, [...Array.from({ length: 10 }, (_, i) => `periodic: job ${i + 1}\n`), 'periodic: all jobs done\n']);
    expect(r.output.split('normal: progress').length - 1).toBeGreaterThanOrEqual(5);
    expect(r.output.split('background: progress').length - 1).toBeGreaterThanOrEqual(3);
    // The spinners run between the periodic jobs, not only after them.
    const job2 = r.output.indexOf('periodic: job 2');
    const job9 = r.output.indexOf('periodic: job 9');
    expect(r.output.slice(job2, job9)).toContain('normal: progress');
    expect(r.output.slice(job2, job9)).toContain('background: progress');
    // Yield charges a full budget per job: job 10 starts at least 9 periods (2000 us, 100 cycles per us) after job 1.
    expect(r.cycles).toBeGreaterThanOrEqual(9 * 200_000);
  });

  it('spi-driver: loopback transfer comes back, bad request refused, wire bytes on the console', () => {
    const r = runTwice('spi-driver');
    expectInOrder(r.output, [
      'spi: driver ready',
      'client: configured loopback, LCR=0x00000003',
      'client: loopback=0x00000001',
      'client: loopback transfer ok, 38 bytes back',
      'client: oversized transfer refused with label 0x00000016',
      'spi: these bytes left on the wire',
      'client: wire transfer, bytes back=0x00000000',
      'client: done',
    ]);
  });

  it('deadline-miss: eight periods, the logger flush inside period 4', () => {
    const r = runTwice('deadline-miss');
    const expected: string[] = [];
    for (let p = 1; p <= 8; p++) {
      if (p === 4) expected.push('logger: flushing');
      expected.push(`control: period ${p} done`);
    }
    expectInOrder(r.output, [...expected, 'control: finished']);
    const all = lines(r.output);
    expect(all.filter((l) => l === 'logger: flushing')).toHaveLength(1);
    expect(all.indexOf('logger: flushing')).toBeGreaterThan(all.indexOf('control: period 3 done'));
    // The miss shows in time: period 4 completes more than a flush (2500 us) later than the
    // one-period rhythm of periods 2 -> 3 would have it (100 cycles per us).
    const at = (l: string): number => r.timed.find((t) => t.line === l)!.cycle;
    const rhythm = at('control: period 3 done') - at('control: period 2 done');
    expect(rhythm).toBeGreaterThanOrEqual(190_000);
    expect(rhythm).toBeLessThan(250_000);
    expect(at('control: period 4 done') - at('control: period 3 done')).toBeGreaterThan(rhythm + 240_000);
    // Yield charges a full budget per job, so job 8 starts at least 7 periods (2000 us) after job 1.
    expect(r.cycles).toBeGreaterThanOrEqual(7 * 200_000);
  });
});
