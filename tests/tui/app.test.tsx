import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { ReplaySession } from '../../replay/session.js';
import { Controller } from '../../tui/controller.js';
import { App } from '../../tui/components/App.js';
import { recordTrace, BENCH_SMALL } from './helpers.js';
import { KEY, until, frameSize, sleep } from './ink-helpers.js';

/** The line of a frame containing `s`. */
const lineWith = (f: string, s: string): string => f.split('\n').find((l) => l.includes(s)) ?? '';

describe('the TUI on a recorded bare guest', () => {
  let r: ReplaySession;
  let driver: Controller;
  beforeAll(() => {
    r = ReplaySession.open(recordTrace(BENCH_SMALL));
    driver = new Controller(r);
  });
  afterAll(() => r.close());
  afterEach(() => cleanup());

  async function open(cols = 80, rows = 24, at = 120_000) {
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
    const f = frame();
    expect(frameSize(f).rows).toBeLessThanOrEqual(23);
    expect(frameSize(f).cols).toBeLessThanOrEqual(80);
    expect(f).toContain('cycle 120,000/5,077,100');
    expect(lineWith(f, '=>')).toMatch(/=>\s+80000c0c mulw a2,a2,t0/);
    expect(f).toContain(' a2 fffffffffffffc58');
    expect(f).toContain(' pc 0000000080000c0c');
    expect(f).toContain('<bench_run+0x346>');
    expect(f).toMatch(/ 1 Timeline .*cursor 120,000 \(1\.200 ms\)/);
    expect(lineWith(f, 'hart')).toMatch(/^ hart +\.─+\|/);
    expect(f).toContain('(no room: kernel)');
  });

  it('← steps back one instruction and highlights the register it undoes; → steps forward again', async () => {
    const { press } = await open();
    let f = await press(KEY.left, (x) => x.includes('cycle 119,999/'), 'step back');
    expect(lineWith(f, '=>')).toMatch(/80000c0a c\.addi a7,4/);
    expect(f).toContain('* a7 0000000080002f8c');
    f = await press(KEY.right, (x) => x.includes('cycle 120,000/'), 'step forward');
    expect(lineWith(f, '=>')).toMatch(/80000c0c mulw/);
    expect(f).toContain('* a7 0000000080002f90');
    // Several keys in one read (typed while a frame computed) all count.
    f = await press(KEY.left + KEY.left + KEY.left, (x) => x.includes('cycle 119,997/'), 'three steps back');
  });

  it('n / N jump between events; the events pane marks where we are', async () => {
    const { press } = await open();
    let f = await press('n', (x) => x.includes('cycle 5,076,798/'), 'next event');
    expect(f).toMatch(/>#30 +5076798 uart/);
    expect(f).toContain('#30 uart at cycle 5076798: console "c"');
    f = await press('N', (x) => x.includes('cycle 5,048/'), 'previous event');
    expect(f).toMatch(/>#29 +5048 uart/);
    // The console shows output up to the cursor only.
    f = await press('5', (x) => !x.includes('5 Console'), 'toggle console off');
    f = await press('5', (x) => x.includes('5 Console'), 'toggle console on');
  });

  it('bare images: kernel jumps explain themselves', async () => {
    const { press } = await open(120, 40);
    const f = await press('s', (x) => x.includes('no next context switch'), 'schedule jump');
    expect(f).toContain('(bare image: no kernel events)');
    expect(f).toContain('no kernel (bare image)');
    expect(f).toContain('seltrace bench: iterations=15');
  });

  it('g opens a go-to prompt that takes --at specs and reports bad ones', async () => {
    const { press } = await open();
    let f = await press('g', (x) => x.includes('go to:'), 'prompt');
    expect(f).toContain('symbol NAME');
    f = await press('time 0.04ms', (x) => x.includes('go to: time 0.04ms'), 'typing');
    f = await press(KEY.enter, (x) => x.includes('cycle 4,000/'), 'goto');
    f = await press('g', (x) => x.includes('go to:'), 'prompt again');
    f = await press('event 99999' + KEY.enter, (x) => x.includes('does not exist'), 'bad event');
    expect(f).toContain('cycle 4,000/');
    f = await press('g', (x) => x.includes('go to:'), 'prompt again');
    f = await press('xyz' + KEY.backspace + KEY.esc, (x) => !x.includes('go to:'), 'cancel');
  });

  it('? shows every key; any key closes it', async () => {
    const { press } = await open(100, 40);
    let f = await press('?', (x) => x.includes('Keys'), 'help');
    for (const s of ['step one instruction back', 'next / previous context switch', 'next / previous IPC', 'next / previous syscall',
      'next / previous interrupt', 'next / previous fault', 'go to: cycle N', 'select next / previous thread', 'zoom the timeline',
      'toggle timeline, cpu, kernel, events, console', 'quit (terminal restored)']) expect(f).toContain(s);
    f = await press(KEY.esc, (x) => !x.includes('Keys'), 'help closed');
    f = await press('?', (x) => x.includes('Keys'), 'help');
    f = await press(KEY.right, (x) => !x.includes('Keys'), 'help closed by another key');
    expect(f).toContain('cycle 120,000/'); // that key only closed the help
  });

  it('+ / - zoom the timeline, 1-5 toggle panes, Tab moves the focus, z maximises', async () => {
    const { press } = await open();
    let f = await press('+', (x) => x.includes('50k cyc/col'), 'zoom in');
    f = await press('++', (x) => x.includes('10k cyc/col'), 'zoom in twice');
    f = await press('-', (x) => x.includes('20k cyc/col'), 'zoom out');
    f = await press('2', (x) => !x.includes('2 CPU'), 'cpu off');
    expect(f).not.toContain('=>');
    f = await press('2', (x) => x.includes('2 CPU'), 'cpu on');
    // Hiding the CPU moved the focus to the timeline; Tab brings it back.
    f = await press(KEY.tab + 'z', (x) => !x.includes('1 Timeline'), 'maximise cpu');
    expect(frameSize(f).rows).toBeLessThanOrEqual(23);
    f = await press('z' + KEY.tab + 'z', (x) => !x.includes('2 CPU') && x.includes('4 Events'), 'maximise events');
    expect(f.split('\n').filter((l) => /uart/.test(l)).length).toBeGreaterThan(15);
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
    for (const g of ['t6 ', 's11 ', 'ra ']) expect(f).toContain(g);
    expect(f).not.toContain('no room');
  });

  it('too small a terminal gets a message, not a broken screen', async () => {
    const { frame } = await open(30, 8);
    expect(frame().replace(/\s+/g, ' ')).toContain('is too small (need 40×10)');
  });
});
