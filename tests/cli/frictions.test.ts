/**
 * What a new user ran into (issue 10), each checked the way they met it: through the CLI, the
 * TUI's frames, or a build script run from outside the checkout.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplaySession } from '../../replay/session.js';
import { Controller } from '../../tui/controller.js';
import { cpuPane, headerLine, kernelPane } from '../../tui/panes.js';
import { buildLanes } from '../../tui/lanes.js';
import { initialUiState } from '../../tui/state.js';
import { recordTrace, CLI, ROOT } from '../tui/helpers.js';
import { requireTool } from '../helpers/tools.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
const text = (l: { text: string }[]): string => l.map((s) => s.text).join('');
const NEEDS = { timelineCols: 60, disasmBefore: 2, disasmAfter: 4, eventRows: 40 };

describe('a new user\'s frictions', () => {
  let dm = '', csd = '';
  beforeAll(() => {
    dm = recordTrace('examples/deadline-miss/image.elf');
    csd = recordTrace('examples/client-server-driver/image.elf');
  });

  it('--at counts take suffixes like every other count (cycle 1M, 100M)', () => {
    const r = cli('replay', dm, '--at', 'cycle', '1M', '--print');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^cycle 1000000 /);
    const far = cli('replay', dm, '--at', 'cycle', '100M', '--print');
    expect(far.status).toBe(2);
    expect(far.stderr).toMatch(/cycle 100000000 is beyond the recording/);
  });

  it('PD symbols: <pd>:<name>, pd:<pd>:<name>, or a name only one PD has; hits only in that PD', () => {
    const a = cli('replay', csd, '--at', 'symbol', 'server:protected', '--print');
    const b = cli('replay', csd, '--at', 'symbol', 'pd:server:protected', '--print');
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout.split('\n')[0]).toMatch(/<server:protected>$/);
    expect(b.stdout).toBe(a.stdout);
    // A name several PDs define is ambiguous: say which ones.
    const amb = cli('replay', csd, '--at', 'symbol', 'init', '--print');
    expect(amb.status).toBe(2);
    expect(amb.stderr).toMatch(/symbol 'init' is in several PDs: .*client:init.*name one as <pd>:init/);
    // PDs share link addresses: deadline-miss's server never runs protected(), though other
    // PDs run code at that address. That is not a hit.
    const r = ReplaySession.open(dm);
    const addr = r.symbolAddress('server:protected')!;
    expect(r.findPcHit(addr, -1, 'next')).toBeDefined();
    r.close();
    const never = cli('replay', dm, '--at', 'symbol', 'server:protected', '--print');
    expect(never.status).toBe(2);
    expect(never.stderr).toMatch(/symbol 'server:protected' \(0x[0-9a-f]+\) is never executed in this recording/);
  });

  it('gdb --write-elfs naming a file is one line, exit 2 (was an internal error, exit 70: EEXIST)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seltrace-we-')), 'taken');
    writeFileSync(file, 'x');
    const r = spawnSync(process.execPath, [CLI, 'gdb', dm, '--stdio', '--write-elfs', file], { cwd: ROOT, encoding: 'utf8', input: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`seltrace: --write-elfs: ${file} is a file; give a directory for the PDs' ELFs\n`);
  });

  it('record -o under a file is one line, exit 2 (was an internal error, exit 70: EEXIST from mkdir)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seltrace-ro-')), 'taken');
    writeFileSync(file, 'x');
    const r = cli('record', 'examples/hello/image.elf', '-o', join(file, 'rec'), '-q');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`seltrace: -o: cannot create directory ${file} for the trace: a file is in the way (not a directory)\n`);
  });

  it('export -o into a directory or under a file says why in words (was the errno code: "(EISDIR)")', () => {
    const d = mkdtempSync(join(tmpdir(), 'seltrace-eo-'));
    const intoDir = cli('export', dm, '-o', d);
    expect(intoDir.status).toBe(2);
    expect(intoDir.stderr).toBe(`seltrace: export: cannot write ${d}: is a directory\n`);
    writeFileSync(join(d, 'f'), 'x');
    const underFile = cli('export', dm, '-o', join(d, 'f', 'x.json'));
    expect(underFile.stderr).toBe(`seltrace: export: cannot write ${join(d, 'f', 'x.json')}: a file is in the way (not a directory)\n`);
  });

  it('events --from after --to is an error (exit 2), not an empty listing', () => {
    const r = cli('events', dm, '--from', '500000', '--to', '100');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('seltrace: events: --from 500000 is after --to 100\n');
  });

  it('events --thread takes a thread name; an unknown thread is an error (exit 2), not silence', () => {
    const info = cli('info', dm, '--json');
    const threads = (JSON.parse(info.stdout) as { threads: { id: number; name: string }[] }).threads;
    const server = threads.find((t) => t.name === 'server')!;
    const byName = cli('events', dm, '--thread', 'server');
    const byId = cli('events', dm, '--thread', String(server.id));
    expect(byName.status).toBe(0);
    expect(byName.stdout.split('\n').length).toBeGreaterThan(10);
    expect(byName.stdout).toBe(byId.stdout);
    for (const bad of ['sensor', '9999']) {
      const r = cli('events', dm, '--thread', bad);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe(`seltrace: --thread: no thread '${bad}'; threads: ${threads.map((t) => `${t.name} (${t.id})`).join(', ')}`);
    }
  });

  it('-o DIR/ (or an existing directory) records DIR/<image name>.strace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-o-'));
    const r = cli('record', 'examples/hello/image.elf', '-o', `${dir}/tr/`, '-q');
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'tr')).sort()).toEqual(['hello.strace', 'hello.strace.db']);
    const r2 = cli('record', 'tests/cli/bin/timer.elf', '-o', join(dir, 'tr'), '-q');
    expect(r2.status, r2.stderr).toBe(0);
    expect(existsSync(join(dir, 'tr', 'timer.strace'))).toBe(true);
  });

  it('badges print in hex, as the kernel pane shows them', () => {
    const r = cli('events', dm, '--kind', 'signal,ipc,capop');
    expect(r.stdout).toMatch(/badge 0x[0-9a-f]+/);
    expect(r.stdout).not.toMatch(/badge (?!0x)\d/);
  });

  it('the TUI event pane names objects like the CLI (scheduling contexts too)', () => {
    const r = ReplaySession.open(dm);
    const budget = r.events({ kind: 'budget' })[0];
    expect(budget).toBeDefined();
    r.gotoEvent(budget);
    const f = new Controller(r).frame(initialUiState(), NEEDS);
    const line = f.events.find((e) => e.id === budget.id)!;
    expect(line.text).toMatch(/^sc [a-z][\w-]*-sc /);
    expect(line.text).not.toMatch(/#\d/);
    const listed = cli('events', dm, '--kind', 'budget', '--limit', '1');
    expect(listed.stdout).toContain(line.text);
    r.close();
  });

  it('when no thread runs, the CPU header says idle instead of showing a PD\'s pc', () => {
    const r = ReplaySession.open(dm);
    const toIdle = r.events({ kind: 'schedule' }).find((e) => e.event.kind === 'schedule' && e.event.to === null)!;
    r.gotoEvent(toIdle);
    r.runForward(toIdle.cycle + 1);
    expect(r.kernelView()!.current).toBeNull();
    const c = new Controller(r);
    const f = c.frame(initialUiState(), NEEDS);
    expect(f.idle).toBe(true);
    expect(text(cpuPane(f, initialUiState(), 100, 10).title)).toContain('idle: no thread runs');
    expect(text(cpuPane(f, initialUiState(), 100, 10).title)).not.toMatch(/ pc [0-9a-f]+ </);
    expect(text(headerLine(f, 120))).toContain(' idle');
    expect(text(kernelPane(f, initialUiState(), 100, 10).title)).toContain('threads  idle');
    r.close();
  });

  it('timeline lanes stop at the end of the recording', () => {
    const threads = [{ id: 1, name: 'a' }];
    const sw = { id: 0, cycle: 0, instret: 0, kind: 'schedule' as const, thread: null, object: null, event: { kind: 'schedule' as const, cycle: 0, instret: 0, from: null, to: 1, reason: 'boot' as const } };
    const lanes = buildLanes({ from: 0, cpc: 10, cols: 8, threads, initial: [sw], events: [], end: 35 });
    expect(lanes[0].cells.map((c) => c.ch).join('')).toBe('████    ');
    const bare = buildLanes({ from: 0, cpc: 10, cols: 8, threads: [], initial: [], events: [], end: 35 });
    expect(bare[0].cells.map((c) => c.ch).join('')).toBe('────    ');
    // On a real recording zoomed out past its end.
    const r = ReplaySession.open(dm);
    r.seek(r.endCycle);
    const ui = { ...initialUiState(), zoom: null };
    const f = new Controller(r).frame(ui, { ...NEEDS, timelineCols: 40 });
    const lastCol = Math.floor((r.endCycle - f.timeline.from) / f.timeline.cyclesPerCol);
    for (const lane of f.timeline.lanes) expect(lane.cells.slice(lastCol + 1).every((c) => c.ch === ' '), lane.label).toBe(true);
    r.close();
  });

  it('a passive server shows the scheduling context it runs on (its caller\'s)', () => {
    const r = ReplaySession.open(csd);
    const at = cli('replay', csd, '--at', 'symbol', 'server:protected', '--json');
    const v = JSON.parse(at.stdout) as { cycle: number; kernel: { current: number; threads: { id: number; name: string; scName: string | null }[] } };
    const server = v.kernel.threads.find((t) => t.name === 'server')!;
    expect(v.kernel.current).toBe(server.id);
    expect(server.scName).toBe('client-sc');
    r.seek(v.cycle);
    const f = new Controller(r).frame(initialUiState(), NEEDS);
    const pane = kernelPane(f, initialUiState(), 120, 12).body.map(text).join('\n');
    expect(pane).toMatch(/\*.server +p150 running +sc client-sc/);
    r.close();
  });

  it('no references to commands that do not exist', () => {
    const help = cli('--help').stdout;
    const commands = new Set([...help.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]));
    expect(commands.has('record')).toBe(true);
    const docs = ['README.md', 'tracer/index-db.ts', 'sdk/README.md', 'examples/README.md', 'sdk/pd.sh'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const m of docs.matchAll(/`seltrace (\w+)/g)) expect(commands, `\`seltrace ${m[1]}\``).toContain(m[1]);
  });
});

describe('the Quick start as typed', () => {
  it('npm ci builds the bin npm link puts on PATH; the README\'s seltrace commands then run', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.scripts.prepare).toMatch(/^tsc .*&& node scripts\/bundle-threads\.mjs$/); // npm ci and npm link build dist/ and the threads' bundles
    const bin = join(ROOT, pkg.bin.seltrace);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quick = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(quick).toMatch(/^npm ci && npm link /m);
    expect(quick.trim().split('\n')).toHaveLength(2); // one runs the main job, one the tests
    // What npm link makes: `seltrace` on PATH pointing at the bin. Run the README's lines as typed.
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-quick-'));
    mkdirSync(join(dir, 'bin'));
    chmodSync(bin, 0o755); // npm link marks the bin executable
    symlinkSync(bin, join(dir, 'bin', 'seltrace'));
    symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
    const lines = quick.split('\n').flatMap((l) => l.replace(/\s+#.*$/, '').split(' && ')).filter((l) => l.startsWith('seltrace '));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) {
      const cmd = l.replace(/\s+#.*$/, '');
      const r = spawnSync('sh', ['-c', `${cmd} < /dev/null | cat`], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` } });
      expect(r.status, `${cmd}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/not found|seltrace: /);
    }
    expect(existsSync(join(dir, 'traces', 'deadline-miss.strace'))).toBe(true);
  });
});

describe('the SDK from any directory', () => {
  const have = requireTool('riscv64-unknown-elf-gcc', spawnSync('riscv64-unknown-elf-gcc', ['--version']).status === 0);
  it.skipIf(!have)('builds and packs a system outside the checkout with SELTRACE_SDK=$(seltrace sdk)', () => {
    const sdk = cli('sdk');
    expect(sdk.status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'seltrace-sdk-'));
    mkdirSync(join(dir, 'sys'));
    copyFileSync(join(ROOT, 'examples/hello/hello.c'), join(dir, 'sys/hello.c'));
    copyFileSync(join(ROOT, 'examples/hello/hello.system'), join(dir, 'sys/hello.system'));
    writeFileSync(join(dir, 'sys/build.sh'), 'set -eu\n. "$SELTRACE_SDK/pd.sh"\nPD_INCLUDES="-I$EXAMPLE_INCLUDE"\nbuild_pd hello hello.c\npack_system hello.system\n');
    const b = spawnSync('sh', ['build.sh'], {
      cwd: join(dir, 'sys'), encoding: 'utf8',
      env: { ...process.env, SELTRACE_SDK: sdk.stdout.trim(), EXAMPLE_INCLUDE: join(ROOT, 'examples/include') },
    });
    expect(b.status, b.stderr).toBe(0);
    const run = cli('run', join(dir, 'sys/image.elf'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/hello/i);
  });
});
