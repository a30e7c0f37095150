/**
 * The real gdb-multiarch, in batch mode, against `seltrace gdb` over --stdio and --port, on a
 * bare program with debug info and on a packed system (two PDs at the same addresses).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { requireTool } from '../helpers/tools.js';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { recordElf } from '../helpers/record.js';
import { RecordingTarget } from '../../replay/gdb/target.js';

const CLI = resolve('dist/src/cli.js');
const GDB = 'gdb-multiarch';
const HAVE_GDB = requireTool(GDB, spawnSync('sh', ['-c', `command -v ${GDB}`]).status === 0);
const ELF = resolve('tests/gdb/bin/counter.elf');

let dir = '';
/** Run gdb in batch mode with these commands; returns everything it printed. */
function gdb(lines: string[], elf?: string): { out: string; status: number | null } {
  const script = join(dir, `s${Math.random().toString(36).slice(2)}.gdb`);
  // Sources by the checkout's path: the ELFs are built with relative debug paths (build.sh).
  writeFileSync(script, ['set pagination off', 'set confirm off', 'set architecture riscv:rv64', `directory ${resolve('tests/gdb')}`, ...lines].join('\n') + '\n');
  const r = spawnSync(GDB, ['-nx', '-q', '-batch', '-x', script, ...(elf !== undefined ? [elf] : [])], { encoding: 'utf8', timeout: 90_000 });
  return { out: r.stdout + r.stderr, status: r.status };
}
const stdio = (trace: string, extra = ''): string => `target remote | node ${CLI} gdb --stdio ${trace}${extra}`;

/** Text after the line matching `marker` (so assertions see what one command printed). */
function after(out: string, marker: string): string {
  const i = out.indexOf(marker);
  expect(i, `'${marker}' in gdb output:\n${out}`).toBeGreaterThanOrEqual(0);
  return out.slice(i + marker.length);
}

describe.skipIf(!HAVE_GDB)('gdb-multiarch on a bare recording', () => {
  let trace = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seltrace-gdb-'));
    trace = join(dir, 'counter.strace');
    recordElf(ELF, trace, 100);
  });

  it('break + continue, info threads, and continuing past the end reports the end', () => {
    const { out, status } = gdb([stdio(trace), 'break add', 'continue', 'continue', 'info threads', 'delete', 'continue', 'echo DONE\\n'], ELF);
    expect(status).toBe(0);
    expect(out).toMatch(/Breakpoint 1, add \(v=1\) at .*counter\.c:14/);
    expect(out).toMatch(/Breakpoint 1, add \(v=4\) at .*counter\.c:14/);
    expect(out).toMatch(/\* 1\s+Thread 1 "img\.elf"/);
    expect(after(out, 'add (v=4)')).toContain('No more reverse-execution history.');
    expect(out).toContain('DONE');
  });

  it('watch + reverse-continue stops at the last write, with the value before it', () => {
    const { out } = gdb([stdio(trace), 'continue', 'watch total', 'echo MARK1\\n', 'reverse-continue', 'p $pc', 'echo MARK2\\n', 'reverse-continue'], ELF);
    const first = after(out, 'MARK1');
    expect(first).toMatch(/Old value = 1000\s+New value = 55/);
    expect(first).toMatch(/main \(\) at .*counter\.c:29\s+29\s+total = 1000; \/\* LAST_WRITE \*\//);
    const second = after(out, 'MARK2');
    expect(second).toMatch(/Old value = 55\s+New value = 30/);
    expect(second).toMatch(/add \(v=25\) at .*counter\.c:14/);
  });

  it('breakpoint + reverse-continue goes to the previous hit', () => {
    const { out } = gdb([stdio(trace), 'continue', 'break add', 'echo MARK\\n', 'reverse-continue', 'reverse-continue', 'p v'], ELF);
    const rest = after(out, 'MARK');
    expect(rest).toMatch(/Breakpoint 1, add \(v=25\)[\s\S]*Breakpoint 1, add \(v=16\)/);
    expect(rest).toMatch(/\$1 = 16/);
  });

  it('reverse-stepi and reverse-next walk back through the source', () => {
    const { out } = gdb([stdio(trace), 'break counter.c:27', 'continue', 'continue', 'p i', 'echo MARK\\n', 'reverse-next', 'reverse-next', 'p/x $pc', 'reverse-stepi', 'p/x $pc', 'stepi', 'p/x $pc'], ELF);
    const rest = after(out, 'MARK');
    expect(out).toMatch(/\$1 = 2/);
    expect(rest).toMatch(/^\s*26\s+add\(s\);/m);
    expect(rest).toMatch(/^\s*25\s+long s = square\(i\);/m);
    const pcs = [...rest.matchAll(/\$\d+ = (0x[0-9a-f]+)/g)].map((m) => Number(m[1]));
    expect(pcs).toHaveLength(3);
    // Line 25 is entered from the loop test at the bottom of the loop: one instruction back is there.
    expect(pcs[1]).not.toBe(pcs[0]);
    expect(pcs[2]).toBe(pcs[0]); // and stepi comes forward to the same place
  });

  it('monitor cycle N moves there (and monitor where says so)', () => {
    const t = RecordingTarget.open(trace);
    t.seekCycle(150);
    const pc = t.pc;
    t.close();
    const { out } = gdb([stdio(trace), 'monitor cycle 150', 'maint flush register-cache', 'p/x $pc', 'monitor where', 'monitor cycle 99999999'], ELF);
    expect(out).toContain('at cycle 150');
    expect(out).toContain(`$1 = 0x${pc.toString(16)}`);
    expect(out).toMatch(/cycle 150 of \d+, instret 150, thread 1/);
    expect(out).toMatch(/past the end of the recording/);
  });

  it('serves --port: prints the gdb command, takes one client after another, exits 0 on SIGTERM', async () => {
    const server: ChildProcess = spawn('node', [CLI, 'gdb', trace, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const banner = await new Promise<string>((res, rej) => {
        let s = '';
        server.stdout!.on('data', (b: Buffer) => { s += b.toString(); if (s.includes("target remote")) res(s); });
        server.on('exit', () => rej(new Error(`server exited: ${s}`)));
      });
      const m = /gdb-multiarch -q -ex 'set architecture riscv:rv64' -ex 'target remote :(\d+)'/.exec(banner);
      expect(m, banner).not.toBeNull();
      const port = m![1];
      for (let round = 0; round < 2; round++) {
        const { out } = await new Promise<{ out: string }>((res) => {
          const script = join(dir, `port${round}.gdb`);
          writeFileSync(script, ['set pagination off', 'set architecture riscv:rv64', `target remote :${port}`, 'break add', 'continue', 'detach'].join('\n') + '\n');
          const g = spawn(GDB, ['-nx', '-q', '-batch', '-x', script, ELF]);
          let o = '';
          g.stdout.on('data', (b: Buffer) => { o += b.toString(); });
          g.stderr.on('data', (b: Buffer) => { o += b.toString(); });
          g.on('exit', () => res({ out: o }));
        });
        expect(out).toMatch(/Breakpoint 1, add \(v=1\)/);
      }
      const code = await new Promise<number | null>((res) => { server.on('exit', (c) => res(c)); server.kill('SIGTERM'); });
      expect(code).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });

  it('`seltrace gdb image.elf` records into traces/ first, then serves', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'seltrace-gdb-rec-'));
    const script = join(cwd, 's.gdb');
    writeFileSync(script, ['set architecture riscv:rv64', `target remote | node ${CLI} gdb --stdio ${ELF}`, 'break square', 'continue', 'p x'].join('\n') + '\n');
    const r = spawnSync(GDB, ['-nx', '-q', '-batch', '-x', script, ELF], { cwd, encoding: 'utf8', timeout: 90_000 });
    expect(r.stdout + r.stderr).toMatch(/\$1 = 1/);
    expect(existsSync(join(cwd, 'traces', 'counter.strace'))).toBe(true);
  });

  it('records an S-mode image behind OpenSBI first (--bios default): the trap handler, scause, reverse-stepi', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'seltrace-gdb-bios-'));
    const sbi = resolve('tests/programs/sbi/bin/sbi.elf');
    const script = join(cwd, 's.gdb');
    writeFileSync(script, [`target remote | node ${CLI} gdb --stdio --bios default ${sbi}`, 'info registers pc', 'break trap', 'continue',
      'print/x $scause', 'reverse-stepi', 'info registers pc'].join('\n') + '\n');
    const r = spawnSync(GDB, ['-nx', '-q', '-batch', '-x', script, sbi], { cwd, encoding: 'utf8', timeout: 90_000 });
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/pc\s+0x80000000\s/); // OpenSBI's first instruction
    expect(out).toMatch(/Breakpoint 1, 0x[0-9a-f]+ in trap \(\)/);
    expect(out).toMatch(/\$1 = 0x8000000000000005/); // supervisor timer interrupt
    expect(out).toMatch(/pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <trap_entry\+\d+>/);
  });
});

describe.skipIf(!HAVE_GDB)('gdb-multiarch on a system recording', () => {
  let trace = '';
  let elfs = '';
  let server: ChildProcess | null = null;
  let port = '';
  beforeAll(async () => {
    dir ||= mkdtempSync(join(tmpdir(), 'seltrace-gdb-'));
    trace = join(dir, 'pc.strace');
    elfs = join(dir, 'elfs');
    const r = spawnSync('node', [CLI, 'record', 'examples/producer-consumer/image.elf', '-o', join(dir, 'pc'), '-q'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    server = spawn('node', [CLI, 'gdb', trace, '--port', '0', '--write-elfs', elfs], { stdio: ['ignore', 'pipe', 'pipe'] });
    port = await new Promise<string>((res, rej) => {
      let s = '';
      server!.stdout!.on('data', (b: Buffer) => { s += b.toString(); const m = /target remote :(\d+)/.exec(s); if (m) res(m[1]); });
      server!.on('exit', () => rej(new Error(`server exited: ${s}`)));
    });
  });
  afterAll(() => { server?.kill('SIGTERM'); });

  it('info threads lists the PDs; a PD ELF from --write-elfs gives symbols; break + continue switches thread', () => {
    const { out } = gdb([`target remote :${port}`, 'info threads', `symbol-file ${elfs}/consumer.elf`, 'break notified', 'continue', 'info threads', 'bt 1', 'detach']);
    expect(out).toMatch(/Thread 3 "producer"/);
    expect(out).toMatch(/Thread 16 "consumer"/);
    expect(out).toMatch(/Thread \d+ "consumer" hit Breakpoint 1, notified \(ch=/);
    expect(out).toMatch(/\* 2\s+Thread 16 "consumer" \(running\)\s+notified/);
    // The producer's frame comes from its saved context (it is blocked, not on the hart).
    expect(out).toMatch(/1\s+Thread 3 "producer" \(blocked-notification\)\s+main \(\) at/);
  });

  it('watch + reverse-continue in a PD, reverse-stepi, monitor next syscall', () => {
    const { out } = gdb([`target remote | node ${CLI} gdb --stdio ${trace}`, `symbol-file ${elfs}/consumer.elf`, 'break notified', 'continue', 'delete',
      'watch checksum', 'continue', 'continue', 'echo MARK\\n', 'reverse-continue', 'p checksum', 'reverse-stepi', 'monitor next syscall', 'monitor where']);
    expect(out).toMatch(/Old value = 0\s+New value = 1\b/);
    expect(out).toMatch(/Old value = 1\s+New value = 42/);
    const rest = after(out, 'MARK');
    expect(rest).toMatch(/Old value = 42\s+New value = 1\b/);
    expect(rest).toMatch(/checksum = checksum \* 31 \+ v;/);
    expect(rest).toMatch(/\$1 = 1\b/);
    expect(rest).toMatch(/at event #\d+ syscall \(cycle \d+\)/);
    expect(rest).toMatch(/thread 16 \(consumer\)/);
  });

  it('break ... thread N where several PDs run code at that address: forward and reverse stop only in that thread', () => {
    // passive-shared: hi, mid and lo are one client program (put_dec at the same address in
    // each), and the server has other code there. Plain breakpoints fire in all of them; gdb
    // evaluates `thread N` itself, so the stub must report the thread each hit is in.
    const ps = join(dir, 'ps');
    expect(spawnSync('node', [CLI, 'record', 'examples/passive-shared/image.elf', '-o', ps, '-q'], { encoding: 'utf8' }).status).toBe(0);
    const { out } = gdb([`target remote | node ${CLI} gdb --stdio ${ps}.strace --write-elfs ${join(dir, 'ps-elfs')}`, `symbol-file ${join(dir, 'ps-elfs', 'lo.elf')}`,
      'break put_dec thread 4', 'continue', 'p $_thread', 'continue', 'p $_thread', 'echo MARK\\n', 'reverse-continue', 'p $_thread', 'info threads']);
    const hits = [...out.matchAll(/Thread (\d+) "(\w+)" hit Breakpoint 1/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(hits).toEqual(['4 lo', '4 lo', '4 lo']);
    expect([...out.matchAll(/\$\d+ = (\d+)/g)].map((m) => m[1])).toEqual(['4', '4', '4']);
    expect(after(out, 'MARK')).toMatch(/\* 4\s+Thread 40 "lo" \(running\)\s+(0x[0-9a-f]+ in )?put_dec/);

    // `monitor pd mid`: plain breakpoints stop only in mid, both ways (without it the first
    // hit is the server's unrelated code at put_dec's address, named put_dec by gdb).
    const pd = gdb([`target remote | node ${CLI} gdb --stdio ${ps}.strace`, `symbol-file ${join(dir, 'ps-elfs', 'mid.elf')}`,
      'monitor pd nosuch', 'monitor pd mid', 'break put_dec', 'continue', 'continue', 'continue', 'reverse-continue', 'reverse-continue',
      'monitor pd all', 'echo MARK\\n', 'monitor pd', 'continue']).out;
    expect(pd).toContain("monitor pd: no PD 'nosuch' (PDs: server, hi, mid, lo)");
    const mid = [...pd.slice(0, pd.indexOf('MARK')).matchAll(/Thread (\d+) "(\w+)" hit Breakpoint 1/g)].map((m) => m[2]);
    expect(mid).toEqual(['mid', 'mid', 'mid', 'mid', 'mid']);
    const rest = after(pd, 'MARK');
    expect(rest).toContain('breakpoints stop in every PD');
    expect(rest).toMatch(/Thread \d+ "(server|hi|lo)" hit Breakpoint 1/);
  });

  it('a PD fault stops continue as a signal at the faulting instruction, both ways (ppc-fault: C writes a read-only page)', () => {
    const pf = join(dir, 'pf');
    expect(spawnSync('node', [CLI, 'record', 'examples/ppc-fault/image.elf', '-o', pf, '-q'], { encoding: 'utf8' }).status).toBe(0);
    const ev = spawnSync('node', [CLI, 'events', `${pf}.strace`, '--kind', 'fault', '--json'], { encoding: 'utf8' });
    const faults = JSON.parse(ev.stdout) as { pc: number }[];
    expect(faults).toHaveLength(1);
    const { out } = gdb([`target remote | node ${CLI} gdb --stdio ${pf}.strace --write-elfs ${join(dir, 'pf-elfs')}`, `symbol-file ${join(dir, 'pf-elfs', 'C.elf')}`,
      'continue', 'p/x $pc', 'p $_thread', 'echo MARK1\\n', 'continue', 'echo MARK2\\n', 'reverse-continue', 'p/x $pc']);
    // Was: continue ran to the end of the recording past the fault without a word.
    const first = out.slice(0, out.indexOf('MARK1'));
    expect(first).toMatch(/Thread 1 "C" received signal SIGSEGV, Segmentation fault\./);
    expect(first).toContain(`$1 = 0x${faults[0].pc.toString(16)}`);
    expect(first).toMatch(/\$2 = 1\b/);
    expect(after(out, 'MARK1')).toContain('No more reverse-execution history.');
    const back = after(out, 'MARK2');
    expect(back).toMatch(/received signal SIGSEGV/);
    expect(back).toContain(`= 0x${faults[0].pc.toString(16)}`);
  });

  it('a watchpoint on a shared region set in the reader stops at each write by a PD that maps it elsewhere (tests/systems/pipeline)', () => {
    // filter writes `out` at 0x4100000, actuator reads it at 0x5000000: filter does not map 0x5000000.
    const pp = join(dir, 'pipe');
    expect(spawnSync('node', [CLI, 'record', 'tests/systems/pipeline/image.elf', '-o', pp, '-q'], { encoding: 'utf8' }).status).toBe(0);
    const { out } = gdb([`target remote | node ${CLI} gdb --stdio ${pp}.strace --write-elfs ${join(dir, 'pipe-elfs')}`, `symbol-file ${join(dir, 'pipe-elfs', 'actuator.elf')}`,
      'thread 5', 'watch *(long*)0x5000000', 'continue', 'continue', 'echo MARK\\n', 'reverse-continue', 'p *(long*)0x5000000']);
    // Was: "New value = <unreadable>" (read through filter), then no further stop: gdb took the
    // value for unchanged, and the re-inserted watch translated 0x5000000 in filter's space.
    expect(out).toMatch(/Thread 4 "filter" hit Hardware watchpoint 1: \*\(long\*\)0x5000000\s+Old value = 0\s+New value = 1500/);
    expect(out).toMatch(/Thread 4 "filter" hit Hardware watchpoint 1: \*\(long\*\)0x5000000\s+Old value = 1500\s+New value = 1693/);
    const back = after(out, 'MARK');
    expect(back).toMatch(/Old value = 1693\s+New value = 1500/);
    expect(back).toMatch(/\$\d+ = 1500/);
  });

  it('stepi / reverse-stepi of a thread across its blocking syscall stay in that thread (tests/systems/pipeline: sensor)', () => {
    const pp = join(dir, 'pipe-step');
    expect(spawnSync('node', [CLI, 'record', 'tests/systems/pipeline/image.elf', '-o', pp, '-q'], { encoding: 'utf8' }).status).toBe(0);
    const { out } = gdb([`target remote | node ${CLI} gdb --stdio ${pp}.strace --write-elfs ${join(dir, 'pipe-step-elfs')}`, `symbol-file ${join(dir, 'pipe-step-elfs', 'sensor.elf')}`,
      'monitor cycle 500000', 'maint flush register-cache', 'thread 3', 'echo MARK\\n', 'stepi', 'reverse-stepi', 'reverse-stepi', 'p $_thread', 'p/x $pc', 'stepi', 'stepi', 'p $_thread', 'p/x $pc', 'monitor where']);
    const rest = after(out, 'MARK');
    // Was: the second reverse-stepi landed in the timer (the instruction before sensor's switch-in),
    // reported as "Thread 1 "timer" received signal SIGTRAP".
    expect(rest).not.toContain('received signal');
    expect(rest).not.toContain('Switching to');
    const vals = [...rest.matchAll(/\$\d+ = (\S+)/g)].map((m) => m[1]);
    expect(vals[0]).toBe('3');
    expect(vals[2]).toBe('3');
    // Back over the Recv to the instruction before its ecall, then forward over the ecall: sensor
    // is next on the hart after its wake-up, at the instruction after the ecall.
    expect(Number(vals[3])).toBe(Number(vals[1]) + 6);
    expect(rest).toMatch(/thread 29 \(sensor\)/);
  });

  it('floating-point registers: a float argument of a PD function is in fa0', () => {
    const pid = join(dir, 'pid');
    expect(spawnSync('node', [CLI, 'record', 'examples/pid-control/image.elf', '-o', pid, '-q'], { encoding: 'utf8' }).status).toBe(0);
    const { out } = gdb([`target remote | node ${CLI} gdb --stdio ${pid}.strace --write-elfs ${join(dir, 'pid-elfs')}`, `symbol-file ${join(dir, 'pid-elfs', 'controller.elf')}`,
      'thread 2', 'break put_milli thread 2', 'continue', 'echo MARK\\n', 'p v', 'p $fa0.float', 'info registers fcsr']);
    expect(out).toMatch(/Thread 2 "controller" hit Breakpoint 1, put_milli \(v=v@entry=([0-9.]+)\)/);
    const v = /put_milli \(v=v@entry=([0-9.]+)\)/.exec(out)![1];
    const rest = after(out, 'MARK');
    expect(rest).toContain(`$1 = ${v}`);
    expect(rest).toContain(`$2 = ${v}`);
    expect(rest).toMatch(/fcsr\s+0x[0-9a-f]+\s+NV:/);
  });
});
