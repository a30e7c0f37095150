/**
 * Colours by meaning, not by name. Only ANSI colours that read on dark and light backgrounds
 * (no yellow/blue/white/black foregrounds); emphasis is bold/inverse, which every theme shows.
 * Ink's chalk honours FORCE_COLOR but not NO_COLOR, so NO_COLOR is applied here.
 */
export type Tone = 'plain' | 'good' | 'info' | 'bad' | 'accent' | 'muted';

export interface Style { color?: string; bold?: boolean; inverse?: boolean; dim?: boolean; }

/** https://no-color.org: present and not empty disables colour. */
export function colourEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['NO_COLOR'];
  return v === undefined || v === '';
}

const COLOURS: Record<Tone, string | undefined> = {
  plain: undefined, good: 'green', info: 'cyan', bad: 'red', accent: 'magenta', muted: undefined,
};

export function toneStyle(t: Tone, colour: boolean): Style {
  if (t === 'muted') return { dim: true };
  const c = COLOURS[t];
  return colour && c !== undefined ? { color: c } : {};
}
