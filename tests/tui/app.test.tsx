import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { ReplaySession } from '../../replay/session.js';
import { describeEvent } from '../../replay/describe.js';
import { Controller } from '../../tui/controller.js';
import { App } from '../../tui/components/App.js';
import { recordTrace, BENCH_SMALL } from './helpers.js';
import { KEY, until, frameSize, sleep } from './ink-helpers.js';
import { changedRegs, currentLine, eventRow, header, regCell, viewAt } from './truth.js';

/** The line of a frame containing `s`. */
const lineWith = (f: string, s: string): string => f.split('\n').find((l) => l.includes(s)) ?? '';
const AT = 120_000;

describe('the TUI on a recorded bare guest', () => {
  let r: ReplaySession;
  /** A second session on the same trace: the engine's answers to compare the screen with. */
  let ref: ReplaySession;
  let driver: Controller;
  beforeAll(() => {
    const trace = recordTrace(BENCH_SMALL);
    r = ReplaySession.open(trace);
    ref = ReplaySession.open(trace);
    driver = new Controller(r);
  });
  afterAll(() => { r.close(); ref.close(); });
  afterEach(() => cleanup());

  async function open(cols = 80, rows = 24, at = AT) {
    r.seek(at);
    const ui = render(<App driver={driver} size={{ cols, rows }} idleDelayMs={-1} />);
    await sleep(10); // let Ink subscribe to input
    const frame = () => ui.lastFrame() ?? '';
    const press = async (keys: string, ok: (f: string) => boolean, what: string): Promise<string> => {
      ui.stdin.write(keys);
      return until(frame, ok, what);
    };
    return { ui, frame, press };
  }

  it('fits 80×24 and shows registers, the current instruction and the cursor', async () => {
    const { frame } = await open();
    const v = viewAt(ref, (x) => x.seek(AT));
    const f = frame();
    expect(frameSize(f).rows).toBeLessThanOrEqual(23);
    expect(frameSize(f).cols).toBeLessThanOrEqual(80);
    expect(f).toContain(header(ref));
    expect(lineWith(f, '=>')).toMatch(currentLine(v));
    expect(f).toContain(regCell(v, 'pc'));
    expect(f).toContain(regCell(v, 'ra'));
    expect(f).toContain(`<${v.location}>`);
    expect(f).toMatch(new RegExp(` 1 Timeline .*cursor ${header(ref).split(' ')[1].split('/')[0]} \\(\\d`));
    expect(lineWith(f, 'hart')).toMatch(/^ hart +\.─+\|/);
    expect(f).toContain('(no room: kernel)');
    expect(f).toMatch(eventRow('·', ref.prevEvent()!)); // the last event before the cursor
  });

  it('← steps back one instruction and highlights the registers it undoes; → steps forward again', async () => {
    const { press } = await open();
    const here = viewAt(ref, (x) => x.seek(AT));
    const back = viewAt(ref, (x) => x.stepInstruction(-1));
    let f = await press(KEY.left, (x) => x.includes(header(ref)), 'step back');
    expect(lineWith(f, '=>')).toMatch(currentLine(back));
    const changed = changedRegs(here, back);
    expect(changed.length).toBeGreaterThan(0);
    for (const g of changed) expect(f).toContain(regCell(back, g, true));
    expect(f.match(/\* *[a-z0-9]+ [0-9a-f]{16}/g)?.length).toBe(changed.length);
    viewAt(ref, (x) => x.seek(AT));
    f = await press(KEY.right, (x) => x.includes(header(ref)), 'step forward');
    expect(lineWith(f, '=>')).toMatch(currentLine(here));
    for (const g of changed) expect(f).toContain(regCell(here, g, true));
    // Several keys in one read (typed while a frame computed) all count.
    viewAt(ref, (x) => { x.seek(AT); x.stepInstruction(-3); });
    await press(KEY.left + KEY.left + KEY.left, (x) => x.includes(header(ref)), 'three steps back');
  });

  it('n / N jump between events; the events pane marks where we are', async () => {
    const { press } = await open();
    ref.seek(AT);
    const next = ref.nextEvent()!;
    ref.gotoEvent(next);
    let f = await press('n', (x) => x.includes(header(ref)), 'next event');
    expect(f).toMatch(eventRow('>', next));
    expect(f).toContain(`#${next.id} ${next.kind} at cycle ${next.cycle}: ${describeEvent(next.event, (id) => `#${id}`)}`);
    const prev = ref.prevEvent()!;
    ref.gotoEvent(prev);
    f = await press('N', (x) => x.includes(header(ref)), 'previous event');
    expect(f).toMatch(eventRow('>', prev));
    await press('5', (x) => !x.includes('5 Console'), 'toggle console off');
    await press('5', (x) => x.includes('5 Console'), 'toggle console on');
  });

  it('bare images: kernel jumps explain themselves; the console shows output up to the cursor', async () => {
    const { press, frame } = await open(120, 40);
    const v = viewAt(ref, (x) => x.seek(AT));
    const f = await press('s', (x) => x.includes('no next context switch'), 'schedule jump');
    expect(f).toContain('(bare image: no kernel events)');
    expect(f).toContain('no kernel (bare image)');
    const firstLine = v.console.split('\n')[0];
    expect(firstLine.length).toBeGreaterThan(0);
    expect(frame()).toContain(firstLine.slice(0, 25));
    const end = viewAt(ref, (x) => x.seek(x.endCycle));
    const lastLine = end.console.trimEnd().split('\n').at(-1)!;
    expect(v.console).not.toContain(lastLine); // not yet printed at the cursor ...
    expect(frame()).not.toContain(lastLine.slice(0, 25));
    await press('>', (x) => x.includes(lastLine.slice(0, 25)), 'the end: all output'); // ... but at the end
  });

  it('g opens a go-to prompt that takes --at specs and reports bad ones', async () => {
    const { press } = await open();
    const c = Math.round(0.04e-3 * r.cyclesPerSecond);
    viewAt(ref, (x) => x.seek(c));
    let f = await press('g', (x) => x.includes('go to:'), 'prompt');
    expect(f).toContain('symbol NAME');
    await press('time 0.04ms', (x) => x.includes('go to: time 0.04ms'), 'typing');
    await press(KEY.enter, (x) => x.includes(header(ref)), 'goto');
    await press('g', (x) => x.includes('go to:'), 'prompt again');
    f = await press('event 99999' + KEY.enter, (x) => x.includes('does not exist'), 'bad event');
    expect(f).toContain(header(ref)); // did not move
    await press('g', (x) => x.includes('go to:'), 'prompt again');
    await press('xyz' + KEY.backspace + KEY.esc, (x) => !x.includes('go to:'), 'cancel');
  });

  it('? shows every key; any key closes it', async () => {
    const { press } = await open(); // 80×24: the whole table fits
    let f = await press('?', (x) => x.includes('Keys'), 'help');
    expect(frameSize(f).cols).toBeLessThanOrEqual(80);
    for (const s of ['step one instruction back', 'next/prev context switch', 'next/prev IPC, notification', 'next/prev syscall',
      'next/prev interrupt', 'next/prev fault, exception', 'go to (--at forms)', 'select thread', 'zoom timeline in / out',
      'toggle panes', '1 timeline  2 cpu  3 kernel  4 events  5 console', 'Q / Ctrl-C', 'symbol main']) expect(f).toContain(s);
    await press(KEY.esc, (x) => !x.includes('Keys'), 'help closed');
    await press('?', (x) => x.includes('Keys'), 'help');
    f = await press(KEY.right, (x) => !x.includes('Keys'), 'help closed by another key');
    viewAt(ref, (x) => x.seek(AT));
    expect(f).toContain(header(ref)); // that key only closed the help
  });

  it('+ / - zoom the timeline, 1-5 toggle panes, Tab moves the focus, z maximises', async () => {
    const { press } = await open();
    await press('+', (x) => x.includes('50k cyc/col'), 'zoom in');
    await press('++', (x) => x.includes('10k cyc/col'), 'zoom in twice');
    await press('-', (x) => x.includes('20k cyc/col'), 'zoom out');
    let f = await press('2', (x) => !x.includes('2 CPU'), 'cpu off');
    expect(f).not.toContain('=>');
    await press('2', (x) => x.includes('2 CPU'), 'cpu on');
    // Hiding the CPU moved the focus to the timeline; Tab brings it back.
    f = await press(KEY.tab + 'z', (x) => !x.includes('1 Timeline'), 'maximise cpu');
    expect(frameSize(f).rows).toBeLessThanOrEqual(23);
    f = await press('z' + KEY.tab + 'z', (x) => !x.includes('2 CPU') && x.includes('4 Events'), 'maximise events');
    expect(f.split('\n').filter((l) => /#\d+ +\d+ \w+/.test(l)).length).toBeGreaterThan(15);
  });

  it('Q quits and releases the terminal (raw mode off)', async () => {
    const { ui } = await open();
    expect(ui.stdin.listenerCount('readable')).toBe(1);
    ui.stdin.write('Q');
    await until(() => String(ui.stdin.listenerCount('readable')), (n) => n === '0', 'input released');
  });

  it('unknown keys say how to get help', async () => {
    const { press } = await open();
    await press('x', (x) => x.includes("no key 'x' (? lists the keys)"), 'hint');
  });

  it('uses larger terminals: 160×50 shows every pane and all registers', async () => {
    const { frame } = await open(160, 50);
    const f = frame();
    expect(frameSize(f).rows).toBe(49);
    for (const p of ['1 Timeline', '2 CPU', '3 Kernel', '4 Events', '5 Console']) expect(f).toContain(p);
    const v = viewAt(ref, (x) => x.seek(AT));
    for (const g of ['t6', 's11', 'ra', 'a0']) expect(f).toContain(regCell(v, g));
    expect(f).not.toContain('no room');
  });

  it('too small a terminal gets a message, not a broken screen', async () => {
    const { frame } = await open(30, 8);
    expect(frame().replace(/\s+/g, ' ')).toContain('is too small (need 40×10)');
  });
});
