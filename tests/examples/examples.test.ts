/**
 * The seven example systems: each committed image.elf is what the packer makes from the committed
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
import { bootSystem, DEFAULT_COSTS, Sys, type ThreadInfo } from '../../emulator/kernel/index.js';
import type { IrqEvent, SignalEvent } from '../../emulator/observer.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const MAX_CYCLES = 200_000_000;

interface RunResult {
  output: string;
  cycles: number;
  stop: StopReason;
  threads: ThreadInfo[];
  /** Each console line (as written, possibly torn by preemption) with the cycle of its newline. */
  timed: { line: string; cycle: number }[];
  /** Kernel IRQ events (raise / deliver / ack) and notification signals, from the observer. */
  irqs: IrqEvent[];
  signals: SignalEvent[];
  /** Exact cycles at which the Goldfish RTC's alarm fired. */
  alarms: number[];
  /** Lines each thread printed with DebugPutChar (untorn by preemption), by thread id, with the cycle of the newline. */
  printed: Map<number, { line: string; cycle: number }[]>;
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
  const irqs: IrqEvent[] = [];
  const signals: SignalEvent[] = [];
  const alarms: number[] = [];
  const printed = new Map<number, { line: string; cycle: number }[]>();
  const partial = new Map<number, string>();
  machine.rtc.onAlarm = (cycle) => alarms.push(cycle);
  const kernel = bootSystem(machine, desc, programs, {
    observer: {
      onIrq: (e) => irqs.push({ ...e }),
      onSignal: (e) => signals.push({ ...e }),
      onSyscall: (e) => {
        if (e.num !== Sys.DebugPutChar) return;
        const ch = Number(e.cptr) & 0xff;
        if (ch !== 10) partial.set(e.thread, (partial.get(e.thread) ?? '') + String.fromCharCode(ch));
        else {
          printed.set(e.thread, [...(printed.get(e.thread) ?? []), { line: partial.get(e.thread) ?? '', cycle: e.cycle }]);
          partial.delete(e.thread);
        }
      },
    },
  });
  const stop = machine.run(MAX_CYCLES);
  const output = Buffer.from(machine.consoleOutput()).toString('latin1');
  return { output, cycles: machine.cpu.cycle, stop, threads: kernel.threads(), timed, irqs, signals, alarms, printed };
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
  expect(b.timed).toEqual(a.timed);
  expect(b.irqs).toEqual(a.irqs);
  expect(b.signals).toEqual(a.signals);
  expect(b.alarms).toEqual(a.alarms);
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

const NAMES = ['hello', 'client-server-driver', 'producer-consumer', 'realtime', 'spi-driver', 'deadline-miss', 'pid-control', 'passive-signal', 'budget-overrun', 'interference', 'ppc-chain', 'irq-delay', 'control-loop', 'overload', 'passive-shared', 'eight-pds', 'ppc-fault'];

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

  it('realtime: the RTC IRQ releases ten periodic jobs, 1 ms apart, preempting normal and background', () => {
    const r = runTwice('realtime');
    const JOBS = 10;
    // The console interleaves the PDs' output (a preempted spinner's line is torn by the lines
    // printed above it); the periodic PD's own lines are never torn.
    expect(r.output.startsWith('timer: RTC alarm every 1000 us on IRQ 11\n')).toBe(true);
    expectSubstringsInOrder(r.output, [...Array.from({ length: JOBS }, (_, i) => `periodic: job ${i + 1}\n`), 'periodic: all jobs done\n']);
    expect(r.output).not.toContain(`periodic: job ${JOBS + 1}\n`);
    const id = new Map(r.threads.map((t) => [t.name, t.id]));
    const timer = id.get('timer')!;
    const periodic = id.get('periodic')!;
    // Each PD's own output, untorn: the spinners count up, one line per 5 chunks (500 us of work).
    const ownTimed = (name: string) => r.printed.get(id.get(name)!) ?? [];
    const own = (name: string): string[] => ownTimed(name).map((l) => l.line);
    expect(own('timer')).toEqual(['timer: RTC alarm every 1000 us on IRQ 11']);
    expect(own('periodic')).toEqual([...Array.from({ length: JOBS }, (_, i) => `periodic: job ${i + 1}`), 'periodic: all jobs done']);
    for (const [name, least] of [['normal', 5], ['background', 2]] as const) {
      const got = own(name);
      expect(got.length, `${name}: ${got.join(' | ')}`).toBeGreaterThanOrEqual(least);
      expect(got).toEqual(got.map((_, i) => `${name}: progress ${i + 1}`));
    }
    // The spinners run between the periodic jobs, not only after them.
    const jobs = ownTimed('periodic');
    for (const name of ['normal', 'background']) {
      expect(ownTimed(name).some((l) => l.cycle > jobs[1].cycle && l.cycle < jobs[8].cycle), name).toBe(true);
    }
    // A 1 ms alarm period in cycles, from the RTC's ns-per-cycle (10 ns: 100 000 cycles).
    const { nsPerCycle } = new Machine().rtc;
    const PERIOD = Number((1_000_000n * nsPerCycle.den) / nsPerCycle.num);
    expect(PERIOD).toBe(100_000);
    // The longest single kernel entry: an alarm firing during one is taken when it ends.
    const { addressSpaceSwitch, ...kinds } = DEFAULT_COSTS;
    const ENTRY = Math.max(...Object.values(kinds)) + addressSpaceSwitch;

    // The alarm fired once per period, exactly PERIOD cycles apart (drift-free re-arming), and
    // the machine halted after job 10, before an 11th alarm.
    expect(r.alarms).toHaveLength(JOBS);
    for (let k = 1; k < JOBS; k++) expect(r.alarms[k] - r.alarms[k - 1]).toBe(PERIOD);

    // IRQ 11 only, from the RTC. One ack by the event loop at start-up, before any raise; then per
    // alarm: raise (cycle-exact, or as soon as the kernel entry it fired in ends) -> deliver to the
    // timer PD's notification (a signal that wakes the timer thread) -> ack by the timer PD.
    expect(r.irqs.every((e) => e.irq === 11)).toBe(true);
    expect(r.irqs[0]).toMatchObject({ phase: 'ack', thread: timer });
    expect(r.irqs[0].cycle).toBeLessThan(r.alarms[0]);
    const perIrq = r.irqs.slice(1);
    expect(perIrq.map((e) => e.phase)).toEqual(Array.from({ length: JOBS }, () => ['raise', 'deliver', 'ack']).flat());
    const interrupted = new Set<number | null>();
    for (let k = 0; k < JOBS; k++) {
      const [raise, deliver, ack] = perIrq.slice(3 * k, 3 * k + 3);
      expect(raise.cycle - r.alarms[k]).toBeGreaterThanOrEqual(0);
      expect(raise.cycle - r.alarms[k]).toBeLessThanOrEqual(ENTRY);
      interrupted.add(raise.thread);
      expect(deliver.cycle).toBe(raise.cycle);
      const wake = r.signals.find((s) => s.cycle === deliver.cycle && s.notification === deliver.notification);
      expect(wake, `no signal for IRQ delivery ${k + 1}`).toMatchObject({ sender: null, badge: '1', woke: timer });
      expect(ack.thread).toBe(timer);
      expect(ack.cycle).toBeGreaterThan(deliver.cycle);
      if (k + 1 < JOBS) expect(ack.cycle).toBeLessThan(r.alarms[k + 1]);
    }
    // The IRQ preempted both spinners (never the timer or periodic PD: they are done by then).
    expect([...interrupted].sort((a, b) => a! - b!)).toEqual([id.get('normal')!, id.get('background')!].sort((a, b) => a - b));

    // Each ack is followed by the timer's notification that releases the periodic PD.
    const releases = r.signals.filter((s) => s.sender === timer && s.woke === periodic);
    expect(releases).toHaveLength(JOBS);
    for (let k = 0; k < JOBS; k++) {
      expect(releases[k].cycle).toBeGreaterThan(perIrq[3 * k + 2].cycle);
      if (k + 1 < JOBS) expect(releases[k].cycle).toBeLessThan(r.alarms[k + 1]);
    }

    // The jobs follow the alarms: each report line comes a fixed latency after its alarm, give or
    // take the modelled cost of two kernel entries (the entry the alarm fired in, and a kernel
    // timer entry for a spinner's budget during the job), and well within the period.
    const jobAt = jobs.slice(0, JOBS).map((l) => l.cycle);
    const latency = jobAt.map((c, k) => c - r.alarms[k]);
    const base = Math.min(...latency);
    for (const l of latency) expect(l - base).toBeLessThanOrEqual(2 * ENTRY);
    expect(Math.max(...latency)).toBeLessThan(PERIOD / 2);
    for (let k = 1; k < JOBS; k++) expect(Math.abs(jobAt[k] - jobAt[k - 1] - PERIOD)).toBeLessThanOrEqual(2 * ENTRY);
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
    // rhythm of periods 2 -> 3 would have it (100 cycles per us). That rhythm is a period plus
    // the wait for the rest of a split budget (README: sliver refills, ≈ 1.5 ms).
    const at = (l: string): number => r.timed.find((t) => t.line === l)!.cycle;
    const rhythm = at('control: period 3 done') - at('control: period 2 done');
    expect(rhythm).toBeGreaterThanOrEqual(200_000);
    expect(rhythm).toBeLessThan(400_000);
    expect(at('control: period 4 done') - at('control: period 3 done')).toBeGreaterThan(rhythm + 240_000);
    // Yield charges a full budget per job, so job 8 starts at least 7 periods (2000 us) after job 1.
    expect(r.cycles).toBeGreaterThanOrEqual(7 * 200_000);
  });

  it('pid-control: a single-precision PID loop and a double-precision plant share the FPU, 1 kHz', () => {
    const r = runTwice('pid-control');
    const all = lines(r.output);
    const jobs = all.filter((l) => l.startsWith('controller: job '));
    expect(jobs.map((l) => l.split(' ')[2])).toEqual(['25', '50', '75', '100', '125', '150', '175', '200', '225', '250', '275', '300']);
    const y = jobs.map((l) => Number(/ y=(-?[\d.]+)/.exec(l)![1]));
    // The first step (setpoint 1 m) rises monotonically towards it, the second (0.25 m) comes back down.
    for (let i = 1; i < 6; i++) expect(y[i]).toBeGreaterThan(y[i - 1]!);
    expect(y[5]).toBeGreaterThan(0.85);
    expect(y[5]).toBeLessThan(1.0);
    expect(y[11]).toBeLessThan(0.3);
    // Every period the plant ran its ten substeps. The controller prints the count in its job 300,
    // before the plant (lower priority) has taken that job's notification: 299 × 10. (Debug output
    // costs the console, not a scheduler pass: the print no longer exhausts the controller's budget.)
    expect(all).toContain('controller: peak 0.906 m, plant steps 2990');
    // Released by the RTC once per millisecond (100 cycles per us): job 300 about 275 ms after job 25.
    const at = (n: number): number => r.timed.find((t) => t.line.startsWith(`controller: job ${n} `))!.cycle;
    expect(at(300) - at(25)).toBeGreaterThan(274 * 100_000);
    expect(at(300) - at(25)).toBeLessThan(276 * 100_000);
  });

  it('passive-shared: every client gets its replies from the one passive server, in request order', () => {
    const r = runTwice('passive-shared');
    const byName = new Map(r.threads.map((t) => [t.id, t.name]));
    const replies = (pd: string): string[] => [...r.printed].filter(([id]) => byName.get(id) === pd).flatMap(([, l]) => l.map((x) => x.line));
    // The reply is served * 100 + the caller's channel at the server (hi 0, mid 1, lo 2).
    for (const [pd, ch, n] of [['hi', 0, 5], ['mid', 1, 5], ['lo', 2, 4]] as const) {
      const got = replies(pd);
      expect(got.length).toBe(n + 1);
      expect(got[n]).toBe(`${pd}: done`);
      const served = got.slice(0, n).map((l) => { const m = /^\S+: reply (\d+) len 1$/.exec(l); expect(m, l).not.toBeNull(); return Number(m![1]); });
      for (const v of served) expect(v % 100).toBe(ch);
      for (let i = 1; i < n; i++) expect(served[i]).toBeGreaterThan(served[i - 1]!);
    }
    // 14 requests in all; the server is passive (no SC) at the end.
    const all = ['hi', 'mid', 'lo'].flatMap((pd) => replies(pd).filter((l) => l.includes('reply')).map((l) => Math.floor(Number(/reply (\d+)/.exec(l)![1]) / 100)));
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(r.threads.find((t) => t.name === 'server')!.sc).toBeNull();
  });

  it('eight-pds: 120-MR calls, a deferred notification, a fault, a PD stuck in init, merged signals', () => {
    const r = runTwice('eight-pds');
    expectInOrder(r.output, [
      'echo: 120 MRs, last 1119',
      'caller: 120 MRs back, sum 254280', // sum of 2 × (1000..1119)
      'echo: 120 MRs, last 2238',
      'caller: asked for 127 MRs, got 120', // seL4_MsgMaxLength
      'pinger: notified on 3, answering', // the deferred notify left with NBSendRecv
      'caller: notified on 1',
      'stranger: microkit_notify: invalid channel 5',
      'stranger: still running', // a Send on a null cap is an error without a fault
      'crasher: about to execute an illegal instruction',
      'MON|ERROR: faulting PD: crasher',
      'spinner: spinning forever',
      'ender: init',
      'ender: notified on 0', // both bits in one receive, lowest first
      'ender: notified on 1',
    ]);
    expect(r.output).toMatch(/MON\|ERROR: UserException: ip=0x[0-9a-f]+ {2}sp=0x[0-9a-f]+ {2}number=0x0+2 .*\(illegal instruction\)/);
    expect(r.output).not.toContain('crasher: not reached');
    expect(lines(r.output).filter((l) => l.startsWith('talker: line ')).length).toBe(24);
    const st = new Map(r.threads.map((t) => [t.name, t.state]));
    expect(st.get('crasher')).toBe('inactive'); // the monitor's next Recv cancels the unanswered fault reply
    expect(st.get('spinner')).not.toMatch(/^blocked/);
  });

  it('ppc-fault: C faults in a nested PPC; the monitor reports it, C stops on A\'s SC, A and B wait for ever', () => {
    const r = runTwice('ppc-fault');
    expectInOrder(r.output, [
      'A: calling B',
      'B: wrote the shared word, calling C',
      'C: read 0x00005ef4, writing to the read-only mapping', // B's write through its rw mapping
      'MON|ERROR: faulting PD: C',
      'MON|ERROR:    description: store/AMO access fault',
      'watchdog: A, B and C are stopped; halting',
    ]);
    expect(r.output).toMatch(/MON\|ERROR: VMFault: ip=0x[0-9a-f]+ {2}fault_addr=0x0000000030000000 {2}fsr=0x0000000000000007 {2}\(data fault\)/);
    for (const l of ['A: not reached', 'B: not reached', 'C: not reached']) expect(r.output).not.toContain(l);
    const t = new Map(r.threads.map((x) => [x.name, x]));
    expect(t.get('C')!.state).toBe('inactive');
    expect(t.get('B')!.state).toBe('blocked-reply');
    expect(t.get('A')!.state).toBe('blocked-reply');
    expect(t.get('A')!.sc).toBeNull(); // A's SC went with the calls, and stays with C
    expect(t.get('C')!.sc).not.toBeNull();
  });
});
