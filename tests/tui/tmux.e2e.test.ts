/**
 * The real CLI in a real terminal: `seltrace replay <trace> --at cycle N` inside tmux, driven
 * with send-keys and read with capture-pane. Needs dist/ built (npm test's pretest does it).
 *
 * To add a recording: put its image in CASES (bare) or KERNEL_IMAGES (systems with threads);
 * recordTrace() records it with the CLI and returns the trace path.
 */
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplaySession } from '../../replay/session.js';
import { recordTrace, CLI, ROOT, BENCH_SMALL, ISA_ECALL } from './helpers.js';
import { TmuxSession, tmuxPath } from './tmux.js';

const TMUX = tmuxPath();
/** Packed system images to scrub through once the kernel model runs them. */
const KERNEL_IMAGES = ['examples/client-server-driver/image.elf', 'examples/producer-consumer/image.elf', 'examples/hello/image.elf'];

const sessions: TmuxSession[] = [];
function terminal(cols = 120, rows = 40, env: Record<string, string> = {}): TmuxSession {
  const t = new TmuxSession(cols, rows, env);
  sessions.push(t);
  return t;
}

/**
 * Start the CLI in the session's shell. The shell line records the tty settings before and
 * after and the exit status, so tests can check the terminal was given back intact.
 */
function launch(t: TmuxSession, trace: string, at: string): { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'seltrace-tmux-'));
  t.type(`cd ${ROOT}; stty -g > ${dir}/before; node ${CLI} replay ${trace} --at ${at}; echo "seltrace-exit=$?"; stty -g > ${dir}/after`);
  return { dir };
}

/** Quit with `key` and check the terminal is back: normal screen, cursor shown, tty settings. */
async function quitAndCheck(t: TmuxSession, dir: string, key: string): Promise<void> {
  t.keys(key);
  const pane = await t.waitFor((p) => /seltrace-exit=\d+/.test(p), 'the process to exit');
  expect(pane).toContain('seltrace-exit=0');
  expect(pane).not.toContain('Timeline'); // back on the normal screen
  expect(t.display('#{alternate_on}')).toBe('0');
  expect(t.display('#{cursor_flag}')).toBe('1');
  await t.waitFor(() => existsSync(`${dir}/after`) && readFileSync(`${dir}/after`, 'utf8') !== '', 'stty after');
  expect(readFileSync(`${dir}/after`, 'utf8')).toBe(readFileSync(`${dir}/before`, 'utf8'));
  expect(t.display('#{pane_current_command}')).toMatch(/sh$/);
}

const line = (pane: string, s: string): string => pane.split('\n').find((l) => l.includes(s)) ?? '';
const COLOUR_SGR = /\u001b\[[0-9;]*(3[0-7]|9[0-7]|38;5;\d+)[;m]/;

describe.skipIf(TMUX === null)(TMUX === null ? 'TUI in tmux (skipped: tmux is not on PATH)' : 'TUI in tmux', () => {
  let bench = '';
  beforeAll(() => { bench = recordTrace(BENCH_SMALL); });
  afterEach(() => { while (sessions.length) sessions.pop()!.kill(); });

  it('opens at a cycle, steps back and forward, jumps between events, help, quits restoring the terminal', async () => {
    const t = terminal();
    const { dir } = launch(t, bench, 'cycle 120000');
    let p = await t.waitFor((x) => x.includes('cycle 120,000/5,077,100'), 'the first frame');
    expect(t.display('#{alternate_on}')).toBe('1');
    expect(line(p, '=>')).toMatch(/=>\s+80000c0c mulw a2,a2,t0/);
    expect(p).toContain(' a2 fffffffffffffc58');
    for (const title of ['1 Timeline', '2 CPU', '4 Events', '5 Console']) expect(p).toContain(title);
    // Colour is on (TERM=screen in tmux) ...
    expect(t.capture(true)).toMatch(COLOUR_SGR);

    t.keys('Left');
    p = await t.waitFor((x) => x.includes('cycle 119,999/'), 'step back');
    expect(line(p, '=>')).toMatch(/80000c0a c\.addi a7,4/);
    expect(p).toContain('* a7 0000000080002f8c');
    t.keys('Right');
    p = await t.waitFor((x) => x.includes('cycle 120,000/'), 'step forward');

    t.keys('n');
    p = await t.waitFor((x) => x.includes('cycle 5,076,798/'), 'next event');
    expect(p).toMatch(/>#30 +5076798 uart/);
    t.keys('N');
    p = await t.waitFor((x) => x.includes('cycle 5,048/'), 'previous event');
    expect(p).toMatch(/>#29 +5048 uart/);

    t.keys('?');
    p = await t.waitFor((x) => x.includes('Keys'), 'help');
    expect(p).toContain('next / previous context switch');
    t.keys('Escape');
    await t.waitFor((x) => !x.includes('Keys') && x.includes('2 CPU'), 'help closed');

    await quitAndCheck(t, dir, 'Q');
  });

  it('NO_COLOR: no colour escapes, the same content', async () => {
    const t = terminal(120, 40, { NO_COLOR: '1' });
    const { dir } = launch(t, bench, 'cycle 120000');
    await t.waitFor((x) => x.includes('cycle 120,000/'), 'the first frame');
    const raw = t.capture(true);
    expect(raw).not.toMatch(COLOUR_SGR);
    expect(raw).toContain('mulw a2,a2,t0');
    await quitAndCheck(t, dir, 'q');
  });

  it('follows resizes: 120×40 → 80×24 → 160×50', async () => {
    const t = terminal();
    const { dir } = launch(t, bench, 'cycle 120000');
    await t.waitFor((x) => x.includes('cycle 120,000/') && x.includes('5 Console'), 'the first frame');
    t.resize(80, 24);
    const rowsOf = (x: string): string[] => x.replace(/\n+$/, '').split('\n');
    let p = await t.waitFor((x) => x.includes('(no room: kernel)') && rowsOf(x)[0].includes('cycle 120,000/'), 'the 80×24 layout');
    expect(rowsOf(p).length).toBeLessThanOrEqual(24);
    expect(Math.max(...rowsOf(p).map((r) => [...r].length))).toBeLessThanOrEqual(80);
    expect(p).toContain('=>');
    t.resize(160, 50);
    p = await t.waitFor((x) => x.includes('3 Kernel') && x.includes('s11 '), 'the 160×50 layout');
    expect(p.split('\n')[0]).toContain('cycle 120,000/');
    await quitAndCheck(t, dir, 'Q');
  });

  it('jumps to faults (exception traps) and explains missing interrupts; Ctrl-C quits', async () => {
    const trace = recordTrace(ISA_ECALL);
    const t = terminal();
    const { dir } = launch(t, trace, 'cycle 0');
    await t.waitFor((x) => x.includes('cycle 0/933'), 'the first frame');
    t.keys('f');
    let p = await t.waitFor((x) => x.includes('cycle 38/'), 'next fault');
    expect(p).toContain('#0 trap at cycle 38: illegal instruction');
    t.keys('r');
    p = await t.waitFor((x) => x.includes('no next interrupt'), 'no interrupt');
    t.keys('g');
    await t.waitFor((x) => x.includes('go to:'), 'prompt');
    t.literal('event 6');
    t.keys('Enter');
    p = await t.waitFor((x) => x.includes('cycle 457/'), 'go to event 6');
    t.keys('F');
    p = await t.waitFor((x) => x.includes('cycle 393/'), 'previous fault');
    expect(p).toContain('ecall from S');
    await quitAndCheck(t, dir, 'C-c');
  });

  it('kernel traces: step back across a context switch to the previous thread, jump to the next IRQ', async (ctx) => {
    const image = KERNEL_IMAGES.find((i) => existsSync(join(ROOT, i)));
    if (image === undefined) ctx.skip('no system image built (examples/*/image.elf)');
    let trace = '';
    try { trace = recordTrace(image!); } catch (e) { ctx.skip(`${image} does not record yet: ${(e as Error).message.split('\n')[0]}`); }
    const r = ReplaySession.open(trace);
    const switches = r.events({ kind: 'schedule' }).filter((e) => e.event.kind === 'schedule' && e.event.from !== null && e.event.to !== null && e.event.from !== e.event.to);
    const names = new Map((r.db.prepare('SELECT id, name FROM threads').all() as { id: number; name: string }[]).map((x) => [x.id, x.name]));
    const irqs = r.events({ kind: 'irq' });
    r.close();
    if (switches.length < 2) ctx.skip(`${image}: fewer than two context switches recorded`);
    const sw = switches[1];
    const ev = sw.event.kind === 'schedule' ? sw.event : null;
    const t = terminal(160, 50);
    const { dir } = launch(t, trace, `event ${sw.id}`);
    // At the switch the new thread runs; one instruction back the previous one did.
    await t.waitFor((x) => x.includes(`running ${names.get(ev!.to!)}`), `thread ${ev!.to} running after the switch`);
    t.keys('Left');
    await t.waitFor((x) => x.includes(`running ${names.get(ev!.from!)}`), `thread ${ev!.from} running before the switch`);
    t.keys('s');
    await t.waitFor((x) => x.includes(`#${sw.id} schedule`), 'the switch again');
    if (irqs.some((e) => e.id > sw.id)) {
      t.keys('r');
      await t.waitFor((x) => /#\d+ irq at cycle \d+/.test(x), 'the next IRQ');
    }
    await quitAndCheck(t, dir, 'Q');
  });
});
