/** Words for a cause of a deadline miss, shared by `seltrace deadlines` and the TUI. */
import type { Cause, ChainLink } from './explain.js';
import type { Miss } from './deadlines.js';

/** What else a miss's report says besides its causes: releases lost into it, release jitter (`ms` formats cycles). */
export function missNotes(m: Miss, ms: (cycles: number) => string): string[] {
  const notes: string[] = [];
  if (m.folded > 0) notes.push(`${m.folded} later release${m.folded > 1 ? 's' : ''} folded into this one (signalled while it was still pending: the notification merges them — lost)`);
  if (m.releaseJitter !== null && m.releaseJitter !== 0) {
    notes.push(`release ${m.releaseJitter > 0 ? 'drifted' : 'came'} ${ms(Math.abs(m.releaseJitter))} ${m.releaseJitter > 0 ? 'after' : 'before'} previous release + period (release jitter)`);
  }
  return notes;
}

export function chainText(c: readonly ChainLink[]): string {
  return c.slice(1).map((l) => {
    let s = `${l.thread} (${l.priority}) ${l.state}`;
    if (l.by !== undefined) s += ` — CPU held by ${l.by} (${l.byPriority})`;
    if (l.entry !== undefined) s += ` — CPU in a kernel entry (${l.entry})`;
    if (l.irq !== undefined) s += ` waiting for IRQ ${l.irq}`;
    if (l.budgetOf !== undefined) s += ` on ${l.budgetOf}'s budget`;
    if (l.fault !== undefined) s += ` — stopped by its fault (${l.fault})`;
    return s;
  }).join(' ← ');
}

export function causeText(c: Cause): string {
  switch (c.kind) {
    case 'running': return `${c.thread} running`;
    case 'kernel': return `kernel entries (${c.entry ?? 'kernel'}${c.by !== null && c.by !== c.thread ? ` from ${c.by}` : ''})`;
    case 'interrupt': return `interrupt handling${c.by !== null ? ` (taken from ${c.by})` : ''}`;
    case 'preempted': return `ready, CPU held by ${c.by} (${c.byPriority})`;
    case 'throttled': return 'throttled: budget exhausted, waiting for the refill';
    case 'backlog': return `queued behind its previous job (the signal came while ${c.thread} was still handling the one before)`;
    case 'inversion': {
      const p = (n: string | null): string => { const l = c.chain.find((x) => x.thread === n); return l === undefined ? '' : ` (${l.priority})`; };
      return `PRIORITY INVERSION: ${c.thread} (${c.priority}) waits for ${c.waitsFor}${p(c.waitsFor)}` +
        `${c.heldOff !== c.waitsFor ? ` ← … ${c.heldOff}${p(c.heldOff)}` : ''}, kept off the CPU by ${c.by} (${c.byPriority})`;
    }
    case 'blocked': {
      const first = c.chain[0];
      const on = first?.irq !== undefined ? `IRQ ${first.irq}` : c.waitsFor ?? 'nobody (never woken in this window)';
      const tail = chainText(c.chain);
      return `blocked (${first?.state ?? 'waiting'}) on ${on}${tail !== '' ? `: ${tail}` : ''}`;
    }
  }
}
