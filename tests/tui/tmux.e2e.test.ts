/**
 * The real CLI in a real terminal: `seltrace replay <trace> --at cycle N` inside tmux, driven
 * with send-keys and read with capture-pane. Needs dist/ built (npm test's pretest does it).
 *
 * To add a recording: put its image in CASES (bare) or KERNEL_IMAGES (systems with threads);
 * recordTrace() records it with the CLI and returns the trace path.
 */
import { causeName } from '../../replay/describe.js';
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplaySession } from '../../replay/session.js';
import { recordTrace, CLI, ROOT, BENCH_SMALL, ISA_ECALL } from './helpers.js';
import { TmuxSession, tmuxPath } from './tmux.js';
import { requireTool } from '../helpers/tools.js';
import { changedRegs, currentLine, eventRow, fmt, header, regCell, viewAt } from './truth.js';

const TMUX = requireTool('tmux', tmuxPath() !== null) ? tmuxPath() : null;
const AT = 120_000;
/** Packed system images to scrub through once the kernel model runs them. */
const KERNEL_IMAGES = ['examples/realtime/image.elf', 'examples/client-server-driver/image.elf', 'examples/producer-consumer/image.elf', 'examples/hello/image.elf'];

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
  /** The header at AT, as the engine places it. */
  let benchAt = '';
  beforeAll(() => {
    bench = recordTrace(BENCH_SMALL);
    const ref = ReplaySession.open(bench);
    ref.seek(AT);
    benchAt = header(ref);
    ref.close();
  });
  afterEach(() => { while (sessions.length) sessions.pop()!.kill(); });

  it('opens at a cycle, steps back and forward, jumps between events, help, quits restoring the terminal', async () => {
    const ref = ReplaySession.open(bench);
    const here = viewAt(ref, (x) => x.seek(AT));
    const atHere = header(ref);
    const t = terminal();
    const { dir } = launch(t, bench, `cycle ${AT}`);
    let p = await t.waitFor((x) => x.includes(atHere), 'the first frame');
    expect(t.display('#{alternate_on}')).toBe('1');
    expect(line(p, '=>')).toMatch(currentLine(here));
    expect(p).toContain(regCell(here, 'sp'));
    for (const title of ['1 Timeline', '2 CPU', '4 Events', '5 Console']) expect(p).toContain(title);
    // Colour is on (TERM=screen in tmux) ...
    expect(t.capture(true)).toMatch(COLOUR_SGR);

    const back = viewAt(ref, (x) => x.stepInstruction(-1));
    t.keys('Left');
    p = await t.waitFor((x) => x.includes(header(ref)), 'step back');
    expect(line(p, '=>')).toMatch(currentLine(back));
    for (const g of changedRegs(here, back)) expect(p).toContain(regCell(back, g, true));
    t.keys('Right');
    await t.waitFor((x) => x.includes(atHere), 'step forward');

    ref.seek(AT);
    const next = ref.nextEvent()!;
    ref.gotoEvent(next);
    t.keys('n');
    p = await t.waitFor((x) => x.includes(header(ref)), 'next event');
    expect(p).toMatch(eventRow('>', next));
    const prev = ref.prevEvent()!;
    ref.gotoEvent(prev);
    t.keys('N');
    p = await t.waitFor((x) => x.includes(header(ref)), 'previous event');
    expect(p).toMatch(eventRow('>', prev));
    ref.close();

    t.keys('?');
    p = await t.waitFor((x) => x.includes('Keys'), 'help');
    expect(p).toContain('next/prev context switch');
    t.keys('Escape');
    await t.waitFor((x) => !x.includes('Keys') && x.includes('2 CPU'), 'help closed');

    await quitAndCheck(t, dir, 'Q');
  });

  it('NO_COLOR: no colour escapes, the same content', async () => {
    const t = terminal(120, 40, { NO_COLOR: '1' });
    const { dir } = launch(t, bench, `cycle ${AT}`);
    await t.waitFor((x) => x.includes(benchAt), 'the first frame');
    const raw = t.capture(true);
    expect(raw).not.toMatch(COLOUR_SGR);
    expect(raw).toContain('=>');
    expect(raw).toContain('\u001b[7m'); // inverse still marks the cursor
    await quitAndCheck(t, dir, 'q');
  });

  it('CI=true in a real terminal: the state as text (Ink would only draw a last frame), exit 0', async () => {
    const t = terminal(120, 40, { CI: 'true' });
    t.type(`cd ${ROOT}; node ${CLI} replay ${bench} --at cycle ${AT}; echo "seltrace-exit=$?"`);
    const p = await t.waitFor((x) => /seltrace-exit=\d+/.test(x), 'the process to exit');
    expect(p).toContain('seltrace-exit=0');
    expect(p).toContain('registers:');
    expect(p).not.toContain('1 Timeline');
    expect(t.display('#{alternate_on}')).toBe('0');
  });

  it('follows resizes: 120×40 → 80×24 → 160×50', async () => {
    const t = terminal();
    const { dir } = launch(t, bench, `cycle ${AT}`);
    await t.waitFor((x) => x.includes(benchAt) && x.includes('5 Console'), 'the first frame');
    t.resize(80, 24);
    const rowsOf = (x: string): string[] => x.replace(/\n+$/, '').split('\n');
    let p = await t.waitFor((x) => x.includes('(no room: kernel)') && rowsOf(x)[0].includes(benchAt), 'the 80×24 layout');
    expect(rowsOf(p).length).toBeLessThanOrEqual(24);
    expect(Math.max(...rowsOf(p).map((r) => [...r].length))).toBeLessThanOrEqual(80);
    expect(p).toContain('=>');
    t.resize(160, 50);
    p = await t.waitFor((x) => x.includes('3 Kernel') && x.includes('s11 '), 'the 160×50 layout');
    expect(p.split('\n')[0]).toContain(benchAt);
    await quitAndCheck(t, dir, 'Q');
  });

  it('jumps to faults (exception traps), explains missing interrupts, go-to prompt; Ctrl-C quits', async () => {
    const trace = recordTrace(ISA_ECALL);
    const ref = ReplaySession.open(trace);
    const traps = ref.events({ kind: 'trap' });
    const ev6 = ref.event(6)!;
    const faultBefore6 = [...traps].reverse().find((e) => e.id < 6 && e.event.kind === 'trap' && !e.event.interrupt)!;
    const at0 = `cycle 0/${fmt(ref.endCycle)}`;
    ref.gotoEvent(traps[0]);
    const atFirst = header(ref);
    ref.gotoEvent(ev6);
    const at6 = header(ref);
    ref.gotoEvent(faultBefore6);
    const atFault = header(ref);
    ref.close();
    const t = terminal();
    const { dir } = launch(t, trace, 'cycle 0');
    await t.waitFor((x) => x.includes(at0), 'the first frame');
    t.keys('f');
    let p = await t.waitFor((x) => x.includes(atFirst), 'next fault');
    const first = traps[0].event;
    expect(p).toContain(`#${traps[0].id} trap at cycle ${traps[0].cycle}: ${first.kind === 'trap' ? causeName(first.cause, first.interrupt) : '?'}`);
    t.keys('r');
    await t.waitFor((x) => x.includes('no next interrupt'), 'no interrupt');
    t.keys('g');
    await t.waitFor((x) => x.includes('go to:'), 'prompt');
    t.literal('event 6');
    t.keys('Enter');
    await t.waitFor((x) => x.includes(at6), 'go to event 6');
    t.keys('F');
    p = await t.waitFor((x) => x.includes(atFault), 'previous fault');
    expect(p).toMatch(eventRow('>', faultBefore6));
    await quitAndCheck(t, dir, 'C-c');
  });

  // Images are committed and must record: a failure here is a failure, never a skip.
  it('kernel traces: step back across a context switch to the previous thread, jump to the next IRQ', async (ctx) => {
    const image = KERNEL_IMAGES[0];
    expect(existsSync(join(ROOT, image)), `${image} (built by examples/build-all.sh, committed)`).toBe(true);
    const trace = recordTrace(image);
    const r = ReplaySession.open(trace);
    const names = new Map(r.threadList().map((x) => [x.id, x.name]));
    const switches = r.events({ kind: 'schedule' }).flatMap((e) => e.event.kind === 'schedule' && e.event.from !== null && e.event.to !== null &&
      e.event.from !== e.event.to ? [{ id: e.id, from: names.get(e.event.from)!, to: names.get(e.event.to)! }] : []);
    const irqAfter = (id: number): boolean => r.events({ kind: 'irq' }).some((e) => e.id > id);
    expect(switches.length, `${image}: context switches recorded`).toBeGreaterThanOrEqual(2);
    const sw = switches[1];
    const hasIrq = irqAfter(sw.id);
    r.close();
    const t = terminal(160, 50);
    const { dir } = launch(t, trace, `event ${sw.id}`);
    // At the switch event the machine is right before it: the old thread still runs.
    let p = await t.waitFor((x) => x.includes(`running ${sw.from}`), `${sw.from} running at the switch`);
    expect(p).toMatch(new RegExp(`>#${sw.id} +\\d+ schedule +switch ${sw.from} → ${sw.to}`));
    t.keys('Right');
    p = await t.waitFor((x) => x.includes(`running ${sw.to}`), `${sw.to} running after the switch`);
    expect(p).toMatch(new RegExp(`^\\*${sw.to} `, 'm')); // its timeline lane is marked running
    t.keys('Left');
    p = await t.waitFor((x) => x.includes(`running ${sw.from}`), `${sw.from} running again one instruction back`);
    t.keys('S');
    p = await t.waitFor((x) => /#\d+ schedule at cycle \d+: switch/.test(x), 'the previous context switch');
    if (hasIrq) {
      t.keys('r');
      await t.waitFor((x) => /#\d+ irq at cycle \d+/.test(x), 'the next IRQ');
    } else {
      ctx.annotate(`${image} has no IRQ events after #${sw.id}: IRQ jump not exercised`);
    }
    await quitAndCheck(t, dir, 'Q');
  });
});
