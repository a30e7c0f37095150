/** Parse `--at` specs: `cycle 120000`, `cycle:120000`, `120000`, `time 1.2ms`, `event 5123`, `symbol handle_irq`, `start`, `end`. */
import { parseCountText } from '../emulator/count-text.js';

export class SpecError extends Error {
  override readonly name = 'SpecError';
}

export type AtSpec =
  | { kind: 'cycle'; cycle: number }
  | { kind: 'time'; seconds: number }
  | { kind: 'event'; id: number }
  | { kind: 'symbol'; name: string }
  /** The first or the last cycle of the recording. */
  | { kind: 'start' | 'end' };

const VALID = "valid forms: 'cycle 120000', 'cycle:120000', '120000', 'cycle 50M', 'time 1.2ms' (s, ms, us, ns), 'event 5123', 'symbol handle_irq', 'symbol pd:name', 'start', 'end'";

export function parseAtSpec(words: string | string[]): AtSpec {
  const text = (Array.isArray(words) ? words.join(' ') : words).trim();
  const m = /^(?:(cycle|time|event|symbol)\s*[: ]\s*)?(.+)$/i.exec(text);
  if (m === null || text === '') throw new SpecError(`empty --at spec; ${VALID}`);
  if (/^(start|end)$/i.test(text)) return { kind: text.toLowerCase() as 'start' | 'end' };
  const kw = (m[1] ?? 'cycle').toLowerCase();
  const arg = m[2].trim();
  switch (kw) {
    case 'cycle': {
      const n = parseInt0(arg);
      if (n === null) throw new SpecError(`'${text}' is not a cycle number; ${VALID}`);
      return { kind: 'cycle', cycle: n };
    }
    case 'event': {
      const n = parseInt0(arg);
      if (n === null) throw new SpecError(`'${arg}' is not an event number; ${VALID}`);
      return { kind: 'event', id: n };
    }
    case 'time': {
      const t = /^(\d+(?:\.\d+)?)\s*(s|ms|us|µs|ns)$/i.exec(arg);
      if (t === null) throw new SpecError(`'${arg}' is not a time; ${VALID}`);
      const scale = { s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 }[t[2].toLowerCase() as 's'];
      return { kind: 'time', seconds: Number(t[1]) * scale };
    }
    default:
      if (!/^[A-Za-z_.$][\w.$:]*$/.test(arg)) throw new SpecError(`'${arg}' is not a symbol name; ${VALID}`);
      return { kind: 'symbol', name: arg };
  }
}

export { parseCountText };

const parseInt0 = parseCountText;
