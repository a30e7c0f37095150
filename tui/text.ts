/** Styled text lines as data, and fitting them to a width (panes are drawn from these). */
import { printable } from '../tracer/printable.js';
import type { Tone } from './theme.js';

export interface Seg { text: string; tone?: Tone; bold?: boolean; inverse?: boolean; }
export type Line = Seg[];

export const seg = (text: string, tone?: Tone, extra: { bold?: boolean; inverse?: boolean } = {}): Seg => ({ text, tone, ...extra });

export function lineText(l: Line): string {
  return l.map((s) => s.text).join('');
}

/**
 * One line as the terminal may see it: the CLI's escaping rule (tracer/printable.ts: `\x1b`,
 * `\r`), and within a line a tab is a blank and a newline an escape too, so text from a trace
 * never moves the cursor.
 */
export function clean(s: string): string {
  return printable(s.replace(/\t/g, ' ')).replace(/\n/g, '\\x0a');
}

/**
 * Cut a line to at most `width` columns (all our glyphs are one column wide). With `pad`, fill
 * it to exactly `width` (for columns that others follow); otherwise drop trailing plain blanks:
 * Ink handles every character it is given, so blanks at line ends only cost time.
 */
export function fit(l: Line, width: number, pad = false): Line {
  const out: Line = [];
  let left = width;
  for (const s of l) {
    if (left <= 0) break;
    const t = [...clean(s.text)];
    const take = t.length > left ? t.slice(0, left) : t;
    if (take.length > 0) out.push({ ...s, text: take.join('') });
    left -= take.length;
  }
  if (pad && left > 0) out.push({ text: ' '.repeat(left) });
  const m = merge(out);
  if (!pad) {
    const last = m[m.length - 1];
    if (last !== undefined && last.inverse !== true) {
      const text = last.text.trimEnd();
      if (text === '') m.pop(); else m[m.length - 1] = { ...last, text };
    }
  }
  return m;
}

/** Merge neighbouring segments of the same style: fewer Ink nodes and escape codes per frame. */
export function merge(l: Line): Line {
  const out: Line = [];
  for (const s of l) {
    if (s.text === '') continue;
    const p = out[out.length - 1];
    if (p !== undefined && (p.tone ?? 'plain') === (s.tone ?? 'plain') && !p.bold === !s.bold && !p.inverse === !s.inverse) out[out.length - 1] = { ...p, text: p.text + s.text };
    else out.push(s);
  }
  return out;
}

/** 1234567 → "1,234,567". */
export const num = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 1234567 → "1.23M" (axis labels). */
export function compact(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${+(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** Microseconds as a readable time. */
export function timeText(us: number): string {
  if (us >= 1e6) return `${(us / 1e6).toFixed(6)} s`;
  if (us >= 1e3) return `${(us / 1e3).toFixed(3)} ms`;
  return `${us.toFixed(2)} µs`;
}
