/**
 * What the screen should show, asked of the replay engine directly (a second session), so
 * the tests follow the emulator's timing instead of hard-coding cycle numbers.
 */
import type { EventRow, ReplaySession } from '../../replay/session.js';
import { stateView, type StateView } from '../../replay/state-view.js';

export const fmt = (n: number): string => n.toLocaleString('en-US');
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The header's position text, e.g. "cycle 120,000/5,077,100". */
export const header = (r: ReplaySession): string => `cycle ${fmt(r.cycle)}/${fmt(r.endCycle)}`;

/** The marked (current) disassembly line of a state. */
export function currentLine(v: StateView): RegExp {
  const d = v.disasm.find((l) => l.current);
  if (d === undefined) throw new Error('no current disassembly line');
  return new RegExp(`=>\\s+${d.addr.toString(16)} ${esc(d.text.replace(/\t/g, ' '))}`);
}

/** How a register shows in the CPU pane: " a2 0000000080002c34", with a star if changed. */
export function regCell(v: StateView, name: string, changed = false): string {
  const g = v.regs.find((x) => x.name === name);
  if (g === undefined) throw new Error(`no register ${name}`);
  return `${changed ? '*' : ' '}${name.padStart(3)} ${g.value.slice(2)}`;
}

/** Registers (not pc) whose values differ between two states. */
export function changedRegs(a: StateView, b: StateView): string[] {
  return b.regs.filter((g, i) => g.name !== 'pc' && a.regs[i].value !== g.value).map((g) => g.name);
}

/** An events-pane row: mark ('>' at the cursor, '·' last before it), id, cycle, kind. */
export const eventRow = (mark: '>' | '·', e: EventRow): RegExp =>
  new RegExp(`${esc(mark)}#${e.id} +${e.cycle} ${e.kind === 'thread_state' ? 'state' : e.kind}`);

export function viewAt(r: ReplaySession, go: (r: ReplaySession) => void): StateView {
  go(r);
  return stateView(r);
}
