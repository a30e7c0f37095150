/**
 * `monitor` commands (qRcmd): seltrace's navigation from inside gdb. Each returns the text to
 * print; moving commands leave the target at the new point (gdb's register cache is then
 * stale: `maint flush register-cache`, or any step or continue, refreshes it).
 */
import type { RecordingTarget } from './target.js';
import { EVENT_KINDS, type EventKind } from '../../tracer/schema.js';
import { parseCountText } from '../../emulator/count-text.js';

const HELP = `seltrace monitor commands:
  monitor where                 cycle, instret, thread, pc and the last event
  monitor cycle N               go to cycle N (first instruction boundary at or after it)
  monitor instret N             go to the point where N instructions have retired
  monitor event N               go to event #N (as \`seltrace events\` numbers them)
  monitor next [KIND|event]     go to the next event (of a kind: ${EVENT_KINDS.join(', ')})
  monitor prev [KIND|event]     go to the previous event (of a kind)
  monitor pd [NAME|all]         breakpoints stop only in PD NAME (PDs share link addresses); all: in every PD
  monitor help                  this text
After a command that moves, run \`maint flush register-cache\` (or step) so gdb re-reads the state.
`;

const count = (s: string | undefined): number | null => (s === undefined ? null : parseCountText(s));

/** Settings a monitor command changes, kept by the stub for its connection. */
export interface MonitorSettings { breakPd: string | null; }

/** Run one monitor command line; returns the text for gdb's console. Never throws on bad input. */
export function runMonitor(t: RecordingTarget, line: string, settings: MonitorSettings = { breakPd: null }): string {
  const words = line.trim().split(/\s+/).filter((w) => w !== '');
  const [cmd, arg] = words;
  const moved = (what: string): string => `${what}\n${t.where()}\n`;
  switch (cmd) {
    case undefined: case 'help': return HELP;
    case 'where': return t.where() + '\n';
    case 'cycle': {
      const n = count(arg);
      if (n === null) return `monitor cycle: '${arg ?? ''}' is not a cycle count (examples: 120000, 0x1000, 5M)\n`;
      if (n > t.endCycle) return `monitor cycle: ${n} is past the end of the recording (cycle ${t.endCycle})\n`;
      t.seekCycle(n);
      return moved(`at cycle ${t.position().cycle}`);
    }
    case 'instret': {
      const n = count(arg);
      if (n === null) return `monitor instret: '${arg ?? ''}' is not a count\n`;
      t.seekInstret(n);
      return moved(`at instret ${t.position().instret}`);
    }
    case 'event': {
      const n = count(arg);
      const e = n === null ? undefined : t.event(n);
      if (e === undefined) return `monitor event: no event '${arg ?? ''}' in this recording\n`;
      t.gotoEvent(e);
      return moved(`at event #${e.id} ${e.kind} (cycle ${e.cycle})`);
    }
    case 'next': case 'prev': {
      let kinds: EventKind[] | undefined;
      if (arg !== undefined && arg !== 'event') {
        const ks = arg.split(',');
        const bad = ks.find((k) => !(EVENT_KINDS as readonly string[]).includes(k));
        if (bad !== undefined) return `monitor ${cmd}: unknown event kind '${bad}' (kinds: ${EVENT_KINDS.join(', ')})\n`;
        kinds = ks as EventKind[];
      }
      const e = cmd === 'next' ? t.nextEvent(kinds) : t.prevEvent(kinds);
      if (e === undefined) return `monitor ${cmd}: no ${cmd === 'next' ? 'later' : 'earlier'} ${arg ?? 'event'} in the recording\n`;
      t.gotoEvent(e);
      return moved(`at event #${e.id} ${e.kind} (cycle ${e.cycle})`);
    }
    case 'pd': {
      const pds = t.threads().map((x) => x.name);
      if (arg === undefined) return `breakpoints stop in ${settings.breakPd === null ? 'every PD' : `PD ${settings.breakPd} only`}\n`;
      if (!t.system) return 'monitor pd: a bare recording has no PDs\n';
      if (arg === 'all') { settings.breakPd = null; return 'breakpoints stop in every PD\n'; }
      if (!pds.includes(arg)) return `monitor pd: no PD '${arg}' (PDs: ${pds.join(', ')})\n`;
      settings.breakPd = arg;
      return `breakpoints stop in PD ${arg} only (\`monitor pd all\` undoes it)\n`;
    }
    default:
      return `monitor: unknown command '${cmd}' (try \`monitor help\`)\n`;
  }
}
