/**
 * Colour on and off. Ink's chalk decides its colour level when first imported, so force it on
 * before importing Ink here (this file runs in its own module graph).
 */
import { describe, it, expect, afterAll } from 'vitest';
import type { Line } from '../../tui/text.js';
import { colourEnabled, toneStyle } from '../../tui/theme.js';

const saved = process.env['FORCE_COLOR'];
process.env['FORCE_COLOR'] = '1';
const { render } = await import('ink-testing-library');
const { LineView } = await import('../../tui/components/LineView.js');
afterAll(() => { if (saved === undefined) delete process.env['FORCE_COLOR']; else process.env['FORCE_COLOR'] = saved; });

const line: Line = [{ text: 'running', tone: 'good' }, { text: ' fault', tone: 'bad', bold: true }, { text: ' now', inverse: true }];
// SGR colour codes: 30-37, 90-97 foregrounds, 38;… extended.
const COLOUR_SGR = /\u001b\[(3[0-8]|9[0-7])[;m]/;

describe('colours', () => {
  it('NO_COLOR (non-empty) turns colour off; FORCE_COLOR is left to chalk', () => {
    expect(colourEnabled({})).toBe(true);
    expect(colourEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ NO_COLOR: '' })).toBe(true);
  });

  it('only colours that read on dark and light backgrounds', () => {
    for (const t of ['plain', 'good', 'info', 'bad', 'accent', 'muted'] as const) {
      expect(['green', 'cyan', 'red', 'magenta', undefined]).toContain(toneStyle(t, true).color);
      expect(toneStyle(t, false).color).toBeUndefined();
    }
  });

  it('draws colour codes with colour, none without; bold and inverse stay', () => {
    const on = render(<LineView line={line} colour={true} />).lastFrame() ?? '';
    expect(on).toMatch(COLOUR_SGR);
    expect(on).toContain('\u001b[32m'); // green
    const off = render(<LineView line={line} colour={false} />).lastFrame() ?? '';
    expect(off).not.toMatch(COLOUR_SGR);
    expect(off).toContain('\u001b[1m'); // bold
    expect(off).toContain('\u001b[7m'); // inverse
    expect(off.replace(/\u001b\[[0-9;]*m/g, '')).toBe('running fault now');
  });
});
